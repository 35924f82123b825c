"""Named stress scenarios (model.md §5): stressed inflow per period against the base-case amounts due.

The deal's `scenarios` are run; a deal without any gets the standard set below. Figures are exact
(Decimal, to the fen); `docgen.projection.grid` runs thousands of scenarios vectorised.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from importlib.resources import files

from docgen.model.deal import Deal, Scenario
from docgen.projection.context import Context
from docgen.projection.coverage import min_coverage
from docgen.projection.money import ZERO, cover
from docgen.projection.pool import Stress
from docgen.projection.result import ScenarioResult


class UnknownScenario(KeyError):
    pass


@functools.cache
def _standard() -> tuple[dict, ...]:
    # data, not code: the names are printed words a lawyer may change (standard-scenarios.yaml)
    from ruamel.yaml import YAML

    text = (files("docgen.projection") / "standard-scenarios.yaml").read_text("utf-8")
    return tuple(YAML(typ="safe", pure=True).load(text))


def default_scenarios(class_ids: list[str]) -> list[Scenario]:
    """The standard set (standard-scenarios.yaml): CR −10pp (all classes), area −10 %, price −10 %,
    area −10 % with CR −10pp, 20 % delay."""
    out = []
    for entry in _standard():
        kw = {k: v for k, v in entry.items() if k != "collection_rate_pp_all"}
        if "collection_rate_pp_all" in entry:
            kw["collection_rate_pp"] = {c: Decimal(str(entry["collection_rate_pp_all"])) for c in class_ids}
        for k in ("area_pct", "price_pct", "delay_pct", "inflow_pct"):
            if k in kw:
                kw[k] = Decimal(str(kw[k]))
        out.append(Scenario(**kw))
    return out


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
