"""`docgen project`: JSON, CSV, xlsx and table output, exit codes, the projection hash."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.projection.export import projection_hash, to_json_dict
from docgen.projection.run import project
from tests.projection.conftest import DEALS, ROOT, build, deal_data

runner = CliRunner()
EX1, EX2 = str(DEALS / "worked-example-1.yaml"), str(DEALS / "worked-example-2.yaml")


def _json(*args) -> dict:
    r = runner.invoke(app, ["project", *args, "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_entry_point_prints_example_1_json():
    exe = Path(sys.executable).with_name("docgen")
    r = subprocess.run([str(exe), "project", "deals/worked-example-1.yaml", "--format", "json"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert [p["required"] for p in d["periods"]] == ["4956.94", "4516.54", "4464.50"]


def test_json_example_1():
    d = _json(EX1)
    assert {"periods", "totals", "stress", "break_even"} <= set(d)
    p1 = d["periods"][0]
    assert {k: p1[k] for k in ("payment_date", "inflow", "fees", "taxes", "senior_interest", "senior_principal",
                               "required", "coverage_total", "coverage_senior", "shortfall_paid", "reserve_end",
                               "sub_income")} == {
        "payment_date": "2029-04-25", "inflow": "6465.00", "fees": "24.44", "taxes": "0.00",
        "senior_interest": "432.50", "senior_principal": "4500.00", "required": "4956.94",
        "coverage_total": "1.3042", "coverage_senior": "1.3107", "shortfall_paid": "0.00",
        "reserve_end": "316.54", "sub_income": "1191.52"}
    assert p1["balances"] == {"A1": "0.00", "A2": "8500.00", "Sub": "700.00"}
    assert d["totals"]["inflow"] == "19395.00" and d["cumulative_coverage"] == "1.3915"
    s5 = next(s for s in d["stress"] if s["id"] == "S5")
    assert s5["coverage"] == ["0.9055", "0.9938", "1.0054"] and s5["shortfall"][0] == "468.19"
    assert s5["min_coverage"] == "0.9055"
    assert d["break_even"]["uniform_haircut_pct"] == "23.33"
    assert d["break_even"]["collection_rate_pct"]["residential"] == "64.84"


def test_json_example_2_scenario_s5():
    d = _json(EX2, "--scenario", "S5")
    p1, p2, p3 = d["periods"]
    assert (p1["shortfall_paid"], p1["regime"], p1["event_of_default"]) == ("300.00", "default", True)
    assert p1["principal"] == {"A1": "1499.47", "A2": "2832.34", "Sub": "0.00"}
    assert p2["principal"] == {"A1": "1447.31", "A2": "2733.81", "Sub": "0.00"}
    assert p3["balances"] == {"A1": "56.01", "A2": "105.81", "Sub": "700.00"}
    assert d["scenario"] == "S5"


def test_csv_one_row_per_period():
    r = runner.invoke(app, ["project", EX1, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 3
    assert [x["sub_income"] for x in rows] == ["1191.52", "2100.50", "0.00"]
    assert rows[2]["balance_Sub"] == "0.00"


def test_xlsx_is_deterministic_with_numbers(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for f in (a, b):
        r = runner.invoke(app, ["project", EX1, "--format", "xlsx", "-o", str(f)])
        assert r.exit_code == 0, r.output
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        names = z.namelist()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        book = z.read("xl/workbook.xml").decode()
    assert sum(n.startswith("xl/worksheets/sheet") for n in names) == 7
    # numbers, not text: no t="s" (shared string) on the figure cells
    assert re.search(r'<c r="L2" s="\d+"><v>6465(\.00)?</v></c>', sheet)
    assert re.search(r'<c r="T2" s="\d+"><v>4956\.94</v></c>', sheet)
    assert 'ySplit="1"' in sheet  # header row frozen
    assert 'name="Periods"' in book and 'name="Stress"' in book


def test_table_output_shows_the_figures():
    r = runner.invoke(app, ["project", EX1])
    assert r.exit_code == 0
    for fig in ("6,465.00", "4,956.94", "1.3042", "23.33 %", "64.84 %"):
        assert fig in r.stdout


@pytest.mark.parametrize("args", [
    ["--format", "xlsx"],  # needs -o
    ["--format", "pdf"],
    ["--scenario", "NOPE"],
])
def test_bad_input_exits_2(args):
    r = runner.invoke(app, ["project", EX1, *args])
    assert r.exit_code == 2


def test_broken_deal_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("plan: {id: x}\n", encoding="utf-8")
    assert runner.invoke(app, ["project", str(bad)]).exit_code == 2


def test_projection_hash_names_one_run(ex1):
    a, b = project(ex1), project(ex1)
    assert projection_hash(a) == projection_hash(b)
    assert len(projection_hash(a)) == 64
    data = deal_data()
    data["fees"][1]["amount"] = 9
    assert projection_hash(project(build(data))) != projection_hash(a)
    assert to_json_dict(a)["periods"][0]["payment_date"] == "2029-04-25"
