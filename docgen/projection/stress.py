"""Named stress scenarios (model.md §5): stressed inflow per period against the base-case amounts due.

The deal's `scenarios` are run; a deal without any gets the standard set below. Figures are exact
(Decimal, to the fen); `docgen.projection.grid` runs thousands of scenarios vectorised.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.model.deal import Deal, Scenario
from docgen.model.types import BiText
from docgen.projection.context import Context
from docgen.projection.coverage import min_coverage
from docgen.projection.money import ZERO, cover
from docgen.projection.pool import Stress
from docgen.projection.result import ScenarioResult


class UnknownScenario(KeyError):
    pass


def default_scenarios(class_ids: list[str]) -> list[Scenario]:
    """CR −10pp (all classes), area −10 %, price −10 %, area −10 % with CR −10pp, 20 % delay."""
    ten = Decimal(10)
    cr = {c: ten for c in class_ids}

    def sc(sid, zh, en, **kw):
        return Scenario(id=sid, name=BiText(zh=zh, en=en), **kw)

    return [
        sc("CR-10", "收费率下降10个百分点", "Collection rates down 10 percentage points", collection_rate_pp=cr),
        sc("AREA-10", "供热面积（售电量）下降10%", "Billable area (volume) down 10%", area_pct=ten),
        sc("PRICE-10", "价格下降10%", "Price down 10%", price_pct=ten),
        sc("COMBO", "面积下降10%且收费率下降10个百分点", "Area down 10% and collection rates down 10 points",
           area_pct=ten, collection_rate_pp=cr),
        sc("DELAY-20", "20%的回收款延迟至下一年度", "20% of collections slip to the next season", delay_pct=Decimal(20)),
    ]


def scenarios(deal: Deal, ctx: Context) -> list[Scenario]:
    return list(deal.scenarios) or default_scenarios(ctx.class_ids)


def find(deal: Deal, ctx: Context, sid: str) -> Scenario:
    known = scenarios(deal, ctx)
    for s in known:
        if s.id == sid:
            return s
    raise UnknownScenario(f"no scenario '{sid}' (known: {', '.join(s.id for s in known)})")


def run_scenario(ctx: Context, s: Scenario, required: list[Decimal], dens: list[Decimal]) -> ScenarioResult:
    inflow = ctx.pool_run(Stress.of(s)).inflow
    cov = tuple(cover(x, d) for x, d in zip(inflow, dens))
    short = tuple(max(ZERO, r - x) for x, r in zip(inflow, required))
    return ScenarioResult(s.id, s.name.zh, s.name.en, tuple(inflow), cov, short, min_coverage(list(cov), dens))


def results(deal: Deal, ctx: Context, required: list[Decimal], dens: list[Decimal]) -> tuple[ScenarioResult, ...]:
    """`required`: base-case amounts due per period; `dens`: the base-case coverage denominators."""
    return tuple(run_scenario(ctx, s, required, dens) for s in scenarios(deal, ctx))
