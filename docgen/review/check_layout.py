"""Rules `layout-*` of `docgen check`: the typesetting faults a partner sees on the page, read from the
PDF itself (poppler's word boxes, which check reads once, and the ruled lines of the page content).

- `layout-broken-token`: a figure (amount, date, percentage) or an English word broken across two lines
  of one table cell (`14,000.0`/`0`, `2028-04-`/`26`, `Expecte`/`d`). Only table cells: prose wraps at
  spaces and hyphens, Chinese anywhere.
- `layout-caption`: a table's caption last on its page, the table starting on the next.
- `layout-lone-row`: a table carried over a page break with one row alone on the new page (a total, or
  its only data row).
- `layout-missing-glyph`: a glyph the fonts lack: shown as the font's .notdef (an empty box), or drawn
  from a font outside the project's (a fallback: the project's fonts lack the character).

A table is a box of ruled lines (both engines rule every cell); a cell is a box between them. Both PDF
engines and every layout read alike: the parallel layout's two columns are told apart by the tables'
own rules, not by the page's middle.

ENFORCED: the findings count like any other (exit 3). Set to False, check prints them as warnings and
does not count them: the switch for a change that leaves the sample packs unclean for a while.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from docgen.review.patterns import patterns
from docgen.review.pdfdraw import PageDrawing, page_drawings

ENFORCED = True  # every sample pack is clean in every layout with both engines

RULES = ("layout-broken-token", "layout-caption", "layout-lone-row", "layout-missing-glyph")
_P = patterns()["layout"]
FIGURE = re.compile(_P["figure"])           # a formatted figure: a break inside it is a broken figure
FIGURE_END = re.compile(_P["figure_end"])   # a line that ends inside a figure (`2028-04-`, `14,`)
WORD = re.compile(_P["word"])
WORD_END = re.compile("(?:" + _P["word"] + ")$")
ONE_LETTER = {w.lower() for w in _P["one_letter_words"]}  # a one-letter piece of a cell is a word only if it is one of these
TOL = 1.5  # pt: rules closer than this are one line (a border drawn twice, a thick rule beside a thin one)

_PAGE = re.compile(r'<page width="([0-9.]+)" height="([0-9.]+)">')
_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD = re.compile(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">(.*?)</word>', re.S)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Table:
    x0: float
    y0: float
    x1: float
    y1: float
    rows: list[float]                                   # the row boundaries, top to bottom
    verticals: list[tuple[float, float, float]]         # x, top, bottom
    cells: dict = field(default_factory=dict)           # (row, column) -> words

    def row_texts(self) -> list[str]:
        out = []
        for r in range(len(self.rows) - 1):
            words = sorted((w for (row, _c), ws in self.cells.items() if row == r for w in ws),
                           key=lambda w: (round(w.y0), w.x0))
            out.append(" ".join(w.text for w in words))
        return out


@dataclass
class Page:
    number: int
    width: float
    lines: list[list[Word]]       # poppler's lines, in its order
    tables: list[Table]
    drawing: PageDrawing
    body: list[list[Word]] = field(default_factory=list)  # lines outside tables, without running heads


# -------------------------------------------------------------------------------------------- reading
def project_font(name: str) -> bool:
    """A font of the project's families (docgen.writers.options), by a PDF's name for it in any spelling
    (`NotoSerifCJKsc-Regular`, `Noto-Serif-CJK-SC`)."""
    from docgen.writers.options import BODY_FONT, HEAD_FONT

    flat = re.sub(r"[^a-z0-9]", "", name.lower())
    return any(flat.startswith(re.sub(r"[^a-z0-9]", "", f.lower())) for f in (BODY_FONT, HEAD_FONT))


def read(data: bytes, bbox: str) -> list[Page]:
    """The pages of one PDF as the rules read them (run in check's reading threads)."""
    drawings = page_drawings(data, keep=project_font)
    pages = []
    for no, chunk in enumerate(bbox.split("<page ")[1:], 1):
        m = _PAGE.match("<page " + chunk)
        width = float(m.group(1)) if m else 595.3
        lines = [[Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(body)]
                 for body in _LINE.findall(chunk)]
        drawing = drawings[no - 1] if no <= len(drawings) else PageDrawing(0.0)
        pages.append(Page(no, width, [ln for ln in lines if ln], _tables(drawing.rules, lines), drawing))
    return pages


def _merge(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear segments (at, start, end) that touch, joined into one."""
    out: list[list[float]] = []
    for at, a, b in sorted(segments, key=lambda s: (round(s[0] / TOL), s[1])):
        if out and abs(out[-1][0] - at) < TOL and a <= out[-1][2] + TOL:
            out[-1][2] = max(out[-1][2], b)
        else:
            out.append([at, a, b])
    return [tuple(s) for s in out]


def _tables(rules, lines) -> list[Table]:
    hs = _merge([((y0 + y1) / 2, x0, x1) for x0, y0, x1, y1 in rules if y1 - y0 < 0.5 and x1 - x0 >= 4])
    vs = _merge([((x0 + x1) / 2, y0, y1) for x0, y0, x1, y1 in rules if x1 - x0 < 0.5 and y1 - y0 >= 4])
    # tables: the groups of horizontal and vertical rules that meet
    parent = list(range(len(hs) + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - TOL <= x <= hx1 + TOL and vy0 - TOL <= y <= vy1 + TOL:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    tables = []
    for h, v in groups.values():
        if len(h) < 2 or len({round(x) for x, _, _ in v}) < 2:
            continue  # a single rule, a column divider, an underline: not a table
        x0, x1 = min(a for _, a, _ in h), max(b for _, _, b in h)
        y0, y1 = min(y for y, _, _ in h), max(y for y, _, _ in h)
        rows: list[float] = []
        for y, a, b in sorted(h):
            if b - a >= 0.9 * (x1 - x0) and not (rows and y - rows[-1] < 2 * TOL):
                rows.append(y)
        if len(rows) >= 2:
            tables.append(Table(x0, y0, x1, y1, rows, sorted(v)))
    words = [w for line in lines for w in line]
    for t in tables:
        for w in words:
            if t.x0 <= w.cx <= t.x1 and t.y0 <= w.cy <= t.y1:
                row = bisect_right(t.rows, w.cy) - 1
                cols = sorted(x for x, a, b in t.verticals if a - TOL <= w.cy <= b + TOL)
                t.cells.setdefault((row, bisect_right(cols, w.cx)), []).append(w)
    return sorted(tables, key=lambda t: (t.y0, t.x0))


def _in_table(w: Word, tables: list[Table]) -> bool:
    return any(t.x0 <= w.cx <= t.x1 and t.y0 <= w.cy <= t.y1 for t in tables)


def _furniture(pages: list[Page]) -> set[str]:
    """Lines on at least half the pages once digits are masked: running heads and page numbers."""
    counts: Counter = Counter()
    for p in pages:
        counts.update({re.sub(r"\d+", "#", " ".join(w.text for w in ln)) for ln in p.lines})
    return {x for x, c in counts.items() if c * 2 >= len(pages)} if len(pages) >= 3 else set()


def _prepare(pages: list[Page]) -> None:
    furniture = _furniture(pages)
    for p in pages:
        p.body = [ln for ln in p.lines if re.sub(r"\d+", "#", " ".join(w.text for w in ln)) not in furniture
                  and not all(_in_table(w, p.tables) for w in ln)]


# ---------------------------------------------------------------------------------------- the rules
def _cell_lines(words: list[Word]) -> list[list[Word]]:
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines and abs(lines[-1][-1].cy - w.cy) < 0.5 * (w.y1 - w.y0):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w.x0) for ln in lines]


def _breaks(pages: list[Page]):
    """(page, cell text, last word of a line, first word of the next) for each line break inside a table cell."""
    for p in pages:
        for t in p.tables:
            for words in t.cells.values():
                lines = _cell_lines(words)
                text = " ".join(w.text for ln in lines for w in ln)
                for a, b in zip(lines, lines[1:]):
                    yield p.number, text, a[-1].text, b[0].text


def _broken(before: str, after: str, known) -> str:
    """What the line break between `before` and `after` (two words of a cell) splits, or ''."""
    if FIGURE_END.search(before) and after[:1].isdigit():
        return "a figure"
    if any(m.start() < len(before) < m.end() for m in FIGURE.finditer(before + after)):
        return "a figure"
    a, b = WORD_END.search(before.rstrip("-")), WORD.match(after)
    if a and b and (after[0].islower() or (a.group().isupper() and b.group().isupper())):
        whole = (a.group() + b.group()).lower()
        if known(whole) and not (known(a.group().lower()) and known(b.group().lower())):
            return "an English word"
    return ""


def check(readings: dict[str, list[Page]]):
    """(file, rule, message) for every PDF of a pack: {file name: its pages (`read`)}."""
    for pages in readings.values():
        _prepare(pages)
    breaks = {name: list(_breaks(pages)) for name, pages in readings.items()}
    # the pack's English words, less the pieces at line breaks in cells: a fragment is not a word
    words: Counter = Counter()
    for pages in readings.values():
        for p in pages:
            words.update(m.group().lower() for ln in p.lines for w in ln for m in WORD.finditer(w.text))
    for found in breaks.values():
        for _, _, a, b in found:
            for piece in (a, b):
                m = WORD.search(piece)
                if m:
                    words[m.group().lower()] -= 1

    def known(word: str) -> bool:
        return words.get(word, 0) > 0 and (len(word) > 1 or word in ONE_LETTER)

    for name, pages in sorted(readings.items()):
        for number, text, a, b in breaks[name]:
            what = _broken(a, b, known)
            if what:
                yield name, "layout-broken-token", (f"p. {number}: {what} broken across lines in a table cell: "
                                                    f"‘{a}’ / ‘{b}’ (cell: “{_short(text)}”)")
        yield from _captions(name, pages)
        yield from _lone_rows(name, pages)
        yield from _glyphs(name, pages)


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def _first_tables(p: Page) -> list[Table]:
    """The tables that open the page's body (no text above them in their width)."""
    return [t for t in p.tables
            if not any(ln[0].y1 <= t.y0 + TOL and _overlaps(ln, t) for ln in p.body)]


def _last_tables(p: Page) -> list[Table]:
    return [t for t in p.tables
            if not any(ln[0].y0 >= t.y1 - TOL and _overlaps(ln, t) for ln in p.body)]


def _overlaps(line: list[Word], t: Table) -> bool:
    return min(w.x0 for w in line) < t.x1 and max(w.x1 for w in line) > t.x0


def _same_columns(a: Table, b: Table) -> bool:
    return abs(a.x0 - b.x0) < 2 * TOL and abs(a.x1 - b.x1) < 2 * TOL


def _caption_heights(pages: list[Page]) -> set[float]:
    """The height of the captions the document sets right above their tables."""
    heights = set()
    for p in pages:
        for t in p.tables:
            above = [ln for ln in p.body if ln[0].y1 <= t.y0 + TOL and _overlaps(ln, t)]
            if above:
                ln = max(above, key=lambda ln: ln[0].y1)
                h = ln[0].y1 - ln[0].y0
                if t.y0 - ln[0].y1 < 1.5 * h and _centred(ln, t):
                    heights.add(round(h, 1))
    return heights


def _centred(line: list[Word], t: Table) -> bool:
    x0, x1 = min(w.x0 for w in line), max(w.x1 for w in line)
    return abs((x0 + x1) / 2 - (t.x0 + t.x1) / 2) < 3 and x1 - x0 < 0.8 * (t.x1 - t.x0)


def _captions(name: str, pages: list[Page]):
    heights = _caption_heights(pages)
    for prev, p in zip(pages, pages[1:]):
        for t in _first_tables(p):
            if any(_same_columns(t, t0) for t0 in _last_tables(prev)):
                continue  # carried over: its caption is on an earlier page
            last = [ln for ln in prev.body if _overlaps(ln, t)]
            if not last:
                continue
            ln = max(last, key=lambda ln: ln[0].y1)
            if not _centred(ln, t) or (heights and round(ln[0].y1 - ln[0].y0, 1) not in heights):
                continue
            if any(t0.y0 >= ln[0].y1 - TOL and _overlaps(ln, t0) for t0 in prev.tables):
                continue  # a table follows it on its own page
            yield name, "layout-caption", (f"p. {prev.number}: the caption “{_short(_text(ln))}” is last on its page; "
                                           f"its table starts on p. {p.number}")


def _lone_rows(name: str, pages: list[Page]):
    for i, (prev, p) in enumerate(zip(pages, pages[1:])):
        for t in _first_tables(p):
            before = next((t0 for t0 in _last_tables(prev) if _same_columns(t, t0)), None)
            if before is None:
                continue
            old, new = before.row_texts(), t.row_texts()
            head = 0
            while head < min(len(old), len(new)) and old[head] == new[head] and old[head]:
                head += 1
            body = new[head:]
            carried_on = i + 2 < len(pages) and t in _last_tables(p) and any(
                _same_columns(t, t2) for t2 in _first_tables(pages[i + 2]))
            if len(body) == 1 and not carried_on:
                yield name, "layout-lone-row", (f"p. {p.number}: one row of a table stands alone at the top of the "
                                                f"page: “{_short(body[0])}”; the table starts on an earlier page")


def _glyphs(name: str, pages: list[Page]):
    for p in pages:
        if p.drawing.notdefs:
            shown = ", ".join(sorted({f"‘{c}’ (U+{ord(c):04X})" if len(c) == 1 else (f"‘{c}’" if c else "?")
                                      for _, c in p.drawing.notdefs}))
            fonts = ", ".join(sorted({f for f, _ in p.drawing.notdefs}))
            yield name, "layout-missing-glyph", (f"p. {p.number}: {len(p.drawing.notdefs)} glyph(s) printed as empty "
                                                 f"boxes, lacking in {fonts}: {shown}")
        for font, chars in p.drawing.foreign:
            yield name, "layout-missing-glyph", (f"p. {p.number}: characters drawn from {font}, a font outside the "
                                                 f"project's (its fonts lack them): ‘{_short(chars, 30)}’")
