"""A heating season whose heating starts after the plan's last collection period is left out whole, even
though its prepayments arrive inside that period (docs/deal-file.md, "Heating seasons at the edge of the
plan"): `validate` says so, with the season and the amount left out."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from typer.testing import CliRunner

from docgen.cli import app
from docgen.model import load_deal
from docgen.projection.context import Context
from docgen.projection.run import project
from tests.model.test_rules import G, base, dump


def test_prepayments_of_a_season_after_the_last_period_are_left_out_and_validate_says_how_much(tmp_path):
    d = base(G)
    d["dates"]["payment_dates"].append(dt.date(2033, 11, 25))  # last collection period ends 2033-10-31
    f = dump(d, tmp_path / "edge.yaml")
    deal = load_deal(f)
    proj = project(deal)
    # the rule: nothing of season 2033-2034 is counted, though September and October fall in the window
    assert not [s for s in proj.seasons if s.season == "2033-2034"]
    assert not [m for m in proj.months if m.month >= dt.date(2033, 9, 1) and m.transferred]
    # what arrives by 31 October: each class's September and October share of its collected bills
    expect = Decimal(0)
    for c, basis in zip(d["pool"]["customer_classes"], Context(deal).basis.classes):
        s = basis.seasons[-1]
        assert s.label == "2033-2034"
        early = (c["seasonality"].get(9, 0) + c["seasonality"].get(10, 0)) / Decimal(100)
        expect += (s.area * s.price * 10000 * Decimal(c["collection_rate"]) / 100 * early).quantize(Decimal("0.01"))
    r = CliRunner().invoke(app, ["validate", str(f), "--format", "json"])
    assert r.exit_code == 0, r.output
    [w] = [x for x in json.loads(r.stdout) if x["rule"] == "edge-season"]
    assert (w["severity"], w["path"]) == ("warning", "pool.heating_season")
    assert w["message"] == (f"season 2033-2034: its heating runs past the last collection period (ends 2033-10-31), "
                            f"so its collections that arrive by then ({expect:,} yuan in the base case: prepayments "
                            f"and bills paid early) are left out of the plan")


def test_no_warning_when_the_plan_ends_after_a_heating_season():
    from tests.model.test_rules import DEALS

    from docgen.projection.checks import edge_seasons

    assert edge_seasons(load_deal(DEALS / G)) == []
