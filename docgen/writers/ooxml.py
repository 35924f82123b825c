"""Raw WordprocessingML helpers for the DOCX writer: the only place that builds XML by hand.

python-docx has no API for East Asian fonts, fields (PAGE, NUMPAGES, TOC, PAGEREF), bookmarks, internal
hyperlinks, table-header repetition or custom styles; these small functions build those elements so that
`docgen/writers/docx.py` reads as a walk over the tree.

Units: twips (1/20 pt) for lengths, half-points for font sizes, eighths of a point for borders.
"""

from __future__ import annotations

import functools
import hashlib
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


MM = 56.6929  # twips per millimetre
A4 = (11906, 16838)
MARGINS = dict(top=1361, right=1134, bottom=1134, left=1247, header=709, footer=567, gutter=0)
TEXT_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]  # 9525 twips = 168 mm


# ----------------------------------------------------------------------------- elements
_BLANK: dict[str, object] = {}  # tag -> an empty element of it, never changed, copied by `el`
_qn = functools.lru_cache(maxsize=None)(qn)


def el(tag: str, attrs: dict | None = None, *children) -> OxmlElement:
    """`el("w:jc", {"w:val": "center"})`; attribute names are prefixed names."""
    # copying an empty element is twice as fast as making one (a DOCX has ~100,000 of them), and the same
    blank = _BLANK.get(tag)
    if blank is None:
        blank = _BLANK[tag] = OxmlElement(tag)
    e = blank.__copy__()
    for k, v in (attrs or {}).items():
        e.set(_qn(k), str(v))
    for c in children:
        if c is not None:
            e.append(c)
    return e


def sub(parent, tag: str, attrs: dict | None = None):
    e = el(tag, attrs)
    parent.append(e)
    return e


def val(tag: str, v) -> OxmlElement:
    return el(tag, {"w:val": v})


# ----------------------------------------------------------------------------- runs and paragraphs
def run(text: str, *, bold=False, italic=False, underline=False, size: int | None = None,
        color: str | None = None, font: str | None = None):
    """A `w:r`; newlines become `w:br`."""
    r = el("w:r")
    if bold or italic or underline or size or color or font:
        rpr = sub(r, "w:rPr")
        if font:
            rpr.append(el("w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:eastAsia": font, "w:cs": font}))
        if bold:
            sub(rpr, "w:b")
            sub(rpr, "w:bCs")
        if italic:
            sub(rpr, "w:i")
        if color:
            rpr.append(val("w:color", color))
        if size:
            rpr.append(val("w:sz", size))
            rpr.append(val("w:szCs", size))
        if underline:
            rpr.append(val("w:u", "single"))
    for i, part in enumerate(str(text).split("\n")):
        if i:
            sub(r, "w:br")
        if part:
            t = sub(r, "w:t")
            t.text = part
            if part != part.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def paragraph(style: str | None = None, children=(), *, jc: str | None = None, keep_next=False,
              page_break_before=False, ind_left: int = 0, ind_hanging: int = 0, space_after: int | None = None,
              border_bottom: bool = False, tabs=()):
    """A `w:p` with a style id and optional direct paragraph formatting."""
    p = el("w:p")
    ppr = el("w:pPr")
    if style:
        ppr.append(val("w:pStyle", style))
    if keep_next:
        sub(ppr, "w:keepNext")
    if page_break_before:
        sub(ppr, "w:pageBreakBefore")
    if border_bottom:
        bdr = sub(ppr, "w:pBdr")
        bdr.append(el("w:bottom", {"w:val": "single", "w:sz": 4, "w:space": 1, "w:color": "000000"}))
    if tabs:
        ts = sub(ppr, "w:tabs")
        for kind, pos, leader in tabs:
            ts.append(el("w:tab", {"w:val": kind, "w:leader": leader, "w:pos": pos}))
    if space_after is not None:
        ppr.append(el("w:spacing", {"w:after": space_after}))
    if ind_left or ind_hanging:
        a = {"w:left": ind_left}
        if ind_hanging:
            a["w:hanging"] = ind_hanging
        ppr.append(el("w:ind", a))
    if jc:
        ppr.append(val("w:jc", jc))
    if len(ppr):
        p.append(ppr)
    for c in children:
        p.append(c)
    return p


def set_page_break_before(p) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:pageBreakBefore")) is None:
        # pageBreakBefore comes after pStyle, keepNext, keepLines in CT_PPr's sequence
        after = [ppr.find(qn(t)) for t in ("w:pStyle", "w:keepNext", "w:keepLines")]
        after = [a for a in after if a is not None]
        e = el("w:pageBreakBefore")
        if after:
            after[-1].addnext(e)
        else:
            ppr.insert(0, e)


def _ppr(p):
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    return ppr


def set_keep_next(p) -> None:
    ppr = _ppr(p)
    if ppr.find(qn("w:keepNext")) is None:
        style = ppr.find(qn("w:pStyle"))
        e = el("w:keepNext")
        if style is not None:
            style.addnext(e)
        else:
            ppr.insert(0, e)


def set_numbering(p, num_id: int, ilvl: int) -> None:
    """Direct list numbering of a paragraph (`w:numPr`), in its place in CT_PPr's sequence."""
    ppr = _ppr(p)
    old = ppr.find(qn("w:numPr"))
    if old is not None:
        ppr.remove(old)
    e = el("w:numPr", None, val("w:ilvl", ilvl), val("w:numId", num_id))
    before = [ppr.find(qn(t)) for t in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore",
                                         "w:framePr", "w:widowControl")]
    before = [b for b in before if b is not None]
    if before:
        before[-1].addnext(e)
    else:
        ppr.insert(0, e)


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def set_lang(e, tag: str) -> None:
    """`w:lang` on every run in `e` that has none: the language of its Latin text (`tag`), Chinese for
    its East Asian characters. A run with Latin letters in a Chinese block (a name, an account title) is
    English for its Latin text: tagged Chinese, LibreOffice breaks its words anywhere in a narrow cell."""
    w_rpr, w_lang, w_t = _qn("w:rPr"), _qn("w:lang"), _qn("w:t")
    for r in e.iter(_qn("w:r")):
        rpr = r.find(w_rpr)
        if rpr is None:
            rpr = el("w:rPr")
            r.insert(0, rpr)
        if rpr.find(w_lang) is None:
            text = "".join(t.text or "" for t in r.iter(w_t))
            latin = "en-US" if _LATIN_WORD.search(text) else tag
            rpr.append(el("w:lang", {"w:val": latin, "w:eastAsia": "zh-CN"}))


def table_style(tbl) -> str | None:
    s = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    return s.get(qn("w:val")) if s is not None else None


def spacer(*, page_break_before=False):
    """An all-but-invisible paragraph (1 pt): keeps two tables apart (Word merges touching tables) and
    carries a page break before a table (LibreOffice ignores `pageBreakBefore` inside a table cell)."""
    ppr = el("w:pPr")
    if page_break_before:
        sub(ppr, "w:pageBreakBefore")
    ppr.append(el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 20, "w:lineRule": "exact"}))
    rpr = sub(ppr, "w:rPr")
    rpr.append(val("w:sz", 2))
    rpr.append(val("w:szCs", 2))
    return el("w:p", None, ppr)


def page_break():
    return el("w:p", None, el("w:r", None, el("w:br", {"w:type": "page"})))


# ----------------------------------------------------------------------------- fields, links, bookmarks
def field(instr: str, cached: str = "", **run_kw) -> list:
    """The runs of a complex field (`PAGE`, `NUMPAGES`, `PAGEREF x \\h` …) with a cached result."""
    def fld(kind):
        return el("w:r", None, el("w:fldChar", {"w:fldCharType": kind}))

    ins = el("w:r")
    t = sub(ins, "w:instrText")
    t.text = f" {instr} "
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    out = [fld("begin"), ins, fld("separate")]
    if cached:
        out.append(run(cached, **run_kw))
    out.append(fld("end"))
    return out


def field_begin(instr: str) -> list:
    ins = el("w:r")
    t = sub(ins, "w:instrText")
    t.text = f" {instr} "
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [el("w:r", None, el("w:fldChar", {"w:fldCharType": "begin", "w:dirty": "true"})), ins,
            el("w:r", None, el("w:fldChar", {"w:fldCharType": "separate"}))]


def field_end() -> list:
    return [el("w:r", None, el("w:fldChar", {"w:fldCharType": "end"}))]


def hyperlink(anchor: str, runs) -> OxmlElement:
    """An internal link to a bookmark."""
    h = el("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})
    for r in runs:
        h.append(r)
    return h


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for a clause id: letters, digits, `_`; at most 40 characters; unique per id."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", anchor)[:28]
    return f"c_{clean}_{hashlib.sha1(anchor.encode()).hexdigest()[:8]}"


def add_bookmarks(p, names: list[str], first_id: int) -> int:
    """Wrap the content of paragraph `p` in bookmarks; returns the next free id."""
    ppr = p.find(qn("w:pPr"))
    pos = 1 if ppr is not None else 0
    i = first_id
    for name in names:
        p.insert(pos, el("w:bookmarkStart", {"w:id": i, "w:name": name}))
        pos += 1
        p.append(el("w:bookmarkEnd", {"w:id": i}))
        i += 1
    return i


# ----------------------------------------------------------------------------- tables
def table(widths: list[int], style: str | None, *, look_first_row=False, borders_none=False, indent: int = 0):
    """A fixed-layout `w:tbl` with its grid (widths in twips)."""
    tbl = el("w:tbl")
    pr = sub(tbl, "w:tblPr")
    if style:
        pr.append(val("w:tblStyle", style))
    pr.append(el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}))
    if indent:
        pr.append(el("w:tblInd", {"w:w": indent, "w:type": "dxa"}))
    if borders_none:
        b = sub(pr, "w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b.append(el(f"w:{side}", {"w:val": "nil"}))
    pr.append(el("w:tblLayout", {"w:type": "fixed"}))
    pr.append(el("w:tblLook", {"w:val": "0020" if look_first_row else "0000",
                               "w:firstRow": int(look_first_row), "w:lastRow": 0, "w:firstColumn": 0,
                               "w:lastColumn": 0, "w:noHBand": 1, "w:noVBand": 1}))
    grid = sub(tbl, "w:tblGrid")
    for w in widths:
        grid.append(el("w:gridCol", {"w:w": w}))
    return tbl


def row(*, header=False, cant_split=False, height: int | None = None, exact=False):
    tr = el("w:tr")
    if header or cant_split or height:
        pr = sub(tr, "w:trPr")
        if cant_split:
            sub(pr, "w:cantSplit")
        if height:
            pr.append(el("w:trHeight", {"w:val": height, "w:hRule": "exact" if exact else "atLeast"}))
        if header:
            sub(pr, "w:tblHeader")
    return tr


def cell(width: int, *, span: int = 1, top_rule: bool = False, valign: str | None = None, dashed_box=False,
         fill: str | None = None):
    tc = el("w:tc")
    pr = sub(tc, "w:tcPr")
    pr.append(el("w:tcW", {"w:w": width, "w:type": "dxa"}))
    if span > 1:
        pr.append(val("w:gridSpan", span))
    if top_rule or dashed_box:
        b = sub(pr, "w:tcBorders")
        if dashed_box:
            for side in ("top", "left", "bottom", "right"):
                b.append(el(f"w:{side}", {"w:val": "dashed", "w:sz": 6, "w:space": 0, "w:color": "888888"}))
        else:
            b.append(el("w:top", {"w:val": "single", "w:sz": 12, "w:space": 0, "w:color": "000000"}))
    if fill:
        pr.append(el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill}))
    if valign:
        pr.append(val("w:vAlign", valign))
    return tc


def ensure_cell_paragraph(tc) -> None:
    """A cell must end with a paragraph."""
    if tc.find(qn("w:p")) is None or tc[-1].tag != qn("w:p"):
        tc.append(el("w:p"))


# ----------------------------------------------------------------------------- sections, settings
def set_section(sect_pr, *, title_page: bool) -> None:
    """A4 portrait, docgen margins; a different first page (the cover) when `title_page`."""
    for tag in ("w:pgSz", "w:pgMar"):
        old = sect_pr.find(qn(tag))
        if old is not None:
            sect_pr.remove(old)
    pg = el("w:pgSz", {"w:w": A4[0], "w:h": A4[1]})
    mar = el("w:pgMar", {f"w:{k}": v for k, v in MARGINS.items()})
    # CT_SectPr order: headerReference*, footerReference*, …, pgSz, pgMar, …, titlePg, …
    refs = [c for c in sect_pr if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    if refs:
        refs[-1].addnext(pg)
    else:
        sect_pr.insert(0, pg)
    pg.addnext(mar)
    tp = sect_pr.find(qn("w:titlePg"))
    if title_page and tp is None:
        tp = el("w:titlePg")
        # after cols/docGrid … keep it simple: before docGrid if present, else at the end
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is not None:
            grid.addprevious(tp)
        else:
            sect_pr.append(tp)
    elif not title_page and tp is not None:
        sect_pr.remove(tp)


def set_update_fields(settings_el) -> None:
    """Ask Word to refresh fields (the contents, page references) when it opens the file."""
    if settings_el.find(qn("w:updateFields")) is not None:
        return
    e = val("w:updateFields", "true")
    # CT_Settings order: … w:doNotTrackMoves, w:doNotTrackFormatting, w:documentProtection, …,
    # w:defaultTabStop … updateFields sits before w:hdrShapeDefaults/w:footnotePr … and after w:zoom etc.
    anchor = None
    for tag in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids"):
        anchor = settings_el.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(e)
    else:
        settings_el.append(e)


def set_theme_font_lang(settings_el) -> None:
    t = settings_el.find(qn("w:themeFontLang"))
    if t is not None:
        t.set(qn("w:eastAsia"), "zh-CN")
