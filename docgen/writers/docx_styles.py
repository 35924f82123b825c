"""docgen's Word styles: the house fonts in docDefaults, the paragraph and table styles, and the numbered
heading and clause-text styles tied to Word's list numbering (`docx_numbering`).

Fonts: SimSun for Chinese, Times New Roman for Latin text, 12 pt (xiao si) body — the fonts of Chinese legal
drafting that a lawyer's Word has. Styles name no font of their own (headings are the body face, bold), so a
firm's reference DOCX restyles everything through docDefaults. docs/word-styles.md lists every style.

Headings. "heading 1–3" head the articles (chapters) and their clauses in the document's language, numbered
by the articles list; "Heading N English" the same in the English of a bilingual layout (its own list);
"Annex Heading N" (and English) the annexes. A title-less clause is a numbered paragraph of "Clause Text N"
("Annex Text N"). "Heading N Unlisted" (unnumbered, outside the outline) and "Heading 1 Unnumbered" (in the
outline) head the unnumbered sections. Units: half-points for font sizes, twips for lengths.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from docgen.writers.docx_numbering import NUM_IDS
from docgen.writers.ooxml import TEXT_WIDTH, el, sub, val
from docgen.writers.options import EAST_ASIAN_FONT, LATIN_FONT

BODY_SIZE = 24  # half-points: 12 pt (xiao si)
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr, east_asian: str, latin: str) -> None:
    """Latin, East Asian and complex-script font of a `w:rPr`, theme fonts removed."""
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = el("w:rFonts")
        rpr.insert(0, rf)
    for a in THEME_ATTRS:
        rf.attrib.pop(qn(a), None)
    for a, font in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", latin)):
        rf.set(qn(a), font)


def set_east_asian_defaults(styles_el, east_asian: str = EAST_ASIAN_FONT, latin: str = LATIN_FONT,
                            size: int = BODY_SIZE) -> None:
    """docDefaults: the house fonts, the body size, `w:lang` (en-US, zh-CN), tight paragraph spacing."""
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
    set_fonts(rpr, east_asian, latin)
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


def _pstyle(sid, name, based="Normal", *, ppr="", rpr="", nxt=None, outline=None, ui=None, qformat=True,
            num=None, kind="paragraph"):
    """A style's XML. `num`: (numId, ilvl) of its list (numId 0: no numbering, though the base has one)."""
    ol = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    numpr = ""
    if num is not None:
        numpr = (f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num[0]
                 else '<w:numPr><w:numId w:val="0"/></w:numPr>')
    # CT_PPr order: keepNext, keepLines, pageBreakBefore, numPr, pBdr, tabs, spacing, ind, jc, outlineLvl
    keep = "".join(t for t in ("<w:keepNext/>", "<w:keepLines/>", '<w:keepNext w:val="0"/>') if t in ppr)
    rest = ppr
    for t in ("<w:keepNext/>", "<w:keepLines/>", '<w:keepNext w:val="0"/>'):
        rest = rest.replace(t, "")
    body = keep + numpr + rest + ol
    return (
        f'<w:style {nsdecls("w")} w:type="{kind}" w:styleId="{sid}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based}"/>' if based else "")
        + (f'<w:next w:val="{nxt}"/>' if nxt else "")
        + (f'<w:uiPriority w:val="{ui}"/>' if ui is not None else "")
        + ("<w:qFormat/>" if qformat else "")
        + (f"<w:pPr>{body}</w:pPr>" if body else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


def _size(size):
    return f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'


def _head_rpr(size):
    return f"<w:b/><w:bCs/>{_size(size)}"


_TABS_TOC = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
_KEEP = "<w:keepNext/><w:keepLines/>"
_HEAD_PPR = {1: f'{_KEEP}<w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/>',
             2: f'{_KEEP}<w:spacing w:before="180" w:after="100"/><w:jc w:val="left"/>',
             3: f'{_KEEP}<w:spacing w:before="120" w:after="80"/><w:jc w:val="left"/>'}
_HEAD_SIZE = {1: 28, 2: 24, 3: 24}  # half-points: 14 pt (si hao), 12 pt, 12 pt


# ----------------------------------------------------------------------------- numbered styles
def heading_style(scheme: str, role: str, level: int) -> str:
    """The style id of a numbered heading: Heading1, Heading2English, AnnexHeading1 …"""
    return f"{'Heading' if scheme == 'articles' else 'AnnexHeading'}{level}{'English' if role == 'alt' else ''}"


def text_style(scheme: str, role: str, level: int) -> str:
    """The style id of a title-less clause's numbered paragraph: ClauseText2, AnnexText3English …"""
    return f"{'ClauseText' if scheme == 'articles' else 'AnnexText'}{level}{'English' if role == 'alt' else ''}"


def list_styles(scheme: str, role: str) -> dict[int, str]:
    """The heading style linked to each level of a list (`w:lvl/w:pStyle`)."""
    return {k: heading_style(scheme, role, k + 1) for k in range(3)}


def _numbered_styles() -> list[tuple[str, str]]:
    out = []
    for (scheme, role), nid in NUM_IDS.items():
        words = ("Heading" if scheme == "articles" else "Annex Heading", "Clause Text" if scheme == "articles" else "Annex Text")
        tail = " English" if role == "alt" else ""
        for level in (1, 2, 3):
            sid = heading_style(scheme, role, level)
            if sid == f"Heading{level}":
                out.append((sid, _pstyle(sid, f"heading {level}", ppr=_HEAD_PPR[level], rpr=_head_rpr(_HEAD_SIZE[level]),
                                         nxt="BodyText", outline=level - 1, ui=9, num=(nid, level - 1))))
            else:
                out.append((sid, _pstyle(sid, f"{words[0]} {level}{tail}", based=f"Heading{level}", nxt="BodyText",
                                         outline=level - 1, ui=9, num=(nid, level - 1))))
        for level in (2, 3):
            sid = text_style(scheme, role, level)
            out.append((sid, _pstyle(sid, f"{words[1]} {level}{tail}", based="BodyText", ui=99, num=(nid, level - 1))))
    return out


# (style id, XML). Heading N are the real outline headings (contents, navigation pane); "Heading N
# Unlisted" look the same but stay out of the contents and the outline, unnumbered.
STYLES: list[tuple[str, str]] = [
    ("Normal", _pstyle("Normal", "Normal", based=None, ppr='<w:jc w:val="both"/>')),
    ("BodyText", _pstyle("BodyText", "Body Text", ppr='<w:spacing w:after="100"/><w:jc w:val="both"/>', ui=99)),
    ("BodyTextSmall", _pstyle("BodyTextSmall", "Body Text Small", based="BodyText", rpr=_size(21))),
    ("Quote", _pstyle("Quote", "Quote", based="BodyText", ppr='<w:ind w:left="567" w:right="567"/>')),
    ("Title", _pstyle("Title", "Title", ppr='<w:spacing w:before="2400" w:after="240" w:line="360" w:lineRule="auto"/>'
                      '<w:jc w:val="center"/>', rpr=_head_rpr(44), nxt="Subtitle", ui=10)),
    ("Subtitle", _pstyle("Subtitle", "Subtitle", ppr='<w:spacing w:after="1200"/><w:jc w:val="center"/>',
                         rpr=_size(32), ui=11)),
    ("CoverLine", _pstyle("CoverLine", "Cover Line", ppr='<w:spacing w:after="160"/><w:jc w:val="center"/>',
                          rpr=_size(24))),
    *_numbered_styles(),
    ("Heading1Unlisted", _pstyle("Heading1Unlisted", "Heading 1 Unlisted", based="Heading1", outline=9, num=(0, 0))),
    ("Heading2Unlisted", _pstyle("Heading2Unlisted", "Heading 2 Unlisted", based="Heading2", outline=9, num=(0, 0))),
    ("Heading3Unlisted", _pstyle("Heading3Unlisted", "Heading 3 Unlisted", based="Heading3", outline=9, num=(0, 0))),
    ("Heading1Unnumbered", _pstyle("Heading1Unnumbered", "Heading 1 Unnumbered", based="Heading1", outline=0,
                                   num=(0, 0))),
    ("Caption", _pstyle("Caption", "caption", ppr='<w:keepNext/><w:spacing w:before="120" w:after="60"/>'
                        '<w:jc w:val="center"/>', rpr=_head_rpr(21), ui=35)),
    ("FigureCaption", _pstyle("FigureCaption", "Figure Caption", based="Caption",
                              ppr='<w:keepNext w:val="0"/><w:spacing w:before="40" w:after="160"/>')),
    ("TableText", _pstyle("TableText", "Table Text", ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
                          '<w:jc w:val="left"/>', rpr=_size(18))),
    ("TableNote", _pstyle("TableNote", "Table Note", based="TableText", ppr='<w:spacing w:after="160"/>',
                          rpr=_size(16))),
    ("TOCHeading", _pstyle("TOCHeading", "TOC Heading", based="Heading1Unlisted", outline=9, ui=39, rpr=_size(32))),
    ("TOC1", _pstyle("TOC1", "toc 1", ppr=f'{_TABS_TOC}<w:spacing w:after="60"/><w:jc w:val="left"/>', ui=39)),
    ("TOC2", _pstyle("TOC2", "toc 2", ppr=f'{_TABS_TOC}<w:spacing w:after="40"/><w:ind w:left="420"/>'
                     '<w:jc w:val="left"/>', ui=39, rpr=_size(21))),
    ("Header", _pstyle("Header", "header", ppr='<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" '
                       'w:color="888888"/></w:pBdr><w:jc w:val="center"/>',
                       rpr=f'<w:color w:val="444444"/>{_size(18)}', ui=99)),
    ("Footer", _pstyle("Footer", "footer", ppr='<w:jc w:val="center"/>', rpr=f'<w:color w:val="444444"/>{_size(18)}',
                       ui=99)),
    ("SignatureText", _pstyle("SignatureText", "Signature Text", ppr='<w:spacing w:after="40"/><w:jc w:val="left"/>')),
    ("SealBox", _pstyle("SealBox", "Seal Box", ppr='<w:jc w:val="center"/>',
                        rpr=f'<w:color w:val="888888"/>{_size(18)}')),
    ("DataTable", f'<w:style {nsdecls("w")} w:type="table" w:styleId="DataTable"><w:name w:val="Data Table"/>'
     '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
     '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
     f'<w:rPr>{_size(18)}</w:rPr>'
     '<w:tblPr><w:tblBorders>'
     + "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="777777"/>'
               for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
     + '</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="68" w:type="dxa"/>'
     '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="68" w:type="dxa"/></w:tblCellMar></w:tblPr>'
     '<w:tblStylePr w:type="firstRow"><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>'
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
STYLE_NAMES = {sid: parse_xml(xml).find(qn("w:name")).get(qn("w:val")) for sid, xml in STYLES}


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


def style_numbering(styles_el) -> dict[str, tuple[str, str] | None]:
    """Each style's own `w:numPr` as (numId, ilvl), None when it has none (a firm's heading style without
    numbering: the writer then numbers the paragraph directly)."""
    out = {}
    for s in styles_el.findall(qn("w:style")):
        np_ = s.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if np_ is None:
            out[s.get(qn("w:styleId"))] = None
            continue
        nid, ilvl = np_.find(qn("w:numId")), np_.find(qn("w:ilvl"))
        out[s.get(qn("w:styleId"))] = (nid.get(qn("w:val")) if nid is not None else None,
                                       ilvl.get(qn("w:val")) if ilvl is not None else "0")
    return out
