"""Findings that need the projection: what `validate` warns of and `render` prints once the deal is read.

- `coverage`: a period whose base-case coverage (model.md §4: forecast inflow over taxes, fees, senior
  interest and principal due) is below 1.00x — the pool alone does not pay what falls due — or below
  the deal's `credit_enhancement.overcoverage_target`;
- `edge-season`: a heating season whose heating runs past the plan's last collection period, while part
  of its cash (prepayments) arrives inside it: that cash is left out of the plan (docgen.projection.pool).

Each is `(path, rule, message)`, the path the deal-file field a reader should look at.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.model.deal import Deal
from docgen.projection import coverage, pool
from docgen.projection.context import Context
from docgen.projection.result import Projection

ONE = Decimal(1)
Check = tuple[tuple, str, str]


def under_coverage(deal: Deal, proj: Projection) -> list[Check]:
    """Base-case periods below 1.00x or below the target (run on a base-case projection)."""
    target = deal.credit_enhancement.overcoverage_target
    out = []
    for p in proj.periods:
        if coverage.obligations(p) <= 0:
            continue
        where = ("dates", "payment_dates", p.index - 1)
        if p.coverage_total < ONE:
            out.append((where, "coverage",
                        f"period {p.index} ({p.payment_date}): base-case coverage {p.coverage_total}x is below 1.00x — "
                        f"forecast collections of {p.inflow:,} do not pay the {coverage.obligations(p):,} due; the "
                        f"difference falls on the reserve and the credit support"))
        elif p.coverage_total < target:
            out.append((where, "coverage",
                        f"period {p.index} ({p.payment_date}): base-case coverage {p.coverage_total}x is below the "
                        f"target {target}x (credit_enhancement.overcoverage_target)"))
    return out


def edge_seasons(deal: Deal, ctx: Context | None = None) -> list[Check]:
    ctx = ctx or Context(deal)
    end = ctx.sched.window[1]
    unit = "wan yuan" if deal.plan.amount_unit == "wan" else "yuan"
    return [(("pool", "heating_season"), "edge-season",
             f"season {label}: its heating runs past the last collection period (ends {end}), so its collections "
             f"that arrive by then ({amount:,} {unit} in the base case: prepayments and bills paid early) are left "
             f"out of the plan")
            for label, amount in pool.left_out(ctx.basis)]


def checks(deal: Deal, proj: Projection | None = None) -> list[Check]:
    """Every projection finding on the deal; `proj` is its base-case projection when already run."""
    from docgen.projection.run import project

    ctx = Context(deal)
    proj = proj if proj is not None and proj.scenario is None else project(deal)
    return under_coverage(deal, proj) + edge_seasons(deal, ctx)
