"""Offering Memorandum tables of the stress tests and the break-even analysis."""

from __future__ import annotations

from docgen.assembly.cells import Blank, Text
from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._util import ZERO, cap, coverage, lab, money, percent, plain, units, unit_cap
from docgen.tree import Table


def scenario_name(s) -> Text:
    """A scenario's printed name: the deal's own, or the standard set's (docgen/projection/standard-scenarios.yaml)."""
    return Text(s.name_zh, s.name_en)


@table("om.stress")
def stress(ctx: BuildContext) -> Table:
    """Coverage per period under the base case and each stress scenario; minimum; total shortfall."""
    proj = ctx.proj
    periods = proj.periods if len(proj.periods) <= 10 else ()  # many periods: see om.stress-detail
    base_min = min((p.coverage_total for p in proj.periods), default=ZERO)
    rows = [(lab(ctx, "om.stress.base_case"),) + tuple(coverage(ctx, p.coverage_total) for p in periods)
            + (coverage(ctx, base_min), money(ctx, sum((p.shortfall_due for p in proj.periods), ZERO)))]
    for s in proj.stress:
        rows.append((scenario_name(s),) + tuple(coverage(ctx, c) for c in s.coverage[:len(periods)])
                    + (coverage(ctx, s.min_coverage), money(ctx, sum(s.shortfall, ZERO))))
    h = "om.stress.head."
    head = ((lab(ctx, h + "scenario"),) + tuple(lab(ctx, h + "period", n=p.index) for p in periods)
            + (lab(ctx, h + "minimum"), lab(ctx, h + "shortfall", unit=units(ctx))))
    return Table(
        id="om.stress",
        caption=cap(ctx, "om.stress.caption"),
        header=(head,),
        rows=tuple(rows),
        align=("l",) + ("r",) * (len(periods) + 2),
        widths=(4,) + (1,) * len(periods) + (2, 2),
        note=cap(ctx, "om.stress.note"),
    )


@table("om.stress-detail")
def stress_detail(ctx: BuildContext) -> Table:
    """Each scenario, each period: stressed inflow, coverage and shortfall."""
    proj = ctx.proj
    rows = []
    for s in proj.stress:
        name = scenario_name(s)
        for p, inflow, cov, sh in zip(proj.periods, s.inflow, s.coverage, s.shortfall):
            rows.append((name, plain(str(p.index)), money(ctx, inflow), money(ctx, p.required),
                         coverage(ctx, cov), money(ctx, sh)))
    return Table(
        id="om.stress-detail",
        caption=unit_cap(ctx, "om.stress-detail.caption"),
        header=((lab(ctx, "om.stress.head.scenario"), lab(ctx, "om.col.period"), lab(ctx, "om.stress-detail.head.inflow"),
                 lab(ctx, "om.col.amounts_due"), lab(ctx, "om.col.coverage"), lab(ctx, "om.stress-detail.head.shortfall")),),
        rows=tuple(rows),
        align=("l", "c", "r", "r", "r", "r"),
        widths=(5, 1, 2, 2, 2, 2),
    )


def _method(ctx: BuildContext, be, what: str):
    m = be.method.get(what, "closed form")
    key = m.replace(" ", "_")
    if key not in ("closed_form", "bisection"):
        key = "closed_form"
    return lab(ctx, f"enum.break_even_method.{key}")


@table("om.break-even")
def break_even(ctx: BuildContext) -> Table:
    deal, proj = ctx.deal, ctx.proj
    be = proj.break_even
    k = "om.break-even."
    rows = []
    if be is None:
        rows.append((lab(ctx, k + "break_even"), lab(ctx, k + "not_computed"), Blank(), Blank()))
    else:
        # Already below 1.00x in the base case: no fall is needed, so a "0.00 %" break-even would mislead.
        level = lab(ctx, k + "already_below") if be.already_below else percent(ctx, be.uniform_haircut_pct)
        rows.append((lab(ctx, k + "uniform"), level, plain(str(be.binding_period)), _method(ctx, be, "uniform")))
        names = {}
        if deal.pool.kind == "heating":
            names = {c.id: c.name for c in deal.pool.customer_classes}
        for cid, rate in be.collection_rate_pct.items():
            nm = names.get(cid)
            what = lab(ctx, k + "class_rate", name=nm) if nm else lab(ctx, k + "rate")
            if rate == 0:  # coverage stays at or above 1.00x whatever this class collects: no break-even
                rows.append((what, lab(ctx, k + "none"), lab(ctx, "om.col.not_applicable"), _method(ctx, be, cid)))
                continue
            rows.append((what, percent(ctx, rate), plain(str(be.binding_period)), _method(ctx, be, cid)))
    return Table(
        id="om.break-even",
        caption=cap(ctx, k + "caption"),
        header=(tuple(lab(ctx, k + "head." + c) for c in ("factor", "level", "period", "method")),),
        rows=tuple(rows),
        align=("l", "r", "c", "c"),
        widths=(6, 2, 2, 2),
        note=cap(ctx, k + "note"),
    )
