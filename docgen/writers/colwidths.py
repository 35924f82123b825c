"""Column widths of data tables, shared by the WeasyPrint, Typst and DOCX writers (`table_plan`).

All writers lay tables out with fixed column widths (WeasyPrint's `table-layout: fixed`, Word's
`w:tblLayout fixed`, Typst's absolute columns): fast and alike in PDF and DOCX, but a column narrower
than a date, an amount or an English word breaks it over two lines (`14,000.0`/`0`, `Principa`/`l`).
So every column is at least as wide as the longest piece of its cells that a line cannot break
inside (`pieces`), measured with the real glyph advances of the font it is printed in
(`docgen.writers.font_metrics`): body cells in the serif, bold cells and total rows in the bold serif,
header cells in the bold sans (PDF). Header cells wrap at spaces and between Chinese characters,
never inside a word.

Room beyond those minimums goes to the columns in proportion to the table's own relative widths
(`Table.widths`, a preference now, not a rule) or else to their usual content. A table whose
minimums do not fit the text width is set smaller, step by step down to `Geometry.min_pt`; if it still
does not fit, on a landscape page at the base size and then smaller again. Only a table that fits none
of these (none in the sample packs) is squeezed, and the plan says so (`Plan.fits`).
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from docgen.writers.font_metrics import width as em_width

PT_MM = 25.4 / 72
SAFETY = 1.02  # 2 %: shaping and rounding in the engines (measured: advances overstate kerned words by ≤ 0.4 %)

# UAX #14 in brief: no line starts with a closing mark nor ends with an opening one; a line may break
# between two Chinese characters, between Chinese and Latin, and after a hyphen or a slash that is not
# followed by a digit ("Cash-" / "Flow", "Senior/" / "Mezzanine", never "2028-04-" / "25" nor "ACT/" /
# "365"); inside a run of Latin letters, digits and ASCII punctuation (an amount, a date, "(RMB") it
# breaks nowhere. Pango and Typst both break there.
# opening brackets and quotes (full-width and ASCII): a line never ends with one
_OPEN = "\uff08\u300c\u300e\u300a\u3008\u3010\u3014\u201c\u2018([{"
# closing brackets and quotes, Chinese and ASCII punctuation, per cent: a line never starts with one
_CLOSE = "\uff09\u300d\u300f\u300b\u3009\u3011\u3015\u201d\u2019\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01%)]}\u2026\u00b7,.;:?!"
_BREAK_AFTER = "-\u2010/"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _breaks_between(a: str, b: str) -> bool:
    if b in _CLOSE or a in _OPEN:
        return False
    if _wide(a) or _wide(b):
        return True
    return (a in _BREAK_AFTER and not b.isdigit()) or a in "\u2013\u2014"


def pieces(text: str) -> list[str]:
    """The pieces of `text` that a line cannot break inside."""
    out = []
    for word in str(text).split():
        cur = word[0]
        for a, b in zip(word, word[1:]):
            if _breaks_between(a, b):
                out.append(cur)
                cur = ""
            cur += b
        out.append(cur)
    return out


@lru_cache(maxsize=1 << 16)  # a pack repeats its labels, dates and amounts in table after table
def unbreakable(text: str, face: str = "serif") -> float:
    """Width in ems of `face` of the longest piece of `text` a line cannot break inside."""
    return max((em_width(p, face) for p in pieces(text)), default=0.0)


@dataclass(frozen=True)
class Geometry:
    """Where and how a writer prints a table: the text width, the font sizes it may use, the padding and
    rules of one cell, and the faces of header and body."""

    width_mm: float = 168.0  # A4 less the margins of pdf.css / ooxml.MARGINS
    font_pt: float = 8.5
    min_pt: float = 7.0
    step_pt: float = 0.5
    pad_mm: float = 2 * 1.2 + 0.4 * PT_MM  # padding both sides and one rule (pdf.css `table.dt td`)
    head_face: str = "sans-bold"
    body_face: str = "serif"
    bold_face: str = "serif-bold"
    landscape_mm: float | None = 297.0 - 22.0 - 20.0  # the text width of a landscape page; None: never turn

    def half(self) -> Geometry:
        """The geometry of one side of the parallel layout's two columns (pdf.css `table.par`: 4 mm gutter)."""
        return Geometry(**{**self.__dict__, "width_mm": (self.width_mm - 8.0) / 2, "landscape_mm": None})


PDF = Geometry()
# Word: TableText 9 pt, cell margins 68 twips a side (docx_styles), headers bold in the body face; the
# DOCX is one portrait section (a landscape table would need section breaks a lawyer then has to manage)
DOCX = Geometry(font_pt=9.0, pad_mm=2 * 68 / 56.7, head_face="serif-bold", landscape_mm=None)


@dataclass(frozen=True)
class Plan:
    """How to print one table: column widths in mm (summing to the width used), the font size, and
    whether the table takes a landscape page. `fits` is False only when no plan keeps every piece whole."""

    widths: tuple[float, ...]
    font_pt: float
    landscape: bool = False
    fits: bool = True


@dataclass(frozen=True)
class _Needs:
    body: list[float]  # ems: the longest unbreakable piece of each column's cells
    spans: list[tuple[int, int, float]]  # (first column, columns, ems) of cells across several columns
    usual: list[float]  # ems: the median one-line width of each column's body cells


@lru_cache(maxsize=1 << 16)
def _line_width(text: str, face: str) -> float:
    """Width in ems of the longest line of `text` set without breaks."""
    return max((em_width(line, face) for line in text.split("\n")), default=0.0)


def _cell_text(c) -> tuple[str, int, bool]:
    if isinstance(c, str) or c is None:
        return c or "", 1, False
    return getattr(c, "text", str(c)), max(1, getattr(c, "colspan", 1)), bool(getattr(c, "bold", False))


def _needs(header, rows, ncols: int, total_rows: int, g: Geometry) -> _Needs:
    least = [0.0] * ncols
    usual: list[list[float]] = [[] for _ in range(ncols)]
    spans = []
    first_total = len(rows) - total_rows
    rows = [(g.head_face, r) for r in header] + [
        (g.bold_face if i >= first_total else g.body_face, r) for i, r in enumerate(rows)]
    for face, row in rows:
        col = 0
        for c in row:
            text, span, bold = _cell_text(c)
            f = g.bold_face if bold and face == g.body_face else face
            need = unbreakable(text, f)
            if span == 1 and col < ncols:
                least[col] = max(least[col], need)
                if face != g.head_face:
                    usual[col].append(_line_width(text, f))
            elif span > 1:
                spans.append((col, span, need))
            col += span
    return _Needs(least, spans, [statistics.median(u) if u else 0.0 for u in usual])


def _minimums(n: _Needs, pt: float, g: Geometry) -> list[float]:
    """The narrowest width in mm of each column at `pt` points."""
    mm = pt * PT_MM * SAFETY
    mins = [e * mm + g.pad_mm for e in n.body]
    for start, span, e in n.spans:
        cols = range(start, min(start + span, len(mins)))
        short = e * mm + g.pad_mm - sum(mins[j] for j in cols)
        if short > 0 and cols:
            for j in cols:
                mins[j] += short / len(cols)
    return mins


def fill(mins: list[float], prefs: list[float], total: float) -> list[float]:
    """Widths summing to `total`: each column max(its minimum, λ × its preference), λ found by bisection
    (the share of a column that needs more than its preference is taken from the others)."""
    if not mins:
        return []
    spare = total - sum(mins)
    if spare <= 0 or not any(p > 0 for p in prefs):
        extra = max(spare, 0.0) / len(mins)
        return [m + extra for m in mins]
    lo, hi = 0.0, total / min(p for p in prefs if p > 0)
    for _ in range(60):
        lam = (lo + hi) / 2
        if sum(max(m, lam * p) for m, p in zip(mins, prefs)) > total:
            hi = lam
        else:
            lo = lam
    widths = [max(m, lo * p) for m, p in zip(mins, prefs)]
    widths[-1] += total - sum(widths)  # the bisection's last hundredth of a millimetre
    return widths


def _sizes(g: Geometry) -> list[float]:
    out, pt = [], g.font_pt
    while pt >= g.min_pt - 1e-9:
        out.append(round(pt, 2))
        pt -= g.step_pt
    return out


def plan(header, rows, ncols: int, *, total_rows: int = 0, hints=(), g: Geometry = PDF) -> Plan:
    """The plan for a table of `ncols` columns from its header and body rows (cells with `.text`,
    `.colspan`, `.bold`); `hints` are the table's own relative widths, if any."""
    n = _needs(header, rows, ncols, total_rows, g)
    if len(hints) == ncols and sum(hints) > 0:
        prefs = [float(h) for h in hints]
    else:
        prefs = [max(u, b) for u, b in zip(n.usual, n.body)]
    pages = [(g.width_mm, False)] + ([(g.landscape_mm, True)] if g.landscape_mm else [])
    for width, landscape in pages:
        for pt in _sizes(g):
            mins = _minimums(n, pt, g)
            if sum(mins) <= width:
                return Plan(tuple(fill(mins, prefs, width)), pt, landscape)
    # nothing fits: the smallest size on the widest page, every column cut back in proportion
    width, landscape = pages[-1]
    mins = _minimums(n, g.min_pt, g)
    k = width / sum(mins)
    return Plan(tuple(m * k for m in mins), g.min_pt, landscape, fits=False)


def ncols_of(t) -> int:
    return len(t.align) or max((sum(getattr(c, "colspan", 1) for c in r) for r in t.header + t.rows), default=1)


def table_plan(t, g: Geometry = PDF) -> Plan:
    """The plan of a layout-tree `Table` for a writer of geometry `g`."""
    return plan(t.header, t.rows, ncols_of(t), total_rows=t.total_rows, hints=t.widths, g=g)


def table_widths(t, g: Geometry = PDF) -> list[float]:
    """A table's column widths in mm (`table_plan(t, g).widths`): relative widths for a writer that
    only needs proportions."""
    return list(table_plan(t, g).widths)
