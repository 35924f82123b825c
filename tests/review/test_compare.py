"""`docgen compare`: what a user checks in the summary and the redlines.

The changed deal is worked example 1 with the plan size and the subordinated tranche size raised
together (100万元 each, so it stays valid), tranche A2's coupon raised and the originator's name
changed. The summary must list exactly those changes, name the articles each touches, and the
redlines must carry real tracked changes.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.assembly import registry
from docgen.review import compare as cmp
from docgen.review.dealdiff import diff_deals
from docgen.review.redline import engine_redline, fallback_docx, revision_counts
from docgen.review.treediff import diff_documents, diff_text, tokens
from docgen.tree import Bi, Cell, Clause, DocMeta, Document, Figure, Para, Run, Table

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "worked-example-1.yaml"
MINI = ROOT / "tests" / "data" / "clauses" / "mini"
DOCGEN = [sys.executable, "-m", "docgen.cli"]

OLD_NAME_ZH, NEW_NAME_ZH = "北辰热力集团有限公司", "北辰热力集团股份有限公司"
OLD_NAME_EN, NEW_NAME_EN = "Beichen Heating Group Co., Ltd.", "Beichen Heating Group Holdings Co., Ltd."
EDITS = [
    ("  total_size: 13700.00\n", "  total_size: 13800.00\n"),
    ("    size: 700.00\n", "    size: 800.00\n"),  # the subordinated tranche
    ("    coupon: {type: fixed, rate: 3.50}\n", "    coupon: {type: fixed, rate: 3.80}\n"),  # tranche A2
    (f'    name: {{zh: {OLD_NAME_ZH}, en: "{OLD_NAME_EN}"}}\n', f'    name: {{zh: {NEW_NAME_ZH}, en: "{NEW_NAME_EN}"}}\n'),
]
EXPECTED_PATHS = ["plan.total_size", "parties.beichen.name", "tranches[A2].coupon.rate", "tranches[Sub].size"]


def _register_mini_builders() -> None:
    """The mini clause library names two test builders (as tests/assembly/conftest.py registers them)."""
    if "test.tranches" not in registry.TABLES:
        registry.table("test.tranches")(lambda ctx: Table(
            id="test.tranches", caption=Bi("证券", "Securities"),
            header=((Bi(Cell("档次"), Cell("Tranche")), Bi(Cell("规模"), Cell("Size"))),),
            rows=tuple((Cell(t.id), Cell(ctx.fmt["zh"].money_figure(t.size))) for t in ctx.deal.tranches),
            align=("l", "r")))
    if "test.chart" not in registry.FIGURES:
        registry.figure("test.chart")(lambda ctx: Figure(id="test.chart", caption=Bi("图", "Chart"), svg=b"<svg/>",
                                                          png=b""))


@pytest.fixture(scope="module")
def new_deal(tmp_path_factory) -> Path:
    text = DEAL.read_text("utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path_factory.mktemp("deals") / "worked-example-1-v2.yaml"
    path.write_text(text, "utf-8")
    return path


def run_cli(*args):
    return subprocess.run([*DOCGEN, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=600)


# ----------------------------------------------------------------------------- the deal diff
def test_summary_lists_exactly_the_changed_fields_with_formatted_values(new_deal):
    from docgen.model.loader import load_deal, read_yaml

    diff = diff_deals(load_deal(DEAL), load_deal(new_deal), read_yaml(DEAL)[1], read_yaml(new_deal)[1])
    by_path = {c.dotted: c for c in diff.changes}
    assert sorted(by_path) == sorted(EXPECTED_PATHS)
    size = by_path["plan.total_size"]
    assert size.label == "Plan size"
    assert (size.old_text, size.new_text) == ({"zh": "13,700.00万元", "en": "RMB 137.00 million"},
                                              {"zh": "13,800.00万元", "en": "RMB 138.00 million"})
    assert (size.old, size.new) == (Decimal("13700.00"), Decimal("13800.00"))
    assert size.new_line == 12
    coupon = by_path["tranches[A2].coupon.rate"]
    assert coupon.label == "Tranche A2 coupon"
    assert (coupon.old_text["en"], coupon.new_text["en"]) == ("3.50%", "3.80%")
    name = by_path["parties.beichen.name"]
    assert name.new_text == {"zh": NEW_NAME_ZH, "en": NEW_NAME_EN}
    assert "Originator" in name.label
    assert by_path["tranches[Sub].size"].label == "Tranche Sub size"


def test_reordering_fees_or_spelling_out_a_default_is_no_change(tmp_path):
    from docgen.model.loader import load_deal

    lines = DEAL.read_text("utf-8").splitlines(keepends=True)
    fees = [i for i, line in enumerate(lines) if line.startswith("  - {id: ") and "basis:" in line]
    assert len(fees) == 2
    lines[fees[0]], lines[fees[1]] = lines[fees[1]], lines[fees[0]]
    text = "".join(lines).replace("  business_day_convention: following\n",
                                  "  business_day_convention: following\n  offsets: {calculation: 10}\n")
    p = tmp_path / "reordered.yaml"
    p.write_text(text, "utf-8")
    assert diff_deals(load_deal(DEAL), load_deal(p)).changes == []


# ----------------------------------------------------------------------------- text diff
def test_chinese_is_diffed_per_character_and_english_per_word():
    assert tokens("购买价款13,700.00万元", "zh") == ["购", "买", "价", "款", "13,700.00", "万", "元"]
    ops = diff_text(OLD_NAME_ZH, NEW_NAME_ZH, "zh")
    assert [(o.tag, o.text) for o in ops] == [("equal", "北辰热力集团"), ("insert", "股份"), ("equal", "有限公司")]
    ops = diff_text("The price is RMB 137.00 million.", "The price is RMB 138.00 million.", "en")
    assert [(o.tag, o.text) for o in ops if o.tag != "equal"] == [("delete", "137.00"), ("insert", "138.00")]


def _doc(clauses) -> Document:
    meta = DocMeta("d", "asset-purchase-agreement", "bilingual", "资产买卖协议 Asset Purchase Agreement", "", "2028-03-20",
                   "", "0")
    return Document(meta, tuple(clauses))


def _clause(n: int, zh: str, en: str, children=()) -> Clause:
    return Clause(f"c{n}", 1, Bi(f"第{n}条", f"Article {n}"), Bi("标题", "Title"),
                  Bi((Para((Run(zh),)),), (Para((Run(en),)),)), children)


def test_tree_diff_reports_changed_articles_by_level_one_number():
    from docgen.review.treediff import touched

    sub_old = Clause("c2.1", 2, "2.1", None, Bi((Para((Run("旧"),)),), (Para((Run("old"),)),)))
    sub_new = Clause("c2.1", 2, "2.1", None, Bi((Para((Run("新"),)),), (Para((Run("new"),)),)))
    old = _doc([_clause(1, "甲", "a"), _clause(2, "乙", "b", (sub_old,)), _clause(3, "丙", "c")])
    new = _doc([_clause(1, "甲", "a"), _clause(2, "乙", "b", (sub_new,)), _clause(3, "丙", "C")])
    assert [r.label for r in touched(old, new)] == ["art. 2", "art. 3"]
    diffs = diff_documents(old, new)
    assert [d.status for d in diffs] == ["same", "same", "changed", "changed"]
    # an article dropped from NEW is reported where it stood, by its OLD number
    fewer = _doc([_clause(1, "甲", "a"), _clause(3, "丙", "c")])
    assert [r.label for r in touched(old, fewer)] == ["art. 2"]
    assert [r.label for r in touched(old, None)] == ["whole document removed"]


# ----------------------------------------------------------------------------- DOCX redlines
def _small_docx(paras: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paras:
        d.add_paragraph(p)
    d.core_properties.created = d.core_properties.modified = __import__("datetime").datetime(2028, 1, 1)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_engine_redline_marks_chinese_and_english_edits_and_is_deterministic():
    old = _small_docx([f"甲方：{OLD_NAME_ZH}", f"Party A: {OLD_NAME_EN}", "价款为13,700.00万元。"])
    new = _small_docx([f"甲方：{NEW_NAME_ZH}", f"Party A: {NEW_NAME_EN}", "价款为13,800.00万元。"])
    a = engine_redline(old, new)
    assert engine_redline(old, new) == a
    xml = _document_xml(a)
    counts = revision_counts(a)
    assert counts["ins"] >= 3 and counts["del"] >= 1
    assert ">股份<" in xml  # only the inserted characters are marked, not the whole name
    assert "13,700.00</w:delText>" in xml


def test_fallback_docx_writes_tracked_changes_itself_deterministically():
    old = _doc([_clause(1, f"甲方为{OLD_NAME_ZH}。", f"Party A is {OLD_NAME_EN}.")])
    new = _doc([_clause(1, f"甲方为{NEW_NAME_ZH}。", f"Party A is {NEW_NAME_EN}.")])
    diffs = diff_documents(old, new)
    import datetime as dt

    a = fallback_docx(diffs, "资产买卖协议 — redline", dt.date(2028, 3, 20))
    assert a == fallback_docx(diffs, "资产买卖协议 — redline", dt.date(2028, 3, 20))
    xml = _document_xml(a)
    assert revision_counts(a) == {"ins": 2, "del": 0}
    assert ">股份</w:t></w:r></w:ins>" in xml and "Holdings" in xml


# ----------------------------------------------------------------------------- attribution (mini library)
@pytest.fixture(scope="module")
def mini_result(new_deal):
    _register_mini_builders()
    return cmp.compare(DEAL, new_deal, root=MINI, redline_docx=False)


def test_attribution_applies_each_change_alone_or_with_the_change_it_needs(mini_result):
    changes = {c["path"]: c for c in mini_result.summary["changes"]}
    assert sorted(changes) == sorted(EXPECTED_PATHS)
    size = changes["plan.total_size"]
    assert size["attribution"] == {"method": "together", "with": ["tranches[Sub].size"], "reason": size["attribution"]["reason"]}
    assert "tranche sizes add up" in size["attribution"]["reason"]
    assert changes["tranches[Sub].size"]["attribution"]["with"] == ["plan.total_size"]
    # in the mini library the price is in APA art. 3; the plan size is in no pledge-contract article
    assert ("asset-purchase-agreement", "art. 3") in {(a["document"], a["ref"]) for a in size["affects"]}
    assert not any(a["document"] == "pledge-contract" for a in size["affects"])
    name = changes["parties.beichen.name"]
    assert name["attribution"]["method"] == "alone"
    assert {"parties", "signature page"} <= {a["ref"] for a in name["affects"] if a["document"] == "asset-purchase-agreement"}
    assert "art. 3" not in {a["ref"] for a in name["affects"] if a["document"] == "asset-purchase-agreement"}
    assert size["text"].startswith("Plan size: 13,700.00万元 → 13,800.00万元 (RMB 137.00 million → RMB 138.00 million); "
                                   "affects APA ")


def test_summary_lists_the_derived_figures_that_changed(mini_result, new_deal):
    """A2's coupon up 0.30 %: more senior interest, less for the subordinated tranche, less room before
    coverage falls to 1.00x — the summary says so in figures, not only that the coupon changed."""
    from decimal import ROUND_HALF_UP

    from docgen.model import load_deal
    from docgen.projection.run import project

    old, new = project(load_deal(DEAL)), project(load_deal(new_deal))
    derived = {d["key"]: d for d in mini_result.summary["derived"]}

    a2 = [sum(p.interest["A2"] for p in proj.periods) for proj in (old, new)]
    assert a2[1] > a2[0]
    row = derived["senior_interest[A2]"]
    assert (row["old"]["value"], row["new"]["value"]) == (format(a2[0], "f"), format(a2[1], "f"))
    million = (a2[1] * 10000 / 1000000).quantize(Decimal("0.01"), ROUND_HALF_UP)  # the deal is in 万元
    assert row["new"]["en"] == f"RMB {million} million" and row["new"]["zh"] == f"{a2[1]:,.2f}万元"
    assert row["text"].startswith(f"Senior interest paid in all, tranche A2: {a2[0]:,.2f}万元")
    assert "senior_interest[A1]" not in derived  # unchanged figures are not listed
    assert "senior_interest" in derived and "sub_income" in derived

    def printed(x):
        return x.quantize(Decimal("0.01"), ROUND_HALF_UP)
    moved = {f"coverage[{p.index}]" for p, q in zip(old.periods, new.periods)
             if printed(p.coverage_total) != printed(q.coverage_total)}
    assert moved and {k for k in derived if k.startswith("coverage[")} == moved
    be = derived["break_even.uniform"]
    assert Decimal(be["new"]["value"]) < Decimal(be["old"]["value"])
    assert be["new"]["en"] == f"{new.break_even.uniform_haircut_pct}%"

    md = mini_result.files["summary.md"].decode("utf-8")
    assert f"## Changed derived figures ({len(derived)})" in md
    assert f"| Senior interest paid in all, tranche A2 | {a2[0]:,.2f}万元 (RMB " in md


def test_changes_that_only_hold_all_together_are_attributed_from_the_full_new_version(tmp_path):
    _register_mini_builders()
    text = DEAL.read_text("utf-8")
    for old, new in [("  total_size: 13700.00\n", "  total_size: 13900.00\n"),
                     ("    size: 4500.00\n", "    size: 4600.00\n"), ("    size: 700.00\n", "    size: 800.00\n")]:
        text = text.replace(old, new)
    p = tmp_path / "three.yaml"
    p.write_text(text, "utf-8")
    result = cmp.compare(DEAL, p, root=MINI, redline_docx=False)
    changes = result.summary["changes"]
    assert [c["path"] for c in changes] == ["plan.total_size", "tranches[A1].size", "tranches[Sub].size"]
    assert {c["attribution"]["method"] for c in changes} == {"full"}
    assert "tranche sizes add up" in changes[0]["attribution"]["reason"]
    every = [(d, p["ref"]) for d, row in result.summary["documents"].items() for p in row["changed_parts"]]
    assert [(a["document"], a["ref"]) for a in changes[0]["affects"]] == every
    assert "articles are those of the full NEW version" in changes[0]["text"]


def test_html_redline_marks_insertions_and_deletions(mini_result):
    html = mini_result.files["asset-purchase-agreement-redline.html"].decode("utf-8")
    assert "<ins>股份</ins>" in html
    assert "<del>137,000,000.00</del><ins>138,000,000.00</ins>" in html  # the price, word by word in English
    assert "<del>柒</del><ins>捌</ins>" in html  # 壹亿叁仟柒佰万元 → 壹亿叁仟捌佰万元, character by character


# ----------------------------------------------------------------------------- bad input
def test_missing_input_exits_2_without_traceback(tmp_path):
    r = run_cli("compare", DEAL, tmp_path / "nope.yaml", "-o", tmp_path / "out")
    assert r.returncode == 2
    assert "no such file" in r.stderr and "Traceback" not in r.stderr + r.stdout


def test_folder_that_is_no_pack_exits_2(tmp_path):
    r = run_cli("compare", tmp_path, DEAL, "-o", tmp_path / "out")
    assert r.returncode == 2 and "not a rendered pack" in r.stderr


def test_invalid_deal_exits_2_with_located_diagnostics(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEAL.read_text("utf-8").replace("    coupon: {type: fixed, rate: 3.50}\n",
                                                   "    coupon: {type: fixed, rate: lots}\n"), "utf-8")
    r = run_cli("compare", DEAL, bad, "-o", tmp_path / "out")
    assert r.returncode == 2
    assert f"{bad}:96:" in r.stderr and "tranches[1].coupon.rate" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------- the real pipeline
# Attribution looks at the whole pack; the redlines are made for the asset purchase agreement only
# (it prints the purchase price and the seller's name) to keep the test quick.
REDLINED = ("asset-purchase-agreement",)


@pytest.fixture(scope="module")
def builder():
    return cmp.Builder()  # trees cached by deal: tests that compare the same deals again assemble nothing


@pytest.fixture(scope="module")
def real(new_deal, tmp_path_factory, builder):
    out = tmp_path_factory.mktemp("compare")
    result = cmp.compare(DEAL, new_deal, documents=REDLINED, builder=builder)
    cmp.write_outputs(out, result.files)
    return result, out


def _affects(change: dict, document: str) -> list[dict]:
    return [a for a in change["affects"] if a["document"] == document]


def test_summary_json_lists_the_changes_and_the_articles_each_touches(real):
    _, out = real
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    changes = {c["path"]: c for c in summary["changes"]}
    assert sorted(changes) == sorted(EXPECTED_PATHS)

    coupon = changes["tranches[A2].coupon.rate"]
    assert coupon["attribution"]["method"] == "alone"
    om = _affects(coupon, "offering-memorandum")
    assert any(a["title"]["zh"] == "资产支持证券的基本情况" and a["ref"].startswith("ch. ") for a in om), om
    assert _affects(coupon, "asset-purchase-agreement") == []
    # of the pledge contract, only the secured claims: its table of amounts due carries each period's interest
    assert [a["title"]["zh"] for a in _affects(coupon, "pledge-contract")] == ["主债权"]

    size = changes["plan.total_size"]
    assert size["attribution"]["method"] == "together" and size["attribution"]["with"] == ["tranches[Sub].size"]
    assert any(a["title"]["zh"] == "购买价款及支付" for a in _affects(size, "asset-purchase-agreement"))
    assert any(a["title"]["zh"] == "资产支持证券的基本情况" for a in _affects(size, "offering-memorandum"))

    name = changes["parties.beichen.name"]
    assert name["attribution"]["method"] == "alone"
    assert {"asset-purchase-agreement", "pledge-contract", "shortfall-undertaking"} <= {a["document"] for a in name["affects"]}
    assert not any(a["title"]["zh"] == "购买价款及支付" for a in _affects(name, "asset-purchase-agreement"))

    md = (out / "summary.md").read_text("utf-8")
    assert "| Plan size | 13,700.00万元 (RMB 137.00 million) | 13,800.00万元 (RMB 138.00 million) |" in md


def test_tracked_changes_docx_opens_in_libreoffice_and_shows_the_new_name(real, tmp_path):
    result, out = real
    red = result.summary["documents"]["asset-purchase-agreement"]["redline"]
    assert red["engine"] == "python-redlines/docxodus" and red["docx"] == "asset-purchase-agreement-redline.docx"
    data = (out / red["docx"]).read_bytes()
    xml = _document_xml(data)
    assert "<w:ins " in xml and "<w:del " in xml
    # the purchase price: the old figure deleted, the new one inserted
    assert re.search(r"<w:del [^>]*>(?:(?!</w:del>).)*137,000,000\.00(?:(?!</w:del>).)*</w:del>", xml)
    assert re.search(r"<w:ins [^>]*>(?:(?!</w:ins>).)*138,000,000\.00(?:(?!</w:ins>).)*</w:ins>", xml)
    profile = tmp_path / "lo-profile"
    r = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(out / red["docx"])], capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "asset-purchase-agreement-redline.pdf"
    assert r.returncode == 0 and pdf.is_file(), r.stderr
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=120).stdout.decode()
    assert NEW_NAME_ZH in "".join(text.split())


def test_html_redline_of_the_real_agreement_marks_the_price(real):
    _, out = real
    html = (out / "asset-purchase-agreement-redline.html").read_text("utf-8")
    assert "<del>137,000,000.00</del><ins>138,000,000.00</ins>" in html
    assert "<ins>股份</ins>" in html


def test_when_the_redline_engine_fails_docgen_writes_the_tracked_changes_itself(real, new_deal, builder, monkeypatch):
    from docgen.review import redline

    def broken(old, new):
        raise redline.RedlineUnavailable("the docxodus engine failed: exit status 134")

    monkeypatch.setattr(redline, "engine_redline", broken)
    result = cmp.compare(DEAL, new_deal, documents=REDLINED, builder=builder)
    red = result.summary["documents"]["asset-purchase-agreement"]["redline"]
    assert red["engine"] == "docgen (tree diff)" and "exit status 134" in red["note"]
    assert any("written by docgen from the tree diff" in n for n in result.summary["notes"])
    xml = _document_xml(result.files[red["docx"]])
    assert re.search(r"<w:del [^>]*><w:r><w:delText[^>]*>[^<]*137,000,000\.00", xml)
    assert re.search(r"<w:ins [^>]*><w:r><w:t[^>]*>[^<]*138,000,000\.00", xml)
    assert "股份" in xml
    # the rest of the output does not depend on the engine
    assert result.summary["changes"] == real[0].summary["changes"]


def test_same_inputs_give_byte_identical_outputs(real, new_deal):
    result, _ = real
    again = cmp.compare(DEAL, new_deal, documents=REDLINED)  # a fresh builder: nothing cached
    assert sorted(again.files) == sorted(result.files)
    for name, data in result.files.items():
        assert again.files[name] == data, name


def test_comparing_a_deal_with_itself_reports_no_change(tmp_path):
    r = run_cli("compare", DEAL, DEAL, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert summary["changes"] == [] and summary["derived"] == []
    assert all(row["changed_parts"] == [] for row in summary["documents"].values())
    assert "No changed figures or terms" in r.stdout


def test_packs_are_compared_through_their_deal_files_and_their_own_docx(new_deal, tmp_path):
    packs = []
    for deal in (DEAL, new_deal):
        r = run_cli("render", deal, "-o", tmp_path / deal.stem, "--docs", REDLINED[0], "--format", "docx",
                    "--layout", "parallel")
        assert r.returncode == 0, r.stderr
        packs.append(tmp_path / deal.stem / "worked-example-1")
    result = cmp.compare(packs[0], packs[1], documents=REDLINED)
    assert sorted(c["path"] for c in result.summary["changes"]) == sorted(EXPECTED_PATHS)
    red = result.summary["documents"]["asset-purchase-agreement"]["redline"]
    assert red["source"] == "pack" and red["layout"] == "parallel"
    assert revision_counts(result.files[red["docx"]])["ins"] > 0
