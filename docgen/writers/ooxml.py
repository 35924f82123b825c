"""Raw WordprocessingML helpers for the DOCX writer: the only place that builds XML by hand.

python-docx has no API for East Asian fonts, fields (PAGE, NUMPAGES, TOC, PAGEREF), bookmarks, internal
hyperlinks, table-header repetition or custom styles; these small functions build those elements so that
`docgen/writers/docx.py` reads as a walk over the tree.

Units: twips (1/20 pt) for lengths, half-points for font sizes, eighths of a point for borders.
"""

from __future__ import annotations

import hashlib
import re

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from docgen.writers.options import BODY_FONT, HEAD_FONT  # noqa: F401  (the fonts of docgen's own styles)

MM = 56.6929  # twips per millimetre
A4 = (11906, 16838)
MARGINS = dict(top=1361, right=1134, bottom=1134, left=1247, header=709, footer=567, gutter=0)
TEXT_WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]  # 9525 twips = 168 mm


# ----------------------------------------------------------------------------- elements
def el(tag: str, attrs: dict | None = None, *children) -> OxmlElement:
    """`el("w:jc", {"w:val": "center"})`; attribute names are prefixed names."""
    e = OxmlElement(tag)
    for k, v in (attrs or {}).items():
        e.set(qn(k), str(v))
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


# ----------------------------------------------------------------------------- fonts, styles, settings
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr, font: str) -> None:
    """Latin, East Asian and complex-script font of a `w:rPr`, theme fonts removed."""
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = el("w:rFonts")
        rpr.insert(0, rf)
    for a in THEME_ATTRS:
        rf.attrib.pop(qn(a), None)
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rf.set(qn(a), font)


def set_east_asian_defaults(styles_el, font: str = BODY_FONT, size: int = 21) -> None:
    """docDefaults: body font for every script, size, `w:lang w:eastAsia="zh-CN"`, tight paragraph spacing."""
    dd = styles_el.find(qn("w:docDefaults"))
    if dd is None:
        dd = el("w:docDefaults")
        styles_el.insert(0, dd)
    rd = dd.find(qn("w:rPrDefault"))
    if rd is None:
        rd = sub(dd, "w:rPrDefault")
    rpr = rd.find(qn("w:rPr"))
    if rpr is None:
        rpr = sub(rd, "w:rPr")
    set_fonts(rpr, font)
    for tag in ("w:sz", "w:szCs", "w:lang"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    rpr.append(val("w:sz", size))
    rpr.append(val("w:szCs", size))
    rpr.append(el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}))
    pd = dd.find(qn("w:pPrDefault"))
    if pd is not None:
        dd.remove(pd)
    dd.append(parse_xml(f'<w:pPrDefault {nsdecls("w")}><w:pPr><w:spacing w:after="0" w:line="312" '
                        f'w:lineRule="auto"/></w:pPr></w:pPrDefault>'))


def lang_east_asian(rpr) -> None:
    old = rpr.find(qn("w:lang"))
    if old is not None:
        rpr.remove(old)
    rpr.append(el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN"}))


def _pstyle(sid, name, based="Normal", *, ppr="", rpr="", nxt=None, outline=None, ui=None, qformat=True,
            kind="paragraph"):
    ol = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    return (
        f'<w:style {nsdecls("w")} w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based}"/>' if based else "")
        + (f'<w:next w:val="{nxt}"/>' if nxt else "")
        + (f'<w:uiPriority w:val="{ui}"/>' if ui is not None else "")
        + ("<w:qFormat/>" if qformat else "")
        + (f"<w:pPr>{ppr}{ol}</w:pPr>" if (ppr or ol) else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


def _fonts(font):
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def _head_rpr(size):
    return f'{_fonts(HEAD_FONT)}<w:b/><w:bCs/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'


_TABS_TOC = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
_KEEP = "<w:keepNext/><w:keepLines/>"

# (style id, XML). Heading N are the real outline headings (contents, navigation pane); "Heading N
# Unlisted" look the same but stay out of the contents (the English twin of a bilingual heading,
# sub-clauses that the PDF contents leave out too).
STYLES: list[tuple[str, str]] = [
    ("Normal", _pstyle("Normal", "Normal", based=None, ppr='<w:jc w:val="both"/>')),
    ("BodyText", _pstyle("BodyText", "Body Text", ppr='<w:spacing w:after="100"/><w:jc w:val="both"/>', ui=99)),
    ("BodyTextSmall", _pstyle("BodyTextSmall", "Body Text Small", based="BodyText",
                              rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>')),
    ("Quote", _pstyle("Quote", "Quote", based="BodyText", ppr='<w:ind w:left="567" w:right="567"/>')),
    ("Title", _pstyle("Title", "Title", ppr='<w:spacing w:before="2400" w:after="240" w:line="360" w:lineRule="auto"/>'
                      '<w:jc w:val="center"/>', rpr=_head_rpr(44), nxt="Subtitle", ui=10)),
    ("Subtitle", _pstyle("Subtitle", "Subtitle", ppr='<w:spacing w:after="1200"/><w:jc w:val="center"/>',
                         rpr=f'{_fonts(HEAD_FONT)}<w:sz w:val="28"/><w:szCs w:val="28"/>', ui=11)),
    ("CoverLine", _pstyle("CoverLine", "Cover Line", ppr='<w:spacing w:after="160"/><w:jc w:val="center"/>',
                          rpr='<w:sz w:val="22"/><w:szCs w:val="22"/>')),
    ("Heading1", _pstyle("Heading1", "heading 1", ppr=f'{_KEEP}<w:spacing w:before="240" w:after="120"/>'
                         '<w:jc w:val="center"/>', rpr=_head_rpr(26), nxt="BodyText", outline=0, ui=9)),
    ("Heading2", _pstyle("Heading2", "heading 2", ppr=f'{_KEEP}<w:spacing w:before="180" w:after="100"/>'
                         '<w:jc w:val="left"/>', rpr=_head_rpr(23), nxt="BodyText", outline=1, ui=9)),
    ("Heading3", _pstyle("Heading3", "heading 3", ppr=f'{_KEEP}<w:spacing w:before="120" w:after="80"/>'
                         '<w:jc w:val="left"/>', rpr=_head_rpr(21), nxt="BodyText", outline=2, ui=9)),
    ("Heading1Unlisted", _pstyle("Heading1Unlisted", "Heading 1 Unlisted", based="Heading1", outline=9)),
    ("Heading2Unlisted", _pstyle("Heading2Unlisted", "Heading 2 Unlisted", based="Heading2", outline=9)),
    ("Heading3Unlisted", _pstyle("Heading3Unlisted", "Heading 3 Unlisted", based="Heading3", outline=9)),
    ("Caption", _pstyle("Caption", "caption", ppr='<w:keepNext/><w:spacing w:before="120" w:after="60"/>'
                        '<w:jc w:val="center"/>', rpr=_head_rpr(19), ui=35)),
    ("FigureCaption", _pstyle("FigureCaption", "Figure Caption", based="Caption",
                              ppr='<w:keepNext w:val="0"/><w:spacing w:before="40" w:after="160"/>')),
    ("TableText", _pstyle("TableText", "Table Text", ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
                          '<w:jc w:val="left"/>', rpr='<w:sz w:val="17"/><w:szCs w:val="17"/>')),
    ("TableNote", _pstyle("TableNote", "Table Note", based="TableText", ppr='<w:spacing w:after="160"/>',
                          rpr='<w:sz w:val="16"/><w:szCs w:val="16"/>')),
    ("TOCHeading", _pstyle("TOCHeading", "TOC Heading", based="Heading1", outline=9, ui=39,
                           rpr='<w:sz w:val="28"/><w:szCs w:val="28"/>')),
    ("TOC1", _pstyle("TOC1", "toc 1", ppr=f'{_TABS_TOC}<w:spacing w:after="60"/><w:jc w:val="left"/>', ui=39)),
    ("TOC2", _pstyle("TOC2", "toc 2", ppr=f'{_TABS_TOC}<w:spacing w:after="40"/><w:ind w:left="420"/>'
                     '<w:jc w:val="left"/>', ui=39, rpr='<w:sz w:val="19"/><w:szCs w:val="19"/>')),
    ("Header", _pstyle("Header", "header", ppr='<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" '
                       'w:color="888888"/></w:pBdr><w:jc w:val="center"/>',
                       rpr=f'{_fonts(HEAD_FONT)}<w:color w:val="444444"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
                       ui=99)),
    ("Footer", _pstyle("Footer", "footer", ppr='<w:jc w:val="center"/>',
                       rpr='<w:color w:val="444444"/><w:sz w:val="16"/><w:szCs w:val="16"/>', ui=99)),
    ("SignatureText", _pstyle("SignatureText", "Signature Text", ppr='<w:spacing w:after="40"/><w:jc w:val="left"/>')),
    ("SealBox", _pstyle("SealBox", "Seal Box", ppr='<w:jc w:val="center"/>',
                        rpr='<w:color w:val="888888"/><w:sz w:val="18"/><w:szCs w:val="18"/>')),
    ("DataTable", f'<w:style {nsdecls("w")} w:type="table" w:styleId="DataTable"><w:name w:val="Data Table"/>'
     '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
     '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
     '<w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>'
     '<w:tblPr><w:tblBorders>'
     + "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="777777"/>'
               for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
     + '</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="68" w:type="dxa"/>'
     '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="68" w:type="dxa"/></w:tblCellMar></w:tblPr>'
     f'<w:tblStylePr w:type="firstRow"><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr>{_fonts(HEAD_FONT)}<w:b/><w:bCs/></w:rPr>'
     '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E8ECF2"/><w:vAlign w:val="center"/></w:tcPr>'
     '</w:tblStylePr></w:style>'),
    ("ParallelTable", f'<w:style {nsdecls("w")} w:type="table" w:styleId="ParallelTable"><w:name w:val="Parallel Table"/>'
     '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
     '<w:tblPr><w:tblBorders><w:insideV w:val="single" w:sz="2" w:space="0" w:color="BBBBBB"/></w:tblBorders>'
     '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="113" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
     '<w:right w:w="113" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'),
    ("PlainTable", f'<w:style {nsdecls("w")} w:type="table" w:styleId="PlainTable"><w:name w:val="Plain Table"/>'
     '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
     '<w:tblPr><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
     '</w:tblPr></w:style>'),
]
STYLE_IDS = [sid for sid, _ in STYLES]


def install_styles(styles_el, *, only_missing: bool) -> None:
    """Put docgen's styles into a `w:styles` element: all of them (our reference), or only those a
    firm's reference DOCX lacks (its own definitions win)."""
    have = {s.get(qn("w:styleId")): s for s in styles_el.findall(qn("w:style"))}
    for sid, xml in STYLES:
        new = parse_xml(xml)
        old = have.get(sid)
        if old is not None:
            if only_missing:
                continue
            old.addprevious(new)
            styles_el.remove(old)
        else:
            styles_el.append(new)


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
