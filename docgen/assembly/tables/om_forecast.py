"""Offering Memorandum tables of the cash-flow forecast: assumptions, the forecast by season (year) and
month, inflow against amounts due, coverage. Every figure comes from the one projection run
(`ctx.proj`); totals are sums of the printed periods."""

from __future__ import annotations

from decimal import Decimal

from docgen.assembly.cells import Blank, Join
from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._util import (
    ZERO,
    bitext,
    cap,
    coverage,
    day,
    lab,
    money,
    number,
    percent,
    plain,
    put_in_scope,
    ratio,
    total_label,
    unit_cap,
    units,
)
from docgen.tree import Table


def _forecast_rate(ctx: BuildContext, cls) -> Decimal:
    for s in ctx.proj.seasons:
        if s.class_id == cls.id:
            return s.collection_rate
    if cls.collection_rate is not None:
        return cls.collection_rate
    return min(h.collection_rate for h in cls.history)


def _heating_assumptions(ctx: BuildContext, pool):
    rows = []
    for c in pool.customer_classes:
        last = max(c.history, key=lambda h: h.season)
        rates = [ratio(h.collected * 100, h.billed, 2) for h in c.history]
        avg = ratio(sum(rates, ZERO), Decimal(len(rates)), 2)
        changes = (Join(tuple(lab(ctx, "om.assumptions.price_change", season=pc.effective_season, price=pc.new_price)
                              for pc in c.price_changes), "om.assumptions.price_change_sep")
                   if c.price_changes else lab(ctx, "om.assumptions.no_change"))
        rows.append((
            bitext(c.name),
            number(ctx, last.billable_area),
            percent(ctx, c.area_growth),
            number(ctx, last.price),
            changes,
            lab(ctx, "om.assumptions.low_average", low=min(rates), average=avg),
            percent(ctx, _forecast_rate(ctx, c)),
            percent(ctx, c.arrears_recovery_rate),
        ))
    header = tuple(lab(ctx, "om.assumptions.head." + k) for k in (
        "class", "area", "growth", "tariff", "changes", "history", "forecast", "arrears"))
    return rows, header, ("l", "r", "r", "r", "l", "c", "r", "r")


@table("om.assumptions")
def assumptions(ctx: BuildContext) -> Table:
    deal = ctx.deal
    pool = deal.pool
    if pool.kind == "heating":
        rows, header, align = _heating_assumptions(ctx, pool)
    else:
        if pool.kind == "power":
            k = "om.assumptions.power."
            rows = [
                (lab(ctx, k + "volume"), number(ctx, pool.annual_volume)),
                (lab(ctx, k + "growth"), percent(ctx, pool.volume_growth)),
                (lab(ctx, k + "tariff"), number(ctx, pool.tariff, 4)),
                (lab(ctx, k + "approval"), bitext(pool.tariff_approval)),
                (lab(ctx, k + "collection_rate"), percent(ctx, pool.collection_rate)),
                (lab(ctx, k + "offtaker"), bitext(pool.offtaker)),
            ]
        else:
            k = "om.assumptions.scheduled."
            flows = pool.schedule
            rows = [
                (lab(ctx, k + "instalments"), plain(str(len(flows)))),
                (lab(ctx, k + "amount", unit=units(ctx)), money(ctx, sum((x.amount for x in flows), ZERO))),
                (lab(ctx, k + "timing"), lab(ctx, k + "due_dates")),
            ]
        header = (lab(ctx, "om.assumptions.head.assumption"), lab(ctx, "om.assumptions.head.value"))
        align = ("l", "r")
    return Table(
        id="om.assumptions",
        caption=cap(ctx, "om.assumptions.caption"),
        header=(header,),
        rows=tuple(rows),
        align=align,
        note=cap(ctx, "om.assumptions.note", taxes_rate=deal.taxes_rate, collection_mode=deal.plan.collection_mode),
    )


@table("om.forecast-seasons")
def forecast_seasons(ctx: BuildContext) -> Table:
    """The projection by class (plant) and season (year): area (volume) × price, billed, rate, collected."""
    deal, proj = ctx.deal, ctx.proj
    pool = deal.pool
    if pool.kind == "scheduled" or not proj.seasons:
        return monthly_cash(ctx)
    names = {}
    if pool.kind == "heating":
        names = {c.id: c.name for c in pool.customer_classes}
    rows = []
    tb = tc = ta = ZERO
    for s in proj.seasons:
        tb += s.billed
        tc += s.collected
        ta += s.arrears_recovered
        name = bitext(names[s.class_id]) if s.class_id in names else plain(s.class_id)
        rows.append((plain(s.season), name, number(ctx, s.area), number(ctx, s.price, 2 if pool.kind == "heating" else 4),
                     money(ctx, s.billed), percent(ctx, s.collection_rate), money(ctx, s.collected),
                     money(ctx, s.arrears_recovered)))
    rows.append((total_label(ctx), Blank(), Blank(), Blank(), money(ctx, tb, bold=True), Blank(),
                 money(ctx, tc, bold=True), money(ctx, ta, bold=True)))
    if pool.kind == "heating":
        k, cols = "om.forecast-seasons.heating.", ("season", "class", "area", "tariff", "billed", "rate", "collected")
    else:
        k, cols = "om.forecast-seasons.power.", ("year", "item", "volume", "tariff", "billed", "rate", "collected")
    return Table(
        id="om.forecast-seasons",
        caption=unit_cap(ctx, k + "caption"),
        header=(tuple(lab(ctx, k + c) for c in cols) + (lab(ctx, "om.forecast-seasons.arrears"),),),
        rows=tuple(rows),
        align=("c", "l", "r", "r", "r", "r", "r", "r"),
        total_rows=1,
    )


@table("om.monthly-cash")
def monthly_cash(ctx: BuildContext) -> Table:
    """Forecast pool cash per month, swept to the Plan and (cap mode) released to the Originator."""
    deal, proj = ctx.deal, ctx.proj
    cap_mode = deal.plan.collection_mode == "specified_amount_cap"
    rows = []
    tc = tt = tr = ZERO
    for m in proj.months:
        tc += m.cash
        tt += m.transferred
        tr += m.released
        period = plain(str(m.period)) if m.period else lab(ctx, "om.monthly-cash.no_period")
        row = (plain(f"{m.month.year:04d}-{m.month.month:02d}"), period, money(ctx, m.cash), money(ctx, m.transferred))
        rows.append(row + ((money(ctx, m.released),) if cap_mode else ()))
    rows.append((total_label(ctx), Blank(), money(ctx, tc, bold=True), money(ctx, tt, bold=True))
                + ((money(ctx, tr, bold=True),) if cap_mode else ()))
    h = "om.monthly-cash.head."
    head = (lab(ctx, h + "month"), lab(ctx, h + "period"), lab(ctx, h + "collections"), lab(ctx, "om.col.swept")) + (
        (lab(ctx, h + "released"),) if cap_mode else ())
    return Table(
        id="om.monthly-cash",
        caption=unit_cap(ctx, "om.monthly-cash.caption"),
        header=(head,),
        rows=tuple(rows),
        align=("c", "c", "r", "r") + (("r",) if cap_mode else ()),
        total_rows=1,
    )


@table("om.forecast")
def forecast(ctx: BuildContext) -> Table:
    """Per period: forecast inflow and the amounts due (taxes, fees, senior interest and principal)."""
    proj = ctx.proj
    put = put_in_scope(ctx) and any(p.put_amount for p in proj.periods)
    rows = []
    keys = ("inflow", "taxes", "fees", "senior_interest", "senior_principal") + (("put_amount",) if put else ()) + ("required",)
    tot = dict.fromkeys(keys, ZERO)
    for p in proj.periods:
        for k in keys:
            tot[k] += getattr(p, k)
        rows.append((plain(str(p.index)), day(p.payment_date)) + tuple(money(ctx, getattr(p, k)) for k in keys))
    rows.append((total_label(ctx), Blank()) + tuple(money(ctx, tot[k], bold=True) for k in keys))
    head = tuple(lab(ctx, "om.col." + k) for k in (
        "period", "payment_date", "inflow", "taxes", "plan_expenses", "senior_interest", "senior_principal")) + (
        (lab(ctx, "om.forecast.head.put"),) if put else ()) + (lab(ctx, "om.forecast.head.due"),)
    return Table(
        id="om.forecast",
        caption=unit_cap(ctx, "om.forecast.caption"),
        header=(head,),
        rows=tuple(rows),
        align=("c", "c") + ("r",) * len(keys),
        total_rows=1,
    )


@table("om.coverage")
def coverage_table(ctx: BuildContext) -> Table:
    """Per period: inflow, amounts due, surplus, total and senior coverage; cumulative coverage."""
    proj = ctx.proj
    rows = []
    ti = tr = ts = ZERO
    for p in proj.periods:
        sen = p.senior_interest + p.senior_principal
        ti += p.inflow
        tr += p.required
        ts += sen
        rows.append((plain(str(p.index)), day(p.payment_date), money(ctx, p.inflow), money(ctx, p.required),
                     money(ctx, p.inflow - p.required), coverage(ctx, p.coverage_total), coverage(ctx, p.coverage_senior)))
    rows.append((lab(ctx, "om.coverage.total_cumulative", bold=True), Blank(), money(ctx, ti, bold=True),
                 money(ctx, tr, bold=True), money(ctx, ti - tr, bold=True), coverage(ctx, proj.cumulative_coverage, bold=True),
                 coverage(ctx, ratio(ti, ts), bold=True)))
    mn = min((p.coverage_total for p in proj.periods), default=ZERO)
    return Table(
        id="om.coverage",
        caption=unit_cap(ctx, "om.coverage.caption"),
        header=(tuple(lab(ctx, "om.col." + k) for k in ("period", "payment_date", "inflow", "amounts_due"))
                + tuple(lab(ctx, "om.coverage.head." + k) for k in ("surplus", "total", "senior")),),
        rows=tuple(rows),
        align=("c", "c", "r", "r", "r", "r", "r"),
        total_rows=1,
        note=cap(ctx, "om.coverage.note", lowest=mn),
    )
