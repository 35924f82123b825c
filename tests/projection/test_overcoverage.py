"""Both gross over-coverage measures of model.md §4 — forecast pool cash over all tranches and over the senior
tranches — in `project` (JSON, xlsx, table) and in the memorandum, each with its definition; the deal's own
coverage target is printed only as a target."""

from __future__ import annotations

import json
import re
import zipfile

from typer.testing import CliRunner

from docgen.assembly.assemble import assemble
from docgen.cli import app
from docgen.model.deal import Deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from tests.projection.conftest import DEALS, ROOT, deal_data

runner = CliRunner()
EX1 = str(DEALS / "worked-example-1.yaml")


def test_json_has_both_measures_and_keeps_the_old_key():
    r = runner.invoke(app, ["project", EX1, "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    # 19,395.00 forecast inflow over 13,700.00 (all tranches) and over 13,000.00 (A1 4,500 + A2 8,500)
    assert d["gross_overcoverage_all"] == d["gross_overcoverage"] == "1.4157"
    assert d["gross_overcoverage_senior"] == "1.4919"
    keys = list(d)
    assert keys.index("gross_overcoverage_all") == keys.index("gross_overcoverage") + 1


def test_xlsx_totals_and_table_show_both(tmp_path):
    out = tmp_path / "p.xlsx"
    assert runner.invoke(app, ["project", EX1, "--format", "xlsx", "-o", str(out)]).exit_code == 0
    with zipfile.ZipFile(out) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
        totals = z.read("xl/worksheets/sheet6.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    assert "gross_overcoverage_all" in strings and "gross_overcoverage_senior" in strings
    cell = re.search(r'<c r="B(\d+)" s="(\d+)"><v>1\.4919</v></c>', totals)
    assert cell, "the senior measure is a number in the Totals sheet"
    assert 'formatCode="0.0000"' in styles  # and shown as a multiple, not as money
    r = runner.invoke(app, ["project", EX1])
    assert "gross over-coverage 1.4157x (all tranches), 1.4919x (senior)" in r.stdout


def _om(deal: Deal) -> tuple[str, str]:
    tree = assemble(deal, project(deal), "offering-memorandum", root=ROOT)
    return text_of(tree.blocks, "zh"), text_of(tree.blocks, "en")


def test_the_memorandum_prints_both_with_their_definitions():
    zh, en = _om(Deal.model_validate(deal_data()))
    assert "以专项计划存续期内预测现金流入合计除以全部资产支持证券规模计算的毛覆盖倍数为1.42倍" in zh
    assert "以同一预测现金流入合计除以优先级资产支持证券规模计算的优先级毛覆盖倍数为1.49倍" in zh
    assert "divided by the size of all the Securities, is 1.42x" in en
    assert "the same inflow divided by the size of the Senior Securities, is 1.49x" in en


def test_a_target_is_printed_as_a_target_and_only_when_the_deal_states_it():
    data = deal_data()
    assert str(data["credit_enhancement"]["overcoverage_target"]) == "1.20"  # typed in worked example 1
    zh, en = _om(Deal.model_validate(data))
    assert "（目标水平为1.20倍）" in zh and "(target 1.20x)" in en
    assert zh.count("1.20倍") == 1 and en.count("1.20x") == 1  # nowhere else, as if it were computed
    del data["credit_enhancement"]["overcoverage_target"]
    zh, en = _om(Deal.model_validate(data))
    # the model's default (1.20) is nobody's statement: not printed
    assert "（目标水平为" not in zh and "(target " not in en
    assert "1.20倍" not in zh and "1.20x" not in en
