"""Relative column widths for a table that does not set its own (`Table.widths`).

Both writers lay tables out with fixed column widths (WeasyPrint's `table-layout: fixed`, Word's
`w:tblLayout fixed`): fast and the same in PDF and DOCX, but equal columns break a date or an amount
over two lines next to a column of two-digit period numbers. Each column gets at least the width of
its longest unbreakable piece (a date, an amount, an English word; a Chinese character breaks
anywhere) and otherwise room in proportion to its usual content. Widths are in ems of the table font.
"""

from __future__ import annotations

import re
import statistics

_WIDE = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_PIECE = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+")
_IS_WIDE = re.compile(rf"[{_WIDE}]")
PAD = 0.9  # cell padding, both sides, in ems


def em(text: str) -> float:
    """Rough width of `text` in ems: a Chinese character 1, anything else about half."""
    wide = len(_IS_WIDE.findall(text))
    return wide + 0.55 * (len(text) - wide)


def unbreakable(text: str) -> float:
    """Width of the longest piece of `text` a line cannot break inside."""
    return max((em(p) for p in _PIECE.findall(text)), default=0.0)


def column_widths(header, rows, ncols: int) -> list[float]:
    """Widths for `ncols` columns from the cells (objects with `.text` and `.colspan`) of a table."""
    least = [1.0] * ncols
    usual: list[list[float]] = [[] for _ in range(ncols)]
    for is_header, row in [(True, r) for r in header] + [(False, r) for r in rows]:
        col = 0
        for cell in row:
            span = getattr(cell, "colspan", 1)
            if span == 1 and col < ncols:
                text = getattr(cell, "text", str(cell))
                least[col] = max(least[col], unbreakable(text))
                if not is_header:
                    usual[col].append(em(text))
            col += span
    out = []
    for j in range(ncols):
        typical = statistics.median(usual[j]) if usual[j] else least[j]
        out.append(max(least[j], 0.5 * typical) + PAD)
    return out


def table_widths(t) -> list[float]:
    """A table's relative column widths: its own `widths` if it sets them, else `column_widths`."""
    ncols = len(t.align) or max((sum(c.colspan for c in r) for r in t.header + t.rows), default=1)
    if len(t.widths) == ncols:
        return [float(x) for x in t.widths]
    return column_widths(t.header, t.rows, ncols)
