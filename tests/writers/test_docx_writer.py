"""The DOCX writer, read back with python-docx and as parsed XML parts."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from writer_readback import tree
from writer_samples import NASTY

from docgen.layout import LAYOUTS
from docgen.writers import ooxml
from docgen.writers.docx import build_reference, write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(d) -> list:
    """Every paragraph of the body, table cells included, in order: (style id, text)."""
    out = []
    for p in d.element.body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style = ps.get(qn("w:val")) if ps is not None else None
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        out.append((style, text))
    return out


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_docx_has_the_clause_texts_in_real_styles(renders, layout):
    d = docx.Document(str(renders.docx("tiny", layout)))
    paras = paragraphs(d)
    text = "\n".join(t for _, t in paras)
    zh = ["第一条\u3000定义与释义", "“基础资产”指原始权益人享有的供热收费收益权。", "购买价款按照第三条的约定支付。",
          "2.1 价款以人民币支付。", "中英文文本如有歧义，以中文文本为准。", "预测现金流表", "甲方（卖方）", "（盖章）"]
    en = ["Article 1 Definitions", "“Underlying Assets” means the heating fee revenue right of the Originator.",
          "The Purchase Price is paid as set out in Article 3.", "2.1 The price is paid in RMB.",
          "If the Chinese and English texts differ, the Chinese text prevails.", "Forecast Cash Flow", "(Seal)"]
    for needle in (zh if layout != "en" else []) + (en if layout != "zh" else []):
        assert needle in text, (layout, needle)
    if layout == "zh":
        assert "Underlying Assets" not in text
    if layout == "en":
        assert "基础资产" not in text
    assert f"特殊字符：{NASTY}" in text or f"Special characters: {NASTY}" in text  # literal
    styles = {s for s, _ in paras}
    assert {"Title", "Heading1", "BodyText", "Caption", "TableText", "TOCHeading"} <= styles
    heading = "第二条\u3000购买价款" if layout != "en" else "Article 2 Purchase Price"
    assert ("Heading1", heading) in paras
    if layout in ("parallel", "sequential"):
        assert ("Heading1Unlisted", "Article 2 Purchase Price") in paras  # the twin stays out of the contents


def test_parallel_layout_is_a_borderless_two_column_table(renders):
    d = docx.Document(str(renders.docx("tiny", "parallel")))
    par = [t for t in d.tables if t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "ParallelTable"]
    assert par and all(len(t.columns) == 2 for t in par)
    row = next(r for r in par[0].rows if "购买价款按照" in r.cells[0].text)
    assert "The Purchase Price is paid" in row.cells[1].text
    style = d.styles.element.xpath('w:style[@w:styleId="ParallelTable"]')[0]
    borders = style.find(f"{W}tblPr/{W}tblBorders")
    assert [b.tag for b in borders] == [f"{W}insideV"]  # only a hairline between the columns


def test_east_asian_fonts_and_language():
    data = write_docx(tree("tiny", "zh"))
    styles = part(data, "word/styles.xml")
    rfonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    # the house fonts: SimSun (宋体) for Chinese, Times New Roman for Latin text, 12 pt body
    assert rfonts.get(f"{W}eastAsia") == "SimSun" and rfonts.get(f"{W}ascii") == "Times New Roman"
    assert rfonts.get(f"{W}hAnsi") == "Times New Roman"
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz").get(f"{W}val") == "24"
    assert not [a for a in rfonts.attrib if "Theme" in a or "theme" in a]
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    for sid in ("Heading1", "Heading2", "Heading3", "Title", "Caption"):
        st = styles.xpath(f'w:style[@w:styleId="{sid}"]', namespaces={"w": W[1:-1]})[0]
        assert st.find(f"{W}rPr/{W}rFonts") is None, sid  # the body face (bold): a reference restyles it once


def test_header_footer_fields_and_contents(renders):
    data = renders.docx("tiny", "parallel").read_bytes()
    d = docx.Document(io.BytesIO(data))
    sec = d.sections[0]
    assert "华兴供热 资产买卖协议 / Huaxing Heating" in sec.header.paragraphs[0].text
    footer_xml = etree.tostring(sec.footer._element, encoding="unicode")
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert "第 " in footer_xml and "Page " in footer_xml
    assert sec.different_first_page_header_footer  # the cover has no header or footer
    assert sec.page_width == ooxml.A4[0] * 635 and sec.page_height == ooxml.A4[1] * 635
    body = etree.tostring(d.element.body, encoding="unicode")
    assert 'TOC \\o "1-1" \\h \\z \\t "Annex Heading 1,1,Heading 1 Unnumbered,1"' in body
    settings = part(data, "word/settings.xml")
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    en = docx.Document(str(renders.docx("tiny", "en")))
    en_footer = etree.tostring(en.sections[0].footer._element, encoding="unicode")
    assert "Page " in en_footer and "页" not in en_footer


def test_tables_repeat_header_rows_and_never_split_rows(renders):
    d = docx.Document(str(renders.docx("medium", "zh")))
    data = [t for t in d.tables if t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "DataTable"]
    assert data
    t = data[0]
    rows = t._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert len(rows) == 1 + 60 + 1
    # numbers right-aligned, totals bold with a rule above
    cell = rows[1].findall(qn("w:tc"))[2]
    assert cell.find(f"{W}p/{W}pPr/{W}jc").get(f"{W}val") == "right"
    total = rows[-1].findall(qn("w:tc"))[1]
    assert total.find(f"{W}tcPr/{W}tcBorders/{W}top") is not None
    assert total.find(f"{W}p/{W}r/{W}rPr/{W}b") is not None


def test_cross_references_link_to_bookmarks(renders):
    d = docx.Document(str(renders.docx("tiny", "zh")))
    body = d.element.body
    names = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    links = [h for h in body.iter(qn("w:hyperlink")) if "".join(t.text for t in h.iter(qn("w:t"))) == "第三条"]
    assert links and links[0].get(qn("w:anchor")) == ooxml.bookmark_name("apa.law") in names
    assert all(len(n) <= 40 for n in names)
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_tables_never_touch_and_page_breaks_before_tables_survive(renders):
    d = docx.Document(str(renders.docx("medium", "parallel")))
    body = list(d.element.body)
    for a, b in zip(body, body[1:]):
        assert not (a.tag == b.tag == qn("w:tbl")), "Word would merge touching tables"
    # the annex (page break before) starts with a parallel table: the break sits on a spacer before it
    spacers = [p for p in body if p.tag == qn("w:p") and p.find(f"{W}pPr/{W}pageBreakBefore") is not None
               and p.getnext() is not None and p.getnext().tag == qn("w:tbl")]
    assert spacers


def test_figure_is_a_png_and_signatures_have_seal_boxes(renders):
    data = renders.docx("tiny", "zh").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    body = part(data, "word/document.xml")
    dashed = body.xpath("//w:tcBorders/w:top[@w:val='dashed']", namespaces={"w": W[1:-1]})
    assert len(dashed) == 2  # one seal box per signatory


def test_core_properties_carry_deal_inputs_and_version(renders):
    d = docx.Document(str(renders.docx("tiny", "parallel")))
    cp = d.core_properties
    assert cp.title == "资产买卖协议 Asset Purchase Agreement"
    assert "HX-2024-01" in cp.subject and "abc123def4567890" in cp.keywords and "docgen:0.1.0" in cp.keywords
    assert cp.created.isoformat().startswith("2024-03-05") and cp.modified == cp.created


def test_two_renders_are_byte_identical():
    t = tree("tiny-draft", "parallel")
    a, b = write_docx(t), write_docx(t)
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 3, 5, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


def test_reference_docx_styles_win_and_missing_ones_are_added():
    ref = docx.Document(io.BytesIO(build_reference()))
    h1 = ref.styles["Heading 1"].element
    sz = h1.find(f"{W}rPr/{W}sz")
    sz.set(qn("w:val"), "40")  # a firm's bigger article headings
    ref.styles.element.remove(ref.styles.element.xpath('w:style[@w:styleId="SealBox"]')[0])
    buf = io.BytesIO()
    ref.save(buf)
    out = docx.Document(io.BytesIO(write_docx(tree("tiny", "zh"), reference_docx=buf.getvalue())))
    assert out.styles["Heading 1"].element.find(f"{W}rPr/{W}sz").get(qn("w:val")) == "40"
    assert out.styles.element.xpath('w:style[@w:styleId="SealBox"]')  # docgen adds what the firm's file lacks
    assert any(p.text.startswith("第一条") for p in out.paragraphs)


def test_a_plain_word_document_works_as_reference():
    buf = io.BytesIO()
    docx.Document().save(buf)  # python-docx's blank document: none of docgen's own styles
    out = docx.Document(io.BytesIO(write_docx(tree("tiny", "en"), reference_docx=buf.getvalue())))
    assert "DataTable" in {s.style_id for s in out.styles}
    assert any(p.text == "Article 1 Definitions" for p in out.paragraphs)


def test_shipped_reference_is_current():
    from docgen.writers.docx import REFERENCE

    from docgen.assembly.numbering import own

    assert REFERENCE.read_bytes() == build_reference(numbering=own().word_patterns("contract")), \
        "run templates/style/make_reference.py"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_medium_docx_has_all_clauses(renders, layout):
    d = docx.Document(str(renders.docx("medium", layout)))
    text = "\n".join(t for _, t in paragraphs(d))
    for i in (1, 19, 40):
        if layout != "en":
            assert f"条款标题{i}" in text and f"（条{i}段1）" in text
        if layout != "zh":
            assert f"Clause Title {i}" in text and f"(clause {i} para 1)" in text


def test_the_writer_prints_the_furniture_the_tree_holds():
    """Page furniture comes from the tree (the library's label file), never from the writer."""
    from dataclasses import replace

    from docgen.tree import PageField, SignatureBlock, Toc

    t = tree("tiny", "en")
    blocks = tuple(replace(b, title="Index") if isinstance(b, Toc) else
                   replace(b, seal_label="(Chop)") if isinstance(b, SignatureBlock) else b for b in t.blocks)
    meta = replace(t.meta, footer=("Sheet ", PageField("PAGE"), "/", PageField("NUMPAGES")), draft=True,
                   draft_label="PROOF", lang="en-GB")
    d = docx.Document(io.BytesIO(write_docx(replace(t, meta=meta, blocks=blocks))))
    texts = [text for _, text in paragraphs(d)]
    assert "Index" in texts and "(Chop)" in texts and "Contents" not in texts and "(Seal)" not in texts
    sec = d.sections[0]
    assert sec.header.paragraphs[0].text.startswith("PROOF\u3000")
    footer = sec.footer.paragraphs[0].text
    assert footer.startswith("Sheet ") and "Page" not in footer
    assert d.core_properties.language == "en-GB"
