"""Issue 14, item 5: coupons on a half (3.125, 3.135, 4.005 %) print rounded half-up — 3.13%, 3.14%, 4.01% —
in the rendered memorandum's tranche table, as `pct()` prints them in clause text (tests/assembly/test_cells.py
compares the two strings), and `docgen check`, which looks for each coupon as `pct()` prints it, finds
nothing about them."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from typer.testing import CliRunner

from docgen.cli import app

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "deals" / "heating-sweep-guaranteed.yaml"
# the sample's coupon → the half coupon put in its place, as printed; as Python's half-even rounding printed it
COUPONS = {"3.20": ("3.125", "3.13%", "3.12%"), "3.40": ("3.135", "3.14%", "3.14%"), "4.00": ("4.005", "4.01%", "4.00%")}


def test_half_coupons_print_half_up_in_the_table_and_check_is_clean(tmp_path):
    text = BASE.read_text("utf-8")
    for old, (new, _, _) in COUPONS.items():
        assert text.count(f"rate: {old}}}") == 1
        text = text.replace(f"rate: {old}}}", f"rate: {new}}}")
    deal = tmp_path / "coupons.yaml"
    deal.write_text(text, "utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["render", str(deal), "-o", str(out), "--docs", "OM", "--layout", "parallel",
                                 "--format", "docx", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    om = docx.Document(next((out / "heating-sweep-guaranteed").glob("offering-memorandum-*.docx")))
    cells = {c.text for t in om.tables for row in t.rows for c in row.cells}
    for _, printed, half_even in COUPONS.values():
        assert any(f"固定利率{printed}" in c and f"Fixed {printed}" in c for c in cells), printed
        if half_even != printed:
            assert not any(f"Fixed {half_even}" in c or f"固定利率{half_even}" in c for c in cells), half_even
    r = CliRunner().invoke(app, ["check", str(out), "--format", "json"])
    assert r.exit_code in (0, 3), r.output
    findings = json.loads(r.stdout)["findings"]
    assert not [f for f in findings if "coupon" in f["message"] or "%" in f["message"]], findings
