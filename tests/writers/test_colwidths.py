"""Column widths of data tables: no amount, date, percentage or word is ever broken inside a cell.

The widths are checked against the fonts themselves (fontTools on the installed Noto CJK faces, not
the stored advance table the code reads), in the widest labels there are (the parallel layout joins
both languages in every header), for every table of two sample deals."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from writer_readback import pdftotext
from writer_samples import meta

from docgen.layout import apply_layout
from docgen.tree import Cell, Document, Para, Run, Table
from docgen.writers import pdf as pdfw
from docgen.writers.options import WriterOptions
from docgen.writers.colwidths import DOCX, PDF, PT_MM, pieces, table_plan, table_widths
from docgen.writers.font_metrics import FACES, FILE, build

ROOT = Path(__file__).parents[2]

# these tests read the HTML/CSS route; the Typst writer's own are in test_typst_writer.py
WEASYPRINT = WriterOptions(pdf_engine="weasyprint")


@lru_cache(maxsize=1)
def font_dirs():
    from docgen.writers.typst_fonts import font_dirs as dirs

    found = dirs()
    if not any((Path(d) / FACES["serif"][0]).is_file() for d in found):
        pytest.skip("the Noto CJK fonts are not installed")
    return found


@lru_cache(maxsize=None)
def font_advances(face: str):
    """Advances (ems) of `face` read straight from the font file with fontTools."""
    from fontTools.ttLib import TTCollection

    fname, family = FACES[face]
    path = next(Path(d) / fname for d in font_dirs() if (Path(d) / fname).is_file())
    font = next(f for f in TTCollection(str(path), lazy=True).fonts if f["name"].getDebugName(1) == family)
    upm, hmtx, cmap = font["head"].unitsPerEm, font["hmtx"], font.getBestCmap()
    return {cp: hmtx[g][0] / upm for cp, g in cmap.items()}


def font_width(text: str, face: str) -> float:
    adv = font_advances(face)
    return sum(adv[ord(ch)] for ch in text)


# ----------------------------------------------------------------------------- line-break pieces
def test_dates_amounts_and_percentages_are_one_piece_words_break_at_spaces_and_hyphens():
    assert pieces("2028-04-26") == ["2028-04-26"]
    assert pieces("14,000.00 100.00%") == ["14,000.00", "100.00%"]
    assert pieces("Expected maturity") == ["Expected", "maturity"]
    assert pieces("Cash-Flow ACT/365 Senior/Mezzanine") == ["Cash-", "Flow", "ACT/365", "Senior/", "Mezzanine"]
    # Chinese breaks between characters, never before a closing mark nor after an opening one
    assert pieces("金额（万元）") == ["金", "额", "（万", "元）"]
    assert pieces("固定利率3.00%") == ["固", "定", "利", "率", "3.00%"]


def test_the_stored_advance_table_is_that_of_the_installed_fonts():
    import json

    from docgen.resources import style_dir

    stored = json.loads((style_dir() / FILE).read_text(encoding="utf-8"))
    assert stored == json.loads(json.dumps(build(font_dirs())))


# ----------------------------------------------------------------------------- sample tables
@lru_cache(maxsize=None)
def sample_tables(deal_name: str, layout: str) -> list[Table]:
    from docgen import pipeline
    from docgen.resources import library_root
    from docgen.tree import Clause, Section

    deal = pipeline.read_deal(ROOT / "deals" / f"{deal_name}.yaml")
    trees = pipeline.assemble(deal, pipeline.project(deal), root=library_root(), figures=False)
    out = []

    def walk(blocks):
        for b in blocks:
            if isinstance(b, Table):
                out.append(b)
            elif isinstance(b, (Clause, Section)):
                walk(b.body)
                walk(b.children)

    for tree in trees.values():
        walk(apply_layout(tree, layout).blocks)
    return out


def shortfalls(t: Table, g=PDF) -> list[str]:
    """Cells of `t` with a piece wider than its column (or columns) under the plan for geometry `g`."""
    plan = table_plan(t, g)
    mm = plan.font_pt * PT_MM
    bad = []
    first_total = len(t.rows) - t.total_rows
    for r, row in enumerate(t.header + t.rows):
        head = r < len(t.header)
        body = r - len(t.header)
        col = 0
        for c in row:
            face = g.head_face if head else (g.bold_face if c.bold or body >= first_total else g.body_face)
            room = sum(plan.widths[col:col + c.colspan]) - g.pad_mm
            for p in pieces(c.text):
                if font_width(p, face) * mm > room + 1e-6:
                    bad.append(f"{t.id} column {col + 1}: {p!r} needs {font_width(p, face) * mm:.1f} mm, has {room:.1f}")
            col += c.colspan
    return bad


@pytest.mark.parametrize("deal_name", ["worked-example-1", "heating-two-class-growth"])
@pytest.mark.parametrize("layout", ["parallel", "en"])
def test_every_piece_of_every_sample_table_fits_its_column(deal_name, layout):
    tables = sample_tables(deal_name, layout)
    assert len(tables) > 20
    bad = [s for t in tables for g in (PDF, DOCX) for s in shortfalls(t, g)]
    assert not bad, bad[:10]
    plans = [table_plan(t) for t in tables]
    assert all(abs(sum(p.widths) - (PDF.landscape_mm if p.landscape else PDF.width_mm)) < 0.01 for p in plans)
    assert all(p.fits for p in plans)


def tranche_like(n_terms: int = 9) -> Table:
    """The memorandum's old tranche table: its own relative widths give a date or an amount too little room."""
    header = ((Cell("证券 / Tranche"), Cell("类别 / Class"), Cell("规模 / Size"), Cell("占比 / Share"),
               Cell("预期收益率 / Expected yield"), Cell("付息方式 / Interest"), Cell("还本方式 / Principal"),
               Cell("预期到期日 / Expected maturity"), Cell("评级 / Rating")),)
    rows = ((Cell("次级资产支持证券 / Subordinated Securities"), Cell("次级 / Subordinated"), Cell("14,000.00"),
             Cell("100.00%"), Cell("无票面利率 / No coupon"), Cell("不适用 / n/a"), Cell("按计划摊还 / Scheduled amortisation"),
             Cell("2028-04-26"), Cell("未评级 / Unrated")),)
    return Table(id="t.tranches", caption="", header=header, rows=rows, align=("l",) * 9,
                 widths=(4, 2, 2, 2, 4, 2, 2, 2, 2))


def test_a_tables_own_widths_are_a_preference_never_room_for_less_than_a_whole_piece():
    t = tranche_like()
    assert not shortfalls(t)
    w = table_widths(t)
    assert w[0] > w[2] and w[4] > w[5]  # the preference still shows where there is room to give


def wide(ncols: int) -> Table:
    header = ((Cell("期次 / Period"),) + tuple(Cell(f"金额 / Outstanding {i}") for i in range(ncols - 1)),)
    rows = tuple((Cell(str(i)),) + tuple(Cell(f"{1_234_567_890.12 + i:,.2f}") for _ in range(ncols - 1))
                 for i in range(3))
    return Table(id="t.wide", caption="", header=header, rows=rows, align=("c",) + ("r",) * (ncols - 1))


def test_a_table_too_wide_is_set_smaller_then_turned_never_split():
    sizes = {n: table_plan(wide(n)) for n in (6, 7, 9, 16)}
    assert (sizes[6].font_pt, sizes[6].landscape) == (PDF.font_pt, False)
    assert PDF.min_pt <= sizes[7].font_pt < PDF.font_pt and not sizes[7].landscape
    assert sizes[9].landscape
    for n in (7, 9):
        assert not shortfalls(wide(n))
    assert not sizes[16].fits  # beyond even a landscape page: the plan says so
    assert not table_plan(wide(9), DOCX).landscape  # the DOCX stays one portrait section


def test_a_table_in_one_side_of_a_parallel_row_is_sized_for_half_the_width():
    t = wide(5)
    full, half = table_plan(t, PDF), table_plan(t, PDF.half())
    assert abs(sum(half.widths) - (PDF.width_mm - 8) / 2) < 0.01
    assert half.font_pt < full.font_pt and not half.landscape  # no landscape page for half a row


# ----------------------------------------------------------------------------- rendered
def words_by_line(path: Path) -> list[list[str]]:
    """The words of each text line of a PDF (pdftotext -bbox-layout)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return [re.findall(r"<word [^>]*>([^<]*)</word>", line) for line in re.findall(r"<line[^>]*>(.*?)</line>", xml, re.S)]


def test_the_tranche_table_prints_every_figure_and_word_whole(tmp_path):
    t = tranche_like()
    doc = apply_layout(Document(meta=meta(), blocks=(t,)), "parallel")
    path = tmp_path / "t.pdf"
    path.write_bytes(pdfw.write_pdf(doc, options=WEASYPRINT))
    words = {w for line in words_by_line(path) for w in line}
    for piece in ("14,000.00", "100.00%", "2028-04-26", "Subordinated", "Principal", "Expected", "amortisation"):
        assert piece in words, piece


def test_no_date_or_amount_breaks_in_a_table_set_smaller(tmp_path):
    doc = apply_layout(Document(meta=meta(), blocks=(wide(7),)), "zh")
    path = tmp_path / "t.pdf"
    path.write_bytes(pdfw.write_pdf(doc, options=WEASYPRINT))
    assert len(re.findall(r"^1,234,567,89\d\.12$", pdftotext(path), re.M)) == 3 * 6


def test_the_writers_print_the_plan(tmp_path):
    from docgen.writers.docx import write_docx
    from docgen.writers.html import to_html

    doc = apply_layout(Document(meta=meta(), blocks=(Para((Run("x"),)), wide(7), wide(9))), "zh")
    html = to_html(doc, embed_css=False)
    small = table_plan(wide(7)).font_pt
    assert f'style="font-size:{small:g}pt"' in html
    assert html.count('class="dt land"') == 1
    import zipfile
    import io

    xml = zipfile.ZipFile(io.BytesIO(write_docx(doc))).read("word/document.xml").decode()
    assert f'<w:sz w:val="{round(table_plan(wide(7), DOCX).font_pt * 2)}"/>' in xml


def test_a_table_turned_to_landscape_gets_a_landscape_page_of_its_own(tmp_path):
    doc = apply_layout(Document(meta=meta(), blocks=(Para((Run("before"),)), wide(9), Para((Run("after"),)))), "zh")
    path = tmp_path / "t.pdf"
    path.write_bytes(pdfw.write_pdf(doc, options=WEASYPRINT))
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "3", str(path)], check=True, capture_output=True, text=True).stdout)
    turned = [float(w) > float(h) for w, h in sizes]
    assert turned == [False, True, False]
    assert len(re.findall(r"^1,234,567,89\d\.12$", pdftotext(path, 2, 2), re.M)) == 3 * 8
