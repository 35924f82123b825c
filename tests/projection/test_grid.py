"""The vectorised stress grid agrees with the exact engine."""

from __future__ import annotations

import numpy as np
import pytest

from docgen.projection import grid, stress
from docgen.projection.context import Context
from docgen.projection.coverage import obligations
from docgen.projection.run import project
from tests.projection.conftest import D, build, deal_data


def _growth_deal():
    data = deal_data()
    for c in data["pool"]["customer_classes"]:
        c.update(area_growth=D(3), arrears_recovery_rate=D(40))
    return build(data)


@pytest.mark.parametrize("which", ["ex1", "ex1_cap", "growth"])
def test_grid_matches_exact_scenarios(which, request):
    deal = _growth_deal() if which == "growth" else request.getfixturevalue(which)
    proj = project(deal)
    ctx = Context(deal)
    g = grid.prepare(ctx, [p.required for p in proj.periods], [obligations(p) for p in proj.periods])
    scen = stress.scenarios(deal, ctx) + stress.default_scenarios(ctx.class_ids)
    res = grid.run(g, **grid.scenario_params(g, scen))
    exact = [stress.run_scenario(ctx, s, [p.required for p in proj.periods], [obligations(p) for p in proj.periods])
             for s in scen]
    want = np.asarray([[x for x in e.inflow] for e in exact], dtype=np.float64)
    # the exact engine rounds stressed areas/prices to 0.01 and every line to the fen
    assert np.abs(res.inflow - want).max() < 1.0
    assert np.abs(res.min_coverage - np.asarray([e.min_coverage for e in exact], dtype=np.float64)).max() < 2e-4


def test_grid_example_1_s5_and_break_even(ex1):
    proj = project(ex1)
    g = grid.prepare(Context(ex1), [p.required for p in proj.periods], [obligations(p) for p in proj.periods])
    s5 = next(s for s in ex1.scenarios if s.id == "S5")
    r = grid.run(g, **grid.scenario_params(g, [s5]))
    assert r.inflow[0] == pytest.approx([4488.75] * 3)
    assert r.shortfall[0, 0] == pytest.approx(468.19)
    # a uniform haircut at the break-even leaves the binding period exactly covered
    hs = np.array([23.32, 23.3265, 23.34])
    mins = grid.run(g, inflow_pct=hs).min_coverage
    assert mins[0] > 1 > mins[2] and mins[1] == pytest.approx(1, abs=1e-5)
