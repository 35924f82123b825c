"""The Typst PDF writer (the default engine), read back with pdftotext / pdffonts / pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf_writer import TINY_TEXT
from writer_readback import contains, pdf_texts, pdffonts, pdftotext, squash, tree
from writer_samples import NASTY, P, body, cover, furniture, meta, signatures

from docgen.layout import LAYOUTS, apply_layout
from docgen.tree import Bi, Cell, Clause, Document, Para, Run, Signatory, Table, Toc, XRef
from docgen.writers import pdf as pdfw
from docgen.writers import typst as tw
from docgen.writers import typst_fonts
from docgen.writers.options import WriterOptions

TYPST = WriterOptions(pdf_engine="typst")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """PDFs of the sample trees, written once per module."""
    root = tmp_path_factory.mktemp("typst")
    cache: dict = {}

    def pdf(name: str, layout: str, pdfa: bool = False, doc: Document | None = None) -> Path:
        key = (name, layout, pdfa)
        if key not in cache:
            path = root / f"{name}-{layout}{'-a' if pdfa else ''}.pdf"
            path.write_bytes(pdfw.write_pdf(doc or tree(name, layout), pdfa=pdfa, options=TYPST))
            cache[key] = path
        return cache[key]

    return pdf


def pages_of(path: Path) -> list[str]:
    n = len(PdfReader(str(path)).pages)
    return [squash(pdftotext(path, i, i)) for i in range(1, n + 1)]


# ----------------------------------------------------------------------------- tiny trees
def test_the_typst_engine_is_chosen_by_the_options():
    assert WriterOptions().pdf_engine == "typst"  # the default since it passes the sample-pack proofreading
    data = pdfw.write_pdf(tree("tiny", "zh"), options=TYPST)
    assert b"Typst" in data[:4000] or "Typst" in PdfReader(io.BytesIO(data)).metadata.get("/Creator", "")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_tiny_pdf_has_every_text_and_no_other_language(out, layout):
    texts = pdf_texts(out("tiny", layout))
    langs = {"zh": ["zh"], "en": ["en"]}.get(layout, ["zh", "en"])
    for lang in langs:
        for needle in TINY_TEXT[lang]:
            assert contains(texts, needle), (layout, needle)
    for lang in {"zh", "en"} - set(langs):
        assert not contains(texts, TINY_TEXT[lang][2])
    assert contains(texts, NASTY)  # printed literally


@pytest.mark.parametrize("layout", LAYOUTS)
def test_cross_reference_prints_the_page_that_shows_its_target(out, layout):
    pages = pages_of(out("tiny", layout))
    from writer_readback import xref_target_pages  # shared with test_pdf_writer

    found = xref_target_pages(pages, layout)
    if layout == "parallel":
        assert found["zh"] == found["en"]


def test_footer_and_header_from_the_tree_not_on_the_cover(out):
    n = {k: len(PdfReader(str(out("tiny", k))).pages) for k in ("zh", "en", "parallel")}
    zh, en, par = (pdftotext(out("tiny", k), 2, 2) for k in ("zh", "en", "parallel"))
    assert f"第2页共{n['zh']}页" in squash(zh) and "Page" not in zh
    assert f"Page2of{n['en']}" in squash(en) and "页" not in en
    assert f"第2页共{n['parallel']}页/Page2of{n['parallel']}" in squash(par)
    assert "华兴供热资产买卖协议" in squash(zh)  # the running header
    first = pdftotext(out("tiny", "parallel"), 1, 1)
    assert "Page 1" not in first and "Huaxing Heating – Asset" not in first


def test_contents_outline_and_metadata(out):
    path = out("tiny", "parallel")
    toc = pdftotext(path, 2, 2)
    pages = pages_of(path)
    m = re.search(r"Article 3 Governing Law\s*\.+\s*(\d+)", toc)
    assert m, toc
    assert "GoverningLaw" in pages[int(m.group(1)) - 1]
    r = PdfReader(str(path))
    titles = [o.title for o in r.outline if not isinstance(o, list)]
    assert any(t.startswith("第二条") for t in titles) and any(t.startswith("第三条") for t in titles), titles
    md = r.metadata
    assert "HX-2024-01" in md["/Keywords"] and "inputs:abc123def4567890" in md["/Keywords"]
    assert "HX-2024-01" in md["/Subject"] and md["/Title"] == "资产买卖协议 Asset Purchase Agreement"
    assert md["/CreationDate"].startswith("D:20240305") and md["/ModDate"].startswith("D:20240305")


def test_cross_reference_is_a_link_to_its_target(out):
    r = PdfReader(str(out("tiny", "zh")))
    links = [a.get_object() for p in r.pages for a in p.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    assert links  # the cross-reference and the contents entries
    assert r.metadata["/Title"]


def test_fonts_are_the_projects_embedded_and_subset(out):
    fonts = pdffonts(out("tiny", "parallel"))
    assert fonts and all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts), fonts
    names = {re.sub(r"-Identity-H$", "", f["name"].split("+", 1)[1]) for f in fonts}
    assert names <= {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"}, names


def test_tables_repeat_their_header_on_every_page(out):
    path = out("medium", "en")
    pages = [pdftotext(path, i, i) for i in range(1, len(PdfReader(str(path)).pages) + 1)]
    with_rows = [i for i, p in enumerate(pages) if re.search(r"2025-\d\d-25", p)]
    assert len(with_rows) >= 2
    for i in with_rows:
        assert "PaymentDate" in squash(pages[i]), f"page {i + 1} lacks the header row"


def test_figure_svg_text_stays_text(out):
    assert contains(pdf_texts(out("tiny", "zh")), "图形文字")


def test_two_renders_are_byte_identical():
    t = tree("tiny-draft", "parallel")
    assert tw.write_pdf(t) == tw.write_pdf(t)
    assert tw.write_pdf(t, pdfa=True) == tw.write_pdf(t, pdfa=True)


@pytest.mark.parametrize("keep", [1, tw.WINDOW])  # a one-shot render's cache, the watch's
def test_a_recompile_after_edits_and_other_documents_prints_the_same_bytes(keep):
    """Typst reuses (or, kept short, forgets) the layout work of earlier compiles: never in the output."""
    first = tree("tiny", "parallel")
    edited = replace(first, meta=replace(first.meta, inputs_hash="0123456789abcdef"))  # as every edit does
    was = tw._retain
    tw.retain(keep)
    try:
        before = tw.write_pdf(first)
        others = [tw.write_pdf(edited), tw.write_pdf(tree("medium", "sequential")), tw.write_pdf(edited)]
        assert tw.write_pdf(first) == before
    finally:
        tw.retain(was)
    assert b"0123456789abcdef" in others[0] and b"0123456789abcdef" not in before  # the edit is printed
    assert others[0] == others[2]


def test_draft_watermark_is_drawn_not_text(out):
    path = out("tiny-draft", "zh")
    assert "DRAFT" not in pdftotext(path) and "草稿" not in pdftotext(path)
    assert path.read_bytes() != out("tiny", "zh").read_bytes()


def test_pdfa_carries_the_deal_and_projection(out):
    r = PdfReader(str(out("tiny", "zh", pdfa=True)))
    assert set(r.attachments) == {"deal.yaml", "projection.csv"}
    assert r.attachments["deal.yaml"][0] == b"plan: {id: HX-2024-01}\n"
    assert r.attachments["projection.csv"][0] == b"period,inflow\n1,100\n"
    xmp = r.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfaid:part(>|=\")3", xmp) and re.search(rb"pdfaid:conformance(>|=\")B", xmp)
    plain = PdfReader(str(out("tiny", "zh")))
    assert not plain.attachments


# ----------------------------------------------------------------------------- deal text is never code
INJECTIONS = ['#read("/etc/passwd")', '#import "/etc/passwd": *', "$x^2$ @ref <lbl> ]) [", "a \\ b \\\\ c",
              "#{ panic() }", '"); #read("../pdf.css', "*bold* _it_ `raw` = head ~ // not a comment"]


def injected() -> Document:
    bad = " ".join(INJECTIONS)
    c1 = Clause(id="x.one", level=1, number=Bi("第一条", "Article 1"), title=Bi(f"标题{INJECTIONS[0]}", f"Title {INJECTIONS[0]}"),
                body=body((Para((Run(f"甲方：{bad}"), Run("见"), XRef("x.one", "第一条"))),
                           Para((Run(f"Party A: {bad}"), Run(" see "), XRef("x.one", "Article 1"))))))
    t = Table(id="x.t", caption=Bi(f"表{INJECTIONS[2]}", f"Table {INJECTIONS[2]}"), header=((Cell(INJECTIONS[1]),),),
              rows=((Cell(INJECTIONS[3]),),), align=("l",))
    sig = replace(signatures(), signatories=(Signatory(role=Bi("甲方", "Party A"), name=Bi(bad, bad),
                                                       signer_label=furniture().signer),))
    m = meta(running_header_bi=Bi(INJECTIONS[4], INJECTIONS[4]), title=INJECTIONS[5],
             title_bi=Bi(INJECTIONS[5], INJECTIONS[5]))
    return Document(meta=m, blocks=(cover(), Toc(furniture().contents), c1, Clause(id="x.t0", level=1,
                    number=Bi("第二条", "Article 2"), title=Bi("表", "Table"), body=Bi((t,), (t,))), sig))


@pytest.mark.parametrize("layout", ["parallel", "en"])
def test_deal_text_prints_literally_and_reads_nothing(out, layout):
    path = out("injected", layout, doc=apply_layout(injected(), layout))
    text = squash(pdftotext(path))
    for s in INJECTIONS:
        assert squash(s) in text, s
    assert "root:" not in text and "docgenPDFstylesheet" not in text  # /etc/passwd, pdf.css never read
    assert PdfReader(str(path)).metadata["/Title"] == INJECTIONS[5]


def test_the_template_gets_text_only_as_json_data():
    from docgen.writers.typst_data import document_data

    data = document_data(apply_layout(injected(), "zh"))
    assert data["meta"]["header"] == INJECTIONS[4]
    template = (WriterOptions().style_dir / tw.TEMPLATE).read_text("utf-8")
    assert "eval(" not in template  # nothing from the data is ever evaluated


# ----------------------------------------------------------------------------- fonts
def test_a_missing_cjk_font_stops_the_render_naming_the_package(tmp_path):
    typst_fonts.typst_fonts.cache_clear()
    try:
        with pytest.raises(typst_fonts.MissingFont, match="fonts-noto-cjk"):
            typst_fonts.typst_fonts((str(tmp_path),))
    finally:
        typst_fonts.typst_fonts.cache_clear()


def test_weasyprint_path_checks_its_fonts_too(monkeypatch):
    typst_fonts.check_fontconfig.cache_clear()
    monkeypatch.setattr(typst_fonts, "_fontconfig_files", lambda family: [])
    try:
        with pytest.raises(typst_fonts.MissingFont, match="Noto Serif CJK SC.*fonts-noto-cjk"):
            pdfw.write_pdf(tree("tiny", "zh"), options=WriterOptions(pdf_engine="weasyprint"))
    finally:
        typst_fonts.check_fontconfig.cache_clear()


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="weasyprint, typst"):
        WriterOptions(pdf_engine="latex")


# ----------------------------------------------------------------------------- a sample document
@pytest.fixture(scope="module")
def undertaking():
    """The shortest sample document, assembled once (no charts: it has none)."""
    from docgen import pipeline
    from docgen.resources import library_root

    deal = pipeline.read_deal(Path(__file__).parents[2] / "deals" / "heating-sweep-guaranteed.yaml")
    trees = pipeline.assemble(deal, pipeline.project(deal), root=library_root(), documents=["shortfall-undertaking"],
                              figures=False)
    return deal, pipeline.stamp(trees["shortfall-undertaking"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_undertaking_in_every_layout_passes_the_checks_check_makes(out, undertaking, layout):
    from docgen.review.xrefpages import split_pages, wrong_pages

    deal, doc = undertaking
    path = out("undertaking", layout, doc=apply_layout(doc, layout))
    r = PdfReader(str(path))
    n = len(r.pages)
    text = pdftotext(path)
    pages = split_pages(text)
    assert len(pages) == n > 5
    assert wrong_pages(pages) == []  # every printed page number shows its target
    refs = re.findall(r"（第(\d+)页）|\(p\.\s?(\d+)\)", text)
    assert refs, "the undertaking cross-refers to its articles"
    last = squash(pages[-2])
    if layout != "en":
        assert f"第{n - 1}页共{n}页" in last
        assert squash(deal.plan.name.zh) in squash(text)
    if layout != "zh":
        assert f"Page{n - 1}of{n}" in last
        assert squash(deal.plan.name.en) in squash(text)
    assert r.outline and deal.plan.id in r.metadata["/Keywords"]


def test_render_takes_the_engine_and_records_it_in_the_options():
    from docgen.commands.render import options

    kw = dict(docs="SU", layouts="zh", formats="pdf", draft=False, pdfa=False, date=None, reference_docx=None, force=False)
    assert options(**kw).pdf_engine == "typst" and options(**kw).key()["pdf_engine"] == "typst"
    assert options(**kw, pdf_engine="weasyprint").key()["pdf_engine"] == "weasyprint"
    with pytest.raises(ValueError, match="unknown PDF engine: latex"):
        options(**kw, pdf_engine="latex")


def test_a_process_that_ran_typst_still_renders_with_worker_processes(tmp_path):
    """Typst's compiler threads make a forked worker hang; after a compile, the batch renders in-line."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        from pathlib import Path
        from docgen.render.batch import render_deals
        from docgen.render.pack import Options
        from docgen.writers import typst as tw
        from writer_readback import tree
        tw.write_pdf(tree("tiny", "zh"))
        opts = Options(documents=("shortfall-undertaking",), layouts=("zh", "en"), formats=("pdf",), pdf_engine="typst")
        out = render_deals([Path("deals/heating-sweep-guaranteed.yaml")], Path({str(tmp_path)!r}), opts, jobs=2)
        print([o.status for o in out])
    """)
    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=300,
                       env={**__import__("os").environ, "PYTHONPATH": f"{root}:{root / 'tests' / 'writers'}"})
    assert r.returncode == 0 and "['ok']" in r.stdout, r.stdout + r.stderr


# ----------------------------------------------------------------------------- typesetting
def words_with_boxes(path: Path) -> list[tuple[int, str, float, float, float]]:
    """(page, word, x_min, x_max, y_min) of every word, from pdftotext -bbox."""
    import html
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if m:
            words.append((page, html.unescape(m.group(4)), float(m.group(1)), float(m.group(3)), float(m.group(2))))
    return words


def one_language(blocks, lang="en") -> Document:
    return apply_layout(Document(meta=meta(), blocks=tuple(blocks)), lang)


def test_a_word_wider_than_its_column_widens_the_column_and_is_never_split_or_sticking_out(tmp_path):
    """The proposed widths give the first column almost nothing; its words and figures still fit."""
    rows = ((Cell("Subordinated"), Cell("Right-hand"), Cell("2031-04-25")),
            (Cell("14,000,000.00"), Cell("Neighbour"), Cell("Unrated")))
    t = Table(id="t.narrow", caption="Narrow", header=((Cell("Tranche"), Cell("Class"), Cell("Expected maturity")),),
              rows=rows, align=("r", "l", "l"), widths=(0.01, 20, 20))  # right-aligned: would stick out left
    path = tmp_path / "narrow.pdf"
    path.write_bytes(tw.write_pdf(one_language([t])))
    words = words_with_boxes(path)
    boxes = {w: (x0, x1, y) for _, w, x0, x1, y in words}
    left_margin, right_edge = 22 / 25.4 * 72, (210 - 20) / 25.4 * 72  # the text area of the A4 page
    assert all(left_margin - 1 < x0 and x1 < right_edge + 1 for _, w, x0, x1, _ in words), words
    for left, right in (("Subordinated", "Right-hand"), ("14,000,000.00", "Neighbour")):
        assert left in boxes and right in boxes, boxes  # printed whole, on one line
        assert boxes[left][1] < boxes[right][0], (left, boxes[left], right, boxes[right])


def test_a_table_too_wide_for_its_figures_is_set_smaller_not_split(tmp_path):
    # 8 × 13 characters: 8.5 pt is too big, a smaller size fits the portrait page (9 turn it to landscape:
    # test_typst_landscape.py)
    row = tuple(Cell(f"{i}4,567,890.12") for i in range(1, 9))
    t = Table(id="t.wide", caption="Wide", header=(tuple(Cell(f"Column {i}") for i in range(1, 9)),),
              rows=(row, row), align=("r",) * 8)
    path = tmp_path / "wide.pdf"
    path.write_bytes(tw.write_pdf(one_language([t])))
    words = [w for _, w, *_ in words_with_boxes(path)]
    for c in row:
        assert words.count(c.text) == 2, c.text  # every figure whole
    right_edge = (210 - 20) / 25.4 * 72
    xs = sorted({(x0, x1) for _, w, x0, x1, _ in words_with_boxes(path) if "4,567" in w})
    assert all(a[1] < b[0] for a, b in zip(xs, xs[1:])) and xs[-1][1] < right_edge + 1, xs  # side by side, inside


def test_tables_keep_caption_first_rows_and_total_row_together(tmp_path):
    """Tables of 1 to 30 rows one after another: wherever a page breaks, a caption has its table's first
    rows under it, no page holds a single data row of a table, and a total row never stands alone."""
    blocks = []
    for k in range(1, 31):
        rows = tuple((Cell(f"T{k}R{i}"), Cell(f"{i * 1000:,.2f}")) for i in range(1, k + 1))
        rows += ((Cell(f"T{k}Total", bold=True), Cell(f"{sum(range(1, k + 1)) * 1000:,.2f}")),)
        blocks.append(Para((Run("Lorem ipsum dolor sit amet " * (k % 4)),)))
        blocks.append(Table(id=f"t{k}", caption=f"Caption{k}", header=((Cell("Row"), Cell("Amount")),), rows=rows,
                            align=("l", "r"), total_rows=1))
    path = tmp_path / "many.pdf"
    path.write_bytes(tw.write_pdf(one_language(blocks)))
    pages: dict[int, list[str]] = {}
    for page, w, *_ in words_with_boxes(path):
        pages.setdefault(page, []).append(w)
    assert len(pages) > 5
    for page, ws in pages.items():
        for k in range(1, 31):
            data = [w for w in ws if re.fullmatch(rf"T{k}R\d+", w)]
            total = f"T{k}Total" in ws
            if f"Caption{k}" in ws:
                assert data, f"page {page}: caption {k} without its rows"
            if total:
                assert data, f"page {page}: the total row of table {k} alone"
            if k > 1:
                assert len(data) != 1, f"page {page}: a single data row of table {k}"


def test_english_quotation_marks_are_latin_not_full_width(tmp_path):
    """The SC fonts' “ ” are a full em wide; English text takes the proportional forms, Chinese keeps them."""
    def words(zh: str, en: str) -> dict[str, float]:
        doc = apply_layout(Document(meta=meta(), blocks=(Clause(id="q", level=1, number=Bi("第一条", "Article 1"),
                           title=Bi("定义", "Definitions"), body=body(P(zh, en))),)), "parallel")
        path = tmp_path / "quotes.pdf"
        path.write_bytes(tw.write_pdf(doc))
        return {w: x1 - x0 for _, w, x0, x1, _ in words_with_boxes(path)}

    quoted = words("“卖方”指甲方。", "“Seller” means Party A.")
    bare = words("卖方指甲方。", "Seller means Party A.")
    em = 10.5  # the body size: two full-width quotes would add 2 em
    assert quoted["“Seller”"] - bare["Seller"] < 1.0 * em, (quoted["“Seller”"], bare["Seller"])
    zh = next(w for w in quoted if w.startswith("“卖方”"))
    assert quoted[zh] - bare[next(w for w in bare if w.startswith("卖方"))] >= 2 * em * 0.95  # full-width in Chinese


def test_no_chinese_line_starts_with_closing_punctuation(tmp_path):
    """避头尾: paragraphs where a full line of characters is followed by 。，、；：）」 in turn: the mark
    never begins the next line (the line before gives up a character, or the mark hangs)."""
    marks = "。，、；：）」"
    paras = [Para((Run("甲" * k + mark + "乙" * 30),)) for k in range(40, 50) for mark in marks]
    path = tmp_path / "kinsoku.pdf"
    path.write_bytes(tw.write_pdf(one_language(paras, "zh")))
    lines: dict[tuple[int, float], list[tuple[float, str]]] = {}
    for page, w, x0, _, y in words_with_boxes(path):
        lines.setdefault((page, round(y)), []).append((x0, w))
    starts = [min(ws)[1] for ws in lines.values()]
    assert len(starts) > 2 * len(paras)  # each paragraph wraps
    assert not [s for s in starts if s[0] in marks], [s for s in starts if s[0] in marks][:5]


def test_the_cli_offers_the_writers_default_engine():
    import inspect
    import typing

    from docgen import cli
    from docgen.writers.options import DEFAULT_PDF_ENGINE

    assert inspect.signature(cli.render).parameters["pdf_engine"].default == DEFAULT_PDF_ENGINE == "typst"
    hint = typing.get_type_hints(cli.render, include_extras=True)["pdf_engine"]
    assert "typst (default)" in hint.__metadata__[0].help


@pytest.mark.parametrize("layout", ["en", "parallel"])
def test_a_closing_seal_and_date_line_stay_with_the_text_they_close(tmp_path, layout):
    """Forms one after another, their closing lines (right-aligned: party and seal, date) falling at
    every height of a page: each closing line is on the page of the paragraph it closes."""
    blocks = []
    for k in range(1, 25):
        text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * (k % 7 + 1)
        blocks += [Para((Run(f"{text}End{k}"),)), Para((Run(f"Seal{k}"),), style="right"),
                   Para((Run(f"Date{k}"),), style="right")]
    doc = Document(meta=meta(), blocks=(Clause(id="f", level=1, number=Bi("第一条", "Article 1"), title=Bi("表格", "Forms"),
                                               body=Bi(tuple(blocks), tuple(blocks))),))
    path = tmp_path / "forms.pdf"
    path.write_bytes(tw.write_pdf(apply_layout(doc, layout)))
    page_of: dict[str, set[int]] = {}
    for page, w, *_ in words_with_boxes(path):
        page_of.setdefault(w, set()).add(page)
    assert max(p for ps in page_of.values() for p in ps) > 3
    for k in range(1, 25):
        assert page_of[f"Seal{k}"] == page_of[f"Date{k}"] == page_of[f"End{k}"], k
