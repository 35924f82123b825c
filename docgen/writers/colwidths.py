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
_NARROW = set(" ,.:;'’‘()[]/-|!iljft")
PAD = 1.1  # cell padding (2 × 1.2 mm), rule and a margin, in ems
AVAILABLE = 56.0  # the text width (168 mm) in ems of the 8.5 pt table font


def em(text: str) -> float:
    """Width of `text` in ems, from Noto's advances: a Chinese character 1, a digit or lower-case letter
    about 0.56, a capital 0.65, narrow punctuation and spaces about 0.3."""
    total = 0.0
    for ch in text:
        if _IS_WIDE.match(ch):
            total += 1.0
        elif ch in _NARROW:
            total += 0.33
        elif ch.isupper():
            total += 0.65
        else:
            total += 0.56
    return total


def unbreakable(text: str) -> float:
    """Width of the longest piece of `text` a line cannot break inside."""
    return max((em(p) for p in _PIECE.findall(text)), default=0.0)


def column_widths(header, rows, ncols: int) -> list[float]:
    """Widths for `ncols` columns from the cells (objects with `.text` and `.colspan`) of a table.

    Figures come first: every column gets the width its body cells cannot break in (and half its
    usual content); room left over goes to header words that would otherwise split mid-word, then
    to every column in proportion."""
    body_least = [1.0] * ncols
    head_least = [0.0] * ncols
    usual: list[list[float]] = [[] for _ in range(ncols)]
    for is_header, row in [(True, r) for r in header] + [(False, r) for r in rows]:
        col = 0
        for cell in row:
            span = getattr(cell, "colspan", 1)
            if span == 1 and col < ncols:
                text = getattr(cell, "text", str(cell))
                if is_header:
                    head_least[col] = max(head_least[col], unbreakable(text))
                else:
                    body_least[col] = max(body_least[col], unbreakable(text))
                    usual[col].append(em(text))
            col += span
    widths = []
    for j in range(ncols):
        typical = statistics.median(usual[j]) if usual[j] else head_least[j]
        widths.append(max(body_least[j], 0.5 * typical) + PAD)
    spare = AVAILABLE - sum(widths)
    short = [max(0.0, head_least[j] + PAD - widths[j]) for j in range(ncols)]
    if spare > 0 and sum(short) > 0:
        k = min(1.0, spare / sum(short))
        widths = [w + k * d for w, d in zip(widths, short)]
    return widths


def table_widths(t) -> list[float]:
    """A table's relative column widths: its own `widths` if it sets them, else `column_widths`."""
    ncols = len(t.align) or max((sum(c.colspan for c in r) for r in t.header + t.rows), default=1)
    if len(t.widths) == ncols:
        return [float(x) for x in t.widths]
    return column_widths(t.header, t.rows, ncols)
