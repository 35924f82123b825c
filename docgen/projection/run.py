"""`project(deal, scenario=None)`: pool → inflow → waterfall → coverage, stress and break-even."""

from __future__ import annotations

import dataclasses

from docgen.model.deal import Deal
from docgen.projection import breakeven, coverage, stress
from docgen.projection.context import Context
from docgen.projection.money import ZERO
from docgen.projection.pool import Stress
from docgen.projection.result import Period, Projection
from docgen.projection.waterfall import Waterfall

UnknownScenario = stress.UnknownScenario


def project(deal: Deal, scenario: str | None = None) -> Projection:
    """Project the deal's base case, or with `scenario` (a scenario id) run the full waterfall on the
    stressed pool; stress tables and break-even are always against the base case."""
    ctx = Context(deal)
    wf = Waterfall(deal, ctx.sched)
    base = ctx.pool_run()
    base_periods = _with_released(wf.run(base.inflow), base.months)
    if scenario is None:
        run, periods = base, base_periods
    else:
        sc = stress.find(deal, ctx, scenario)
        run = ctx.pool_run(Stress.of(sc))
        # the base case is the forecast the interim-shortfall and trigger thresholds compare with
        periods = _with_released(wf.run(run.inflow, forecast=base.inflow), run.months)
    required = [p.required for p in base_periods]
    dens = [coverage.obligations(p) for p in base_periods]
    results = stress.results(deal, ctx, required, dens)
    be, be_notes = breakeven.break_even(ctx, base.inflow, dens)
    warns = coverage.warnings(deal, base_periods, periods, scenario) + be_notes
    est = ctx.sched.estimated_from
    if est:
        warns.append(f"dates from {est} on are estimates: the holiday calendar is published only up to {est.year - 1}")
    return Projection(
        deal_id=deal.plan.id,
        amount_unit=deal.plan.amount_unit,
        periods=tuple(periods),
        seasons=tuple(run.seasons),
        months=tuple(run.months),
        totals=coverage.totals(deal, periods),
        cumulative_coverage=coverage.cumulative(periods),
        gross_overcoverage=coverage.gross_overcoverage(deal, periods),
        gross_overcoverage_senior=coverage.gross_overcoverage(deal, periods, senior_only=True),
        stress=results,
        break_even=be,
        warnings=tuple(warns),
        calendar_estimated_from=est,
        scenario=scenario,
        business_days=deal.business_days,
    )


def _with_released(periods: list[Period], months) -> list[Period]:
    rel: dict[int, object] = {}
    for m in months:
        if m.period:
            rel[m.period] = rel.get(m.period, ZERO) + m.released
    return [dataclasses.replace(p, released=rel.get(p.index, ZERO)) for p in periods]
