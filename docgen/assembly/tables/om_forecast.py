"""Offering Memorandum tables of the cash-flow forecast: assumptions, the forecast by season (year) and
month, inflow against amounts due, coverage. Every figure comes from the one projection run
(`ctx.proj`); totals are sums of the printed periods."""

from __future__ import annotations

from decimal import Decimal

from docgen.assembly.cells import Blank, Join
from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._header import header_row, labelled_table
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
    totals,
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
    header = ("class", "area", "growth", "tariff", "changes", "history", "forecast", "arrears")
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
        header = ("assumption", "value")
        align = ("l", "r")
    return labelled_table(
        ctx, "om.assumptions", header, rows, align, part="head",
        note=cap(ctx, "om.assumptions.note", taxes_rate=deal.taxes_rate, collection_mode=deal.plan.collection_mode))


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
    for s in proj.seasons:
        name = bitext(names[s.class_id]) if s.class_id in names else plain(s.class_id)
        rows.append((plain(s.season), name, number(ctx, s.area), number(ctx, s.price, 2 if pool.kind == "heating" else 4),
                     money(ctx, s.billed), percent(ctx, s.collection_rate), money(ctx, s.collected),
                     money(ctx, s.arrears_recovered)))
    tb, tc, ta = totals(proj.seasons, "billed", "collected", "arrears_recovered")
    rows.append((total_label(ctx), Blank(), Blank(), Blank(), money(ctx, tb, bold=True), Blank(),
                 money(ctx, tc, bold=True), money(ctx, ta, bold=True)))
    if pool.kind == "heating":
        k, cols = "om.forecast-seasons.heating", ("season", "class", "area", "tariff", "billed", "rate", "collected")
    else:
        k, cols = "om.forecast-seasons.power", ("year", "item", "volume", "tariff", "billed", "rate", "collected")
    head = tuple(lab(ctx, f"{k}.{c}") for c in cols) + (lab(ctx, "om.forecast-seasons.arrears"),)
    return labelled_table(ctx, "om.forecast-seasons", head, rows, ("c", "l", "r", "r", "r", "r", "r", "r"), labels=k,
                          unit=True, total_rows=1)


@table("om.monthly-cash")
def monthly_cash(ctx: BuildContext) -> Table:
    """Forecast pool cash per month, swept to the Plan and (cap mode) released to the Originator."""
    deal, proj = ctx.deal, ctx.proj
    cap_mode = deal.plan.collection_mode == "specified_amount_cap"
    rows = []
    for m in proj.months:
        period = plain(str(m.period)) if m.period else lab(ctx, "om.monthly-cash.no_period")
        row = (plain(f"{m.month.year:04d}-{m.month.month:02d}"), period, money(ctx, m.cash), money(ctx, m.transferred))
        rows.append(row + ((money(ctx, m.released),) if cap_mode else ()))
    tc, tt, tr = totals(proj.months, "cash", "transferred", "released")
    rows.append((total_label(ctx), Blank(), money(ctx, tc, bold=True), money(ctx, tt, bold=True))
                + ((money(ctx, tr, bold=True),) if cap_mode else ()))
    head = ("month", "period", "collections", lab(ctx, "om.col.swept")) + (("released",) if cap_mode else ())
    return labelled_table(ctx, "om.monthly-cash", head, rows, ("c", "c", "r", "r") + (("r",) if cap_mode else ()),
                          part="head", unit=True, total_rows=1)


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
    head = header_row(ctx, "om", "period", "payment_date", "inflow", "taxes", "plan_expenses", "senior_interest",
                      "senior_principal", part="col") + (("put",) if put else ()) + ("due",)
    return labelled_table(ctx, "om.forecast", head, rows, ("c", "c") + ("r",) * len(keys), part="head", unit=True,
                          total_rows=1)


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
    head = header_row(ctx, "om", "period", "payment_date", "inflow", "amounts_due", part="col") + (
        "surplus", "total", "senior")
    return labelled_table(ctx, "om.coverage", head, rows, ("c", "c", "r", "r", "r", "r", "r"), part="head", unit=True,
                          total_rows=1, note=cap(ctx, "om.coverage.note", lowest=mn))
