"""Under-coverage is said, not hidden: `validate` warns of each base-case period below 1.00x or below the
target, `render` prints it, and no break-even figure is negative — the memorandum says coverage is already
below 1.00x instead of printing a negative fall."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.model import load_deal
from docgen.projection.coverage import obligations
from docgen.projection.run import project
from tests.model.test_rules import G, base, dump


def collecting(rate: int, tmp_path: Path) -> Path:
    """The guaranteed sample with every class collecting `rate` % of its bills."""
    d = base(G)
    for c in d["pool"]["customer_classes"]:
        c["collection_rate"] = Decimal(rate)
    return dump(d, tmp_path / f"collecting-{rate}.yaml")


def validate_json(f: Path) -> list[dict]:
    r = CliRunner().invoke(app, ["validate", str(f), "--format", "json"])
    assert r.exit_code == 0, r.output  # warnings: the deal is still valid
    return json.loads(r.stdout)


def ratio(p) -> Decimal:  # independent of the engine's own rounding helper
    return (p.inflow / obligations(p)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def test_every_period_below_one_is_named_with_its_coverage(tmp_path):
    f = collecting(60, tmp_path)
    proj = project(load_deal(f))
    short = [p for p in proj.periods if p.inflow < obligations(p)]
    assert short, "the case must leave some period short"
    found = [d for d in validate_json(f) if d["rule"] == "coverage"]
    assert [d["path"] for d in found] == [f"dates.payment_dates[{p.index - 1}]" for p in short]
    lines = f.read_text(encoding="utf-8").splitlines()
    for d, p in zip(found, short):
        assert d["severity"] == "warning"
        assert d["message"].startswith(f"period {p.index} ({p.payment_date}): base-case coverage {ratio(p)}x is below 1.00x")
        assert f"{p.inflow:,} do not pay the {obligations(p):,} due" in d["message"]
        assert lines[d["line"] - 1].strip().startswith("- ")  # the period's payment date in the list


def test_a_period_below_the_target_but_above_one_is_named_too(tmp_path):
    f = collecting(80, tmp_path)
    deal = load_deal(f)
    target = deal.credit_enhancement.overcoverage_target
    proj = project(deal)
    low = [p for p in proj.periods if obligations(p) and p.inflow < obligations(p) * target]
    assert low and all(p.inflow >= obligations(p) for p in low)
    found = [d["message"] for d in validate_json(f) if d["rule"] == "coverage"]
    assert found == [f"period {p.index} ({p.payment_date}): base-case coverage {ratio(p)}x is below the target "
                     f"{target}x (credit_enhancement.overcoverage_target)" for p in low]


def test_the_samples_have_no_coverage_warning():
    from tests.model.test_rules import DEALS

    r = CliRunner().invoke(app, ["validate", str(DEALS), "--format", "json"])
    assert not [d for d in json.loads(r.stdout) if d["rule"] in ("coverage", "edge-season")]


@pytest.mark.parametrize("rate", [60, 80])
def test_break_even_figures_are_never_negative(rate, tmp_path):
    proj = project(load_deal(collecting(rate, tmp_path)))
    be = proj.break_even
    assert be.uniform_haircut_pct >= 0 and all(v >= 0 for v in be.collection_rate_pct.values())
    short = any(p.inflow < obligations(p) for p in proj.periods)
    assert be.already_below == short
    if short:
        assert be.uniform_haircut_pct == 0


def test_the_memorandum_says_coverage_is_already_below_one(tmp_path):
    from docgen import pipeline
    from docgen.resources import library_root

    deal = load_deal(collecting(60, tmp_path))
    proj = project(deal)
    tree = pipeline.assemble(deal, proj, root=library_root(), documents=["offering-memorandum"], figures=False)
    text = repr(tree["offering-memorandum"])
    n = proj.break_even.binding_period
    assert f"In the base case the total coverage of period {n} is already below 1.00x" in text
    assert f"基准情形下第{n}期的总覆盖倍数已低于1.00倍" in text
    assert "fall of -" not in text and "下降-" not in text


def test_render_prints_the_warning(tmp_path):
    f = collecting(60, tmp_path)
    r = CliRunner().invoke(app, ["render", str(f), "-o", str(tmp_path / "out"), "--docs", "shortfall-undertaking",
                                 "--layout", "zh", "--format", "docx"])
    assert r.exit_code == 0, r.output
    assert "warning: dates.payment_dates[1]: period 2 (2029-04-26): base-case coverage" in r.stderr
    manifest = json.loads(next((tmp_path / "out").glob("*/manifest.json")).read_text("utf-8"))
    assert any("period 2 (2029-04-26): base-case coverage" in w for w in manifest["warnings"])
