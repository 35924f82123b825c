"""Tables on the pool: scope, history (area, tariff, billed, collected, collection rate), monthly profile.
Their words: clauses/tables/pool.yaml; pool enum values: clauses/labels/pool-enums.yaml.

Heating pools show customer classes and seasons; power pools their plants and years (volume × tariff);
scheduled-receivable pools their schedule. A heating-only table built for another pool kind shows that
kind's counterpart, so that no builder fails whatever the clauses ask for.
"""

from __future__ import annotations

import functools

from collections import OrderedDict
from decimal import Decimal

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._header import header_row
from docgen.assembly.tables._util import (
    ZERO,
    bitext,
    cap,
    day,
    enum_label,
    lab,
    money,
    month_label,
    number,
    percent,
    plain,
    ratio,
    season_months,
    total_label,
    unit_cap,
)
from docgen.tree import Bi, Table



def _seasons(pool) -> list[str]:
    return sorted({h.season for c in pool.customer_classes for h in c.history})


# ----------------------------------------------------------------------------- scope
@table("pool.classes")
def classes(ctx: BuildContext) -> Table:
    """Scope of the Underlying Assets: customer classes (heating), plants (power) or the schedule."""
    pool = ctx.deal.pool
    if pool.kind == "power":
        return plants(ctx)
    if pool.kind == "scheduled":
        return _schedule_summary(ctx, "pool.classes")
    rows = []
    tot_h = tot_b = ZERO
    for c in pool.customer_classes:
        last = max(c.history, key=lambda h: h.season)
        tot_h += last.heated_area
        tot_b += last.billable_area
        rows.append((
            bitext(c.name),
            plain(last.season),
            number(ctx, last.heated_area),
            number(ctx, last.billable_area),
            number(ctx, last.price),
            enum_label(ctx, "price_basis", last.price_basis),
            bitext(last.price_approval),
        ))
    rows.append((total_label(ctx), plain(""), number(ctx, tot_h, bold=True), number(ctx, tot_b, bold=True),
                 plain(""), plain(""), plain("")))
    return Table(
        id="pool.classes",
        caption=cap(ctx, "pool.classes.caption"),
        header=(header_row(ctx, "pool.classes", "customer_class", "season", "heated_area", "billable_area", "tariff",
                       "basis", "approval"),),
        rows=tuple(rows),
        align=("l", "c", "r", "r", "r", "l", "l"),
        widths=(3, 2, 2, 2, 2, 2, 4),
        total_rows=1,
        note=cap(ctx, "pool.classes.note", licence=pool.licence),
    )


@table("pool.heat-sources")
def heat_sources(ctx: BuildContext) -> Table:
    pool = ctx.deal.pool
    if pool.kind != "heating":
        return plants(ctx)
    rows = [(bitext(s.name), enum_label(ctx, "source_type", s.type), number(ctx, s.capacity_mw), number(ctx, s.area_capacity))
            for s in pool.heat_sources]
    if pool.heat_sources:
        rows.append((total_label(ctx), plain(""),
                     number(ctx, sum((s.capacity_mw for s in pool.heat_sources), ZERO), bold=True),
                     number(ctx, sum((s.area_capacity for s in pool.heat_sources), ZERO), bold=True)))
    return Table(
        id="pool.heat-sources",
        caption=cap(ctx, "pool.heat-sources.caption"),
        header=(header_row(ctx, "pool.heat-sources", "source", "type", "capacity", "area_capacity"),),
        rows=tuple(rows),
        align=("l", "l", "r", "r"),
        widths=(4, 3, 2, 2),
        total_rows=1 if pool.heat_sources else 0,
    )


# ----------------------------------------------------------------------------- heating history
def _heating_history(build):
    """A heating-history table asked for in a power or scheduled deal gives that pool's history instead."""

    @functools.wraps(build)
    def dispatch(ctx: BuildContext) -> Table:
        kind = ctx.deal.pool.kind
        if kind == "power":
            return power_history(ctx)
        if kind == "scheduled":
            return schedule(ctx)
        return build(ctx)

    return dispatch


@table("pool.history-area")
@_heating_history
def history_area(ctx: BuildContext) -> Table:
    """Heated and billable area by class, for each historical season, with season totals."""
    pool = ctx.deal.pool
    rows = []
    for s in _seasons(pool):
        th = tb = ZERO
        for c in pool.customer_classes:
            for h in c.history:
                if h.season == s:
                    th += h.heated_area
                    tb += h.billable_area
                    rows.append((plain(s), bitext(c.name), number(ctx, h.heated_area), number(ctx, h.billable_area),
                                 percent(ctx, ratio(h.billable_area * 100, h.heated_area, 2))))
        rows.append((plain(s, bold=True), lab(ctx, "pool.history-area.subtotal", bold=True), number(ctx, th, bold=True),
                     number(ctx, tb, bold=True), percent(ctx, ratio(tb * 100, th, 2), bold=True)))
    return Table(
        id="pool.history-area",
        caption=cap(ctx, "pool.history-area.caption"),
        header=(header_row(ctx, "pool.history-area", "season", "customer_class", "heated_area", "billable_area",
                       "billable_share"),),
        rows=tuple(rows),
        align=("c", "l", "r", "r", "r"),
        widths=(2, 3, 2, 2, 2),
    )


@table("pool.tariffs")
@_heating_history
def tariffs(ctx: BuildContext) -> Table:
    """Tariff by class and season with the approving government document; approved changes after."""
    pool = ctx.deal.pool
    rows = []
    for c in pool.customer_classes:
        for h in sorted(c.history, key=lambda h: h.season):
            rows.append((bitext(c.name), plain(h.season), number(ctx, h.price), enum_label(ctx, "price_basis", h.price_basis),
                         bitext(h.price_approval)))
        for pc in c.price_changes:
            rows.append((bitext(c.name), plain(pc.effective_season), number(ctx, pc.new_price),
                         lab(ctx, "pool.tariffs.approved_change"), bitext(pc.approval)))
    return Table(
        id="pool.tariffs",
        caption=cap(ctx, "pool.tariffs.caption"),
        header=(header_row(ctx, "pool.tariffs", "customer_class", "season", "tariff", "basis", "approval"),),
        rows=tuple(rows),
        align=("l", "c", "r", "l", "l"),
        widths=(3, 2, 2, 2, 5),
    )


@table("pool.collections")
@_heating_history
def collections(ctx: BuildContext) -> Table:
    """Billed fees, fees collected and collection rate by class and season, with season totals."""
    pool = ctx.deal.pool
    rows = []
    rates = []
    for s in _seasons(pool):
        tb = tc = ta = ZERO
        for c in pool.customer_classes:
            for h in c.history:
                if h.season == s:
                    tb += h.billed
                    tc += h.collected
                    ta += h.arrears_recovered
                    rows.append((plain(s), bitext(c.name), money(ctx, h.billed), money(ctx, h.collected),
                                 percent(ctx, ratio(h.collected * 100, h.billed, 2)), money(ctx, h.arrears_recovered)))
        r = ratio(tc * 100, tb, 2)
        rates.append(r)
        rows.append((plain(s, bold=True), lab(ctx, "pool.collections.subtotal", bold=True), money(ctx, tb, bold=True),
                     money(ctx, tc, bold=True), percent(ctx, r, bold=True), money(ctx, ta, bold=True)))
    foot = None
    if rates:
        foot = cap(ctx, "pool.collections.note", lowest=min(rates), highest=max(rates),
                   average=ratio(sum(rates, ZERO), Decimal(len(rates)), 2))
    return Table(
        id="pool.collections",
        caption=unit_cap(ctx, "pool.collections.caption"),
        header=(header_row(ctx, "pool.collections", "season", "customer_class", "billed", "collected", "rate", "arrears"),),
        rows=tuple(rows),
        align=("c", "l", "r", "r", "r", "r"),
        widths=(2, 3, 2, 2, 2, 2),
        note=foot,
    )


@table("pool.monthly-profile")
def monthly_profile(ctx: BuildContext) -> Table:
    """Share of a season's (year's) cash arriving in each calendar month, by class, and the pool."""
    pool = ctx.deal.pool
    if pool.kind == "scheduled":
        return schedule(ctx)
    months = season_months(pool.season_start_month)
    if pool.kind == "power":
        cols = [(lab(ctx, "pool.monthly-profile.header.power_share"), pool.monthly_profile)]
        weights = [Decimal(1)]
    else:
        cols = [(bitext(c.name), c.seasonality) for c in pool.customer_classes]
        weights = [max(c.history, key=lambda h: h.season).collected for c in pool.customer_classes]
    wsum = sum(weights, ZERO)
    rows = []
    totals = [ZERO] * len(cols)
    tot_w = ZERO
    for m in months:
        shares = [Decimal(prof.get(m, 0)) for _, prof in cols]
        if not any(shares):
            continue
        w = (sum((s * wt for s, wt in zip(shares, weights)), ZERO) / wsum) if wsum else ZERO
        tot_w += w
        totals = [a + b for a, b in zip(totals, shares)]
        row = [month_label(ctx, m)] + [percent(ctx, s) for s in shares]
        if len(cols) > 1:
            row.append(percent(ctx, w))
        rows.append(tuple(row))
    trow = [total_label(ctx)] + [percent(ctx, t, bold=True) for t in totals]
    head = [*header_row(ctx, "pool.monthly-profile", "month")] + [c for c, _ in cols]
    align = ["l"] + ["r"] * len(cols)
    if len(cols) > 1:
        trow.append(percent(ctx, tot_w, bold=True))
        head.extend(header_row(ctx, "pool.monthly-profile", "weighted"))
        align.append("r")
    rows.append(tuple(trow))
    return Table(
        id="pool.monthly-profile",
        caption=cap(ctx, "pool.monthly-profile.caption"),
        header=(tuple(head),),
        rows=tuple(rows),
        align=tuple(align),
        total_rows=1,
        note=cap(ctx, "pool.monthly-profile.note", cash=cap(ctx, f"pool.monthly-profile.cash.{pool.kind}")),
    )


# ----------------------------------------------------------------------------- power
@table("pool.plants")
def plants(ctx: BuildContext) -> Table:
    pool = ctx.deal.pool
    if pool.kind == "heating":
        return heat_sources(ctx) if pool.heat_sources else classes(ctx)
    if pool.kind == "scheduled":
        return _schedule_summary(ctx, "pool.plants")
    rows = [(bitext(p.name), enum_label(ctx, "plant_type", p.type), number(ctx, p.capacity_mw)) for p in pool.plants]
    rows.append((total_label(ctx), plain(""), number(ctx, sum((p.capacity_mw for p in pool.plants), ZERO), bold=True)))
    return Table(
        id="pool.plants",
        caption=cap(ctx, "pool.plants.caption"),
        header=(header_row(ctx, "pool.plants", "plant", "type", "capacity"),),
        rows=tuple(rows),
        align=("l", "l", "r"),
        widths=(5, 2, 3),
        total_rows=1,
        note=cap(ctx, "pool.plants.note", offtaker=pool.offtaker, tariff_approval=pool.tariff_approval),
    )


@table("pool.power-history")
def power_history(ctx: BuildContext) -> Table:
    """Power sales history: volume × tariff, billed, collected, collection rate per year."""
    pool = ctx.deal.pool
    if pool.kind == "heating":
        return collections(ctx)
    if pool.kind == "scheduled":
        return schedule(ctx)
    rows = []
    tv = tb = tc = ZERO
    for y in sorted(pool.history, key=lambda y: y.year):
        tv += y.volume
        tb += y.billed
        tc += y.collected
        rows.append((plain(str(y.year)), number(ctx, y.volume), number(ctx, y.tariff, 4), money(ctx, y.billed),
                     money(ctx, y.collected), percent(ctx, ratio(y.collected * 100, y.billed, 2))))
    rows.append((total_label(ctx), number(ctx, tv, bold=True), plain(""), money(ctx, tb, bold=True),
                 money(ctx, tc, bold=True), percent(ctx, ratio(tc * 100, tb, 2), bold=True)))
    return Table(
        id="pool.power-history",
        caption=unit_cap(ctx, "pool.power-history.caption"),
        header=(header_row(ctx, "pool.power-history", "year", "volume", "tariff", "billed", "collected", "rate"),),
        rows=tuple(rows),
        align=("c", "r", "r", "r", "r", "r"),
        total_rows=1,
    )


# ----------------------------------------------------------------------------- scheduled receivables
def _by_month(flows) -> "OrderedDict[str, tuple[int, Decimal]]":
    out: OrderedDict[str, tuple[int, Decimal]] = OrderedDict()
    for f in sorted(flows, key=lambda f: f.date):
        k = f"{f.date.year:04d}-{f.date.month:02d}"
        n, a = out.get(k, (0, ZERO))
        out[k] = (n + 1, a + f.amount)
    return out


@table("pool.schedule")
def schedule(ctx: BuildContext) -> Table:
    """Scheduled receivables by month due (number of instalments, amount)."""
    pool = ctx.deal.pool
    if pool.kind == "heating":
        return collections(ctx)
    if pool.kind == "power":
        return power_history(ctx)
    rows = []
    tn, ta = 0, ZERO
    for k, (n, a) in _by_month(pool.schedule).items():
        tn += n
        ta += a
        rows.append((plain(k), plain(str(n)), money(ctx, a)))
    rows.append((total_label(ctx), plain(str(tn), bold=True), money(ctx, ta, bold=True)))
    return Table(
        id="pool.schedule",
        caption=unit_cap(ctx, "pool.schedule.caption"),
        header=(header_row(ctx, "pool.schedule", "month_due", "instalments", "amount_due"),),
        rows=tuple(rows),
        align=("c", "r", "r"),
        total_rows=1,
    )


def _schedule_summary(ctx: BuildContext, tid: str) -> Table:
    pool = ctx.deal.pool
    flows = sorted(pool.schedule, key=lambda f: f.date)
    total = sum((f.amount for f in flows), ZERO)
    unit = Bi(ctx.fmt["zh"].unit_label(), ctx.fmt["en"].unit_label())
    rows = (
        (lab(ctx, "pool.schedule-summary.assets"), bitext(pool.description)),
        (lab(ctx, "pool.schedule-summary.instalments"), plain(str(len(flows)))),
        (lab(ctx, "pool.schedule-summary.first_due"), day(flows[0].date)),
        (lab(ctx, "pool.schedule-summary.last_due"), day(flows[-1].date)),
        (lab(ctx, "pool.schedule-summary.total_due", unit=unit), money(ctx, total)),
    )
    return Table(
        id=tid,
        caption=cap(ctx, "pool.schedule-summary.caption"),
        header=(header_row(ctx, "pool.schedule-summary", "item", "particulars"),),
        rows=rows,
        align=("l", "l"),
        widths=(2, 5),
    )


@table("pool.key-providers")
def key_providers(ctx: BuildContext) -> Table:
    pool = ctx.deal.pool
    rows = [(bitext(k.name), percent(ctx, k.share),
             lab(ctx, "pool.key-providers.related." + ("yes" if k.related_party else "no")))
            for k in pool.key_cash_providers]
    return Table(
        id="pool.key-providers",
        caption=cap(ctx, "pool.key-providers.caption"),
        header=(header_row(ctx, "pool.key-providers", "name", "share", "related"),),
        rows=tuple(rows),
        align=("l", "r", "c"),
        widths=(5, 2, 2),
    )
