"""The PDF writer, read back with pdftotext / pdffonts / pypdf."""

from __future__ import annotations

import io
import re

import pytest
from writer_readback import contains, pdf_texts, pdffonts, pdftotext, squash, tree, xref_target_pages
from pypdf import PdfReader
from writer_samples import NASTY, ZH_SENT

from docgen.layout import LAYOUTS
from docgen.writers import pdf as pdfw
from docgen.writers.html import to_html
from docgen.writers.options import WriterOptions

TINY_TEXT = {
    "zh": ["第一条", "定义与释义", "指原始权益人享有的供热收费收益权", "第二条", "购买价款按照第三条（第",
           "2.1价款以人民币支付", "第三条", "中英文文本如有歧义，以中文文本为准", "预测现金流表", "期数",
           "甲方（卖方）", "华兴热力有限公司", "（盖章）", "第2页共", "华兴供热资产买卖协议", "图形文字"],
    "en": ["Article1Definitions", "meanstheheatingfeerevenuerightoftheOriginator", "Article2PurchasePrice",
           "assetoutinArticle3(p.", "2.1ThepriceispaidinRMB", "Article3GoverningLaw",
           "theChinesetextprevails", "ForecastCashFlow", "Period", "Party A (Seller)".replace(" ", ""),
           "(Seal)", "Page2of", "ChartText"],
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_tiny_pdf_has_every_text_number_and_xref(renders, layout, no_weasyprint_warnings):
    path = renders.pdf("tiny", layout)
    texts = pdf_texts(path)
    langs = {"zh": ["zh"], "en": ["en"]}.get(layout, ["zh", "en"])
    for lang in langs:
        for needle in TINY_TEXT[lang]:
            assert contains(texts, needle), (layout, needle)
    for lang in {"zh", "en"} - set(langs):  # single-language layouts carry no other-language text
        assert not contains(texts, TINY_TEXT[lang][2])
    # deal text is printed literally, never interpreted
    assert contains(texts, NASTY)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fonts_are_embedded_subset_cjk(renders, layout):
    fonts = pdffonts(renders.pdf("tiny", layout))
    assert fonts
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts), fonts
    names = {f["name"].split("+", 1)[1] for f in fonts}
    assert names <= {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}, names


@pytest.mark.parametrize("layout", ["parallel", "zh"])
def test_links_bookmarks_and_metadata(renders, layout):
    r = PdfReader(str(renders.pdf("tiny", layout)))
    titles = [o.title for o in r.outline if not isinstance(o, list)]
    assert any(t.startswith("第二条") for t in titles)
    dests = {a.get_object().get("/Dest") for p in r.pages for a in p.get("/Annots", [])}
    assert "apa.law" in dests  # the cross-reference links to the clause's anchor
    assert "apa.law" in r.named_destinations
    md = r.metadata
    assert "HX-2024-01" in md["/Keywords"] and "abc123def4567890" in md["/Keywords"] and "docgen:0.1.0" in md["/Keywords"]
    assert "HX-2024-01" in md["/Subject"]
    assert md["/CreationDate"].startswith("D:20240305") and md["/ModDate"].startswith("D:20240305")
    assert md["/Title"]


def test_footer_and_header_wording_per_layout(renders):
    zh = pdftotext(renders.pdf("tiny", "zh"), 2, 2)
    en = pdftotext(renders.pdf("tiny", "en"), 2, 2)
    par = pdftotext(renders.pdf("tiny", "parallel"), 2, 2)
    n = {k: pdfw.pdf_page_count(renders.pdf("tiny", k).read_bytes()) for k in ("zh", "en", "parallel")}
    assert f"第2页共{n['zh']}页" in squash(zh) and "Page" not in zh
    assert f"Page2of{n['en']}" in squash(en) and "页" not in en
    assert f"第2页共{n['parallel']}页/Page2of{n['parallel']}" in squash(par)
    cover = pdftotext(renders.pdf("tiny", "parallel"), 1, 1)
    assert "Page 1" not in cover and "Huaxing Heating – Asset" not in cover  # no furniture on the cover


@pytest.mark.parametrize("layout", LAYOUTS)
def test_cross_reference_prints_its_target_page(renders, layout):
    path = renders.pdf("tiny", layout)
    pages = [squash(pdftotext(path, n, n)) for n in range(1, pdfw.pdf_page_count(path.read_bytes()) + 1)]
    found = xref_target_pages(pages, layout)
    if len(found) == 2:
        assert found["zh"] == found["en"]


def test_contents_gives_page_numbers(renders):
    toc = pdftotext(renders.pdf("tiny", "parallel"), 2, 2)
    assert re.search(r"Article 3 Governing Law\s*\.+\s*\d+", toc), toc


def test_two_renders_are_byte_identical():
    t = tree("tiny-draft", "parallel")
    weasy = WriterOptions(pdf_engine="weasyprint")
    assert pdfw.write_pdf(t, options=weasy) == pdfw.write_pdf(t, options=weasy)
    assert pdfw.write_pdf(t, pdfa=True, options=weasy) == pdfw.write_pdf(t, pdfa=True, options=weasy)


def test_pdfa_carries_the_attachments(renders):
    path = renders.pdf("tiny", "zh", pdfa=True)
    r = PdfReader(str(path))
    assert set(r.attachments) == {"deal.yaml", "projection.csv"}
    assert r.attachments["deal.yaml"][0] == b"plan: {id: HX-2024-01}\n"
    xmp = r.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp and b"3" in xmp


def test_draft_watermark_is_drawn_not_text(renders):
    path = renders.pdf("tiny-draft", "zh")
    assert "DRAFT" not in pdftotext(path)  # outlines: never mixed into the extracted text
    plain = renders.pdf("tiny", "zh")
    assert path.read_bytes() != plain.read_bytes()


def test_page_count(renders):
    data = renders.pdf("tiny", "zh").read_bytes()
    n = len(PdfReader(io.BytesIO(data)).pages)
    assert n >= 4 and pdfw.pdf_page_count(data) == n
    assert pdfw.pdf_page_count(data + b"\n") == n  # not one this process wrote: read with pypdf


# ----------------------------------------------------------------------------- escaping and fetching
def test_html_escapes_user_text():
    html = to_html(tree("tiny", "parallel"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ deal.plan }} A &amp; B" in html


def test_css_strings_are_escaped():
    from dataclasses import replace

    t = tree("tiny", "zh")
    t = replace(t, meta=replace(t.meta, running_header='x"}</style><script>alert(1)</script>'))
    html = to_html(t, embed_css=False)
    assert "<script>" not in html and "</style><script>" not in html


def test_fetcher_refuses_everything_outside_the_style_folder():
    f = pdfw.make_fetcher()
    for url in ("file:///etc/passwd", "http://example.com/x.css", "https://example.com/a.png",
                (pdfw.STYLE_DIR / ".." / ".." / "pyproject.toml").as_uri(), "ftp://example.com/x"):
        with pytest.raises(pdfw.RefusedURL):
            f.fetch(url)
    assert f.fetch((pdfw.STYLE_DIR / "pdf.css").as_uri()).read().startswith(b"/*")
    assert f.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_weasyprint_never_reads_a_file_the_document_names(caplog):
    from weasyprint import HTML

    f = pdfw.make_fetcher()
    html = ('<html><body><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
            '<link rel="stylesheet" href="file:///etc/passwd"><p>x</p></body></html>')
    HTML(string=html, base_url=pdfw.STYLE_DIR.as_uri() + "/", url_fetcher=f).write_pdf()
    assert set(f.refused) >= {"file:///etc/passwd", "http://127.0.0.1:9/x.png"}


# ----------------------------------------------------------------------------- the medium tree
@pytest.mark.parametrize("layout", LAYOUTS)
def test_medium_pdf_has_all_clauses(renders, layout, no_weasyprint_warnings):
    texts = pdf_texts(renders.pdf("medium", layout))
    for i in (1, 7, 19, 28, 40):
        if layout != "en":
            assert contains(texts, f"条款标题{i}") and contains(texts, f"（条{i}段1）"), i
        if layout != "zh":
            assert contains(texts, f"Clause Title {i}") and contains(texts, f"(clause {i} para 1)"), i
    if layout != "en":
        assert contains(texts, ZH_SENT)
        assert contains(texts, "参见第三十九条")
    if layout != "zh":
        assert contains(texts, "See Article 39 (p.")


@pytest.mark.parametrize("layout", ["parallel", "en"])
def test_long_table_repeats_its_header_on_every_page(renders, layout):
    path = renders.pdf("medium", layout)
    n = pdfw.pdf_page_count(path.read_bytes())
    pages = [pdftotext(path, i, i) for i in range(1, n + 1)]
    with_rows = [i for i, p in enumerate(pages) if re.search(r"2025-\d\d-25", p)]
    assert len(with_rows) >= 2, "the 60-row table should run over more than one page"
    for i in with_rows:
        assert "PaymentDate" in squash(pages[i]), f"page {i + 1} lacks the header row"


def test_english_paragraphs_of_the_sequential_layout_say_their_language():
    # the stylesheet sets English quotation marks (and hyphenation) by `lang`: the sequential layout's
    # English half stands in a Chinese document
    html = to_html(tree("tiny", "sequential"), embed_css=False)
    paras = re.findall(r"<p([^>]*)>(.*?)</p>", html, re.S)
    english = [attrs for attrs, text in paras if re.search(r"[A-Za-z]{4}", text) and not re.search(r"[\u4e00-\u9fff]", text)]
    chinese = [attrs for attrs, text in paras if re.search(r"[\u4e00-\u9fff]", text)]
    assert english and all('lang="en"' in a for a in english)
    assert chinese and not any("lang=" in a for a in chinese)
    assert 'lang="en"' not in to_html(tree("tiny", "en"), embed_css=False).split("<body", 1)[1]
