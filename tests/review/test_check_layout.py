"""The layout lint of `docgen check` (docgen/review/check_layout.py) on small hand-made PDFs: each fault
found where a partner would see it, and nothing where the page is right."""

from __future__ import annotations

import hashlib
import json

import pytest

from docgen.review import check_layout
from docgen.review.extract import pages_of, pdf_bbox

STYLE = ("<style>@page { size: 120mm 90mm; margin: 10mm } "
         "body { font-family: 'Noto Serif CJK SC'; font-size: 10pt; line-height: 1.4 } "
         "table { border-collapse: collapse; width: 100%; table-layout: fixed } "
         "td, th { border: 0.4pt solid #777; padding: 1mm; overflow-wrap: break-word; vertical-align: top } "
         "caption { text-align: center; font-weight: bold }</style>")
PROSE = "<p>The Expected maturity of each class and the Principal paid are shown in the table below.</p>"


def weasy(body: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=STYLE + body).write_pdf()


def lint(data: bytes, name: str = "offering-memorandum-en.pdf") -> list[tuple[str, str, str]]:
    return sorted(set(check_layout.check({name: check_layout.read(data, pdf_bbox(data))})))


def tranche_table(first: str, second: str) -> str:
    return (f"<table><tr><th style='width:{first}'>Expected maturity</th><th style='width:{second}'>Size</th>"
            "<th>Note</th></tr><tr><td>2028-04-26</td><td>14,000.00</td>"
            "<td>Principal is paid on the Expected maturity date in full.</td></tr></table>")


# ------------------------------------------------------------------------------------ broken tokens
def test_a_figure_or_a_word_broken_in_a_narrow_table_cell_is_found():
    found = lint(weasy(PROSE + tranche_table("12mm", "14mm")))
    broken = {m.split(": ", 1)[1].split(" (cell")[0] for _, rule, m in found if rule == "layout-broken-token"}
    assert "a figure broken across lines in a table cell: ‘14,000.0’ / ‘0’" in broken
    assert any(b.startswith("a figure") and "‘2028-0" in b for b in broken)
    assert any(b.startswith("an English word") and "‘Expec" in b for b in broken)
    assert all(m.startswith("p. 1: ") for _, _, m in found)


def test_the_same_table_with_room_for_its_figures_is_clean():
    assert lint(weasy(PROSE + tranche_table("30mm", "25mm"))) == []


def test_prose_wrapping_chinese_anywhere_or_english_at_a_hyphen_is_no_finding():
    zh = "计划管理人应当于每个兑付日前将本金及预期收益划付至登记托管机构指定账户，并按照约定披露兑付公告。"
    en = ("The Plan Manager's cash-flow well-being self-assessment long-established non-recourse counter-party "
          "obligations co-operate on 2028-04-26 for RMB 14,000.00 at 3.50%.")
    body = (f"<p style='width:40mm'>{zh}{en}</p>"
            f"<table><tr><td style='width:25mm'>{zh}</td><td>well-being self-assessment</td></tr></table>")
    data = weasy(body)
    assert any(line.endswith("-") for page in pages_of(pdf_bbox(data), 1) for line in page)  # broken at a hyphen
    assert lint(data) == []


# ---------------------------------------------------------------------------------- captions and rows
def table(rows: int, caption: str = "Tranche terms") -> str:
    body = "".join(f"<tr style='height:8mm'><td>Class A{i}</td><td>1,000.00</td></tr>" for i in range(1, rows + 1))
    return (f"<table><caption>{caption}</caption><thead><tr style='height:8mm'><th>Class</th><th>Size</th></tr>"
            f"</thead><tbody>{body}<tr style='height:8mm'><td>Total</td><td>{rows},000.00</td></tr></tbody></table>")


def filler(mm: int) -> str:
    return f"<div style='height:{mm}mm'>Prose before the table.</div>"


def test_a_caption_left_at_the_foot_of_a_page_is_found():
    # 70 mm of text height: the caption fits under 58 mm of prose, the header row does not
    assert lint(weasy(filler(58) + table(3))) == [
        ("offering-memorandum-en.pdf", "layout-caption",
         "p. 1: the caption “Tranche terms” is last on its page; its table starts on p. 2")]


def test_a_caption_on_the_page_of_its_table_is_no_finding():
    assert lint(weasy(filler(14) + table(3))) == []


def test_a_total_row_alone_at_the_top_of_a_page_is_found():
    assert lint(weasy(filler(30) + table(3))) == [
        ("offering-memorandum-en.pdf", "layout-lone-row",
         "p. 2: one row of a table stands alone at the top of the page: “Total 3,000.00”; the table starts on an "
         "earlier page")]


def test_two_rows_carried_over_with_the_repeated_header_are_no_finding():
    data = weasy(filler(28) + table(4))
    assert len(check_layout.read(data, pdf_bbox(data))) == 2  # the table does run over the page break
    assert lint(data) == []


def test_the_tables_of_a_two_column_page_are_read_each_in_its_column():
    # the parallel layout: a broken cell in the English column, a clean Chinese one beside it
    cols = ("<table style='table-layout:fixed;border:none'><tr>"
            "<td style='border:none;width:50%'><table><tr><td>预期到期日</td><td>2028-04-26</td></tr></table></td>"
            f"<td style='border:none'>{PROSE}<table><tr><td style='width:9mm'>Expected</td><td>maturity</td></tr>"
            "</table></td></tr></table>")
    found = lint(weasy(cols), "offering-memorandum-parallel.pdf")
    assert [rule for _, rule, _ in found] == ["layout-broken-token"]
    assert "‘Exp" in found[0][2] and "预期" not in found[0][2]


# --------------------------------------------------------------------------------------------- glyphs
LACKING = "\u0378"  # an unassigned code point: no font has a glyph for it


def test_a_character_the_fonts_lack_is_found_in_a_weasyprint_pdf():
    found = lint(weasy(f"<p>Plan size {LACKING} RMB 14,000.00</p>"))
    assert [(rule, m.split(":")[0]) for _, rule, m in found] == [("layout-missing-glyph", "p. 1")]
    assert "U+0378" in found[0][2] and "empty boxes" in found[0][2]
    assert lint(weasy("<p>Plan size RMB 14,000.00</p>")) == []


def test_a_character_the_fonts_lack_is_found_in_a_typst_pdf(tmp_path):
    typst = pytest.importorskip("typst")
    from docgen.writers.typst_fonts import font_dirs

    def compile_(text: str) -> bytes:
        src = tmp_path / "doc.typ"
        src.write_text(f'#set text(font: "Noto Serif CJK SC")\n#set page(width: 100mm, height: 60mm)\n{text}\n',
                       "utf-8")
        return typst.compile(str(src), font_paths=list(font_dirs()), ignore_system_fonts=True)

    found = lint(compile_(f"计划规模 {LACKING} 14,000.00 万元"))
    assert [(rule, m.split(":")[0]) for _, rule, m in found] == [("layout-missing-glyph", "p. 1")]
    assert lint(compile_("计划规模 14,000.00 万元")) == []


# --------------------------------------------------------------------------------------- in docgen check
def test_check_reports_the_lint_and_only_warns_while_it_is_switched_off(tmp_path, monkeypatch):
    from docgen.review.check import PackChecker

    pack = tmp_path / "pack"
    pack.mkdir()
    data = weasy(filler(30) + table(3))
    (pack / "offering-memorandum-en.pdf").write_bytes(data)
    (pack / "manifest.json").write_text(json.dumps({"deal_id": "x", "files": {"offering-memorandum-en.pdf": {
        "sha256": hashlib.sha256(data).hexdigest()}}}))
    enforced = PackChecker(pack)
    enforced.check_files()
    assert enforced.warnings == [] and "layout-lone-row" in {f.rule for f in enforced.findings}
    monkeypatch.setattr(check_layout, "ENFORCED", False)
    checker = PackChecker(pack)
    checker.check_files()
    assert [f.rule for f in checker.warnings] == ["layout-lone-row"]
    assert "layout-lone-row" not in {f.rule for f in checker.findings}
