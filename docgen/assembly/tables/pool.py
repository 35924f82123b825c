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
from docgen.assembly.tables._header import labelled_table
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
    totals,
    units,
)
from docgen.tree import Table



def _by_season(pool) -> list[tuple[str, list]]:
    """Each historical season, in order, with the (class, history entry) pairs of that season."""
    seasons = sorted({h.season for c in pool.customer_classes for h in c.history})
    return [(s, [(c, h) for c in pool.customer_classes for h in c.history if h.season == s]) for s in seasons]


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
    lasts = [max(c.history, key=lambda h: h.season) for c in pool.customer_classes]
    for c, last in zip(pool.customer_classes, lasts):
        rows.append((
            bitext(c.name),
            plain(last.season),
            number(ctx, last.heated_area),
            number(ctx, last.billable_area),
            number(ctx, last.price),
            enum_label(ctx, "price_basis", last.price_basis),
            bitext(last.price_approval),
        ))
    tot_h, tot_b = totals(lasts, "heated_area", "billable_area")
    rows.append((total_label(ctx), plain(""), number(ctx, tot_h, bold=True), number(ctx, tot_b, bold=True),
                 plain(""), plain(""), plain("")))
    return labelled_table(
        ctx, "pool.classes",
        ("customer_class", "season", "heated_area", "billable_area", "tariff", "basis", "approval"),
        rows, ("l", "c", "r", "r", "r", "l", "l"), widths=(3, 2, 2, 2, 2, 2, 4), total_rows=1,
        note=cap(ctx, "pool.classes.note", licence=pool.licence))


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
    return labelled_table(ctx, "pool.heat-sources", ("source", "type", "capacity", "area_capacity"), rows,
                          ("l", "l", "r", "r"), widths=(4, 3, 2, 2), total_rows=1 if pool.heat_sources else 0)


# ----------------------------------------------------------------------------- history
def _history(kind: str, table_id: str):
    """Registers a history table of a `kind` pool; asked for in a deal with another kind of pool, it gives
    that pool's history instead: collections (heating), sales (power) or the schedule (scheduled)."""

    def register(build):
        @functools.wraps(build)
        def dispatch(ctx: BuildContext) -> Table:
            own = ctx.deal.pool.kind
            if own != kind:
                return {"heating": collections, "power": power_history, "scheduled": schedule}[own](ctx)
            return build(ctx)

        return table(table_id)(dispatch)

    return register


@_history("heating", "pool.history-area")
def history_area(ctx: BuildContext) -> Table:
    """Heated and billable area by class, for each historical season, with season totals."""
    pool = ctx.deal.pool
    rows = []
    for s, entries in _by_season(pool):
        for c, h in entries:
            rows.append((plain(s), bitext(c.name), number(ctx, h.heated_area), number(ctx, h.billable_area),
                         percent(ctx, ratio(h.billable_area * 100, h.heated_area, 2))))
        th, tb = totals((h for _, h in entries), "heated_area", "billable_area")
        rows.append((plain(s, bold=True), lab(ctx, "pool.history-area.subtotal", bold=True), number(ctx, th, bold=True),
                     number(ctx, tb, bold=True), percent(ctx, ratio(tb * 100, th, 2), bold=True)))
    return labelled_table(ctx, "pool.history-area",
                          ("season", "customer_class", "heated_area", "billable_area", "billable_share"), rows,
                          ("c", "l", "r", "r", "r"), widths=(2, 3, 2, 2, 2))


@_history("heating", "pool.tariffs")
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
    return labelled_table(ctx, "pool.tariffs", ("customer_class", "season", "tariff", "basis", "approval"), rows,
                          ("l", "c", "r", "l", "l"), widths=(3, 2, 2, 2, 5))


@_history("heating", "pool.collections")
def collections(ctx: BuildContext) -> Table:
    """Billed fees, fees collected and collection rate by class and season, with season totals."""
    pool = ctx.deal.pool
    rows = []
    rates = []
    for s, entries in _by_season(pool):
        for c, h in entries:
            rows.append((plain(s), bitext(c.name), money(ctx, h.billed), money(ctx, h.collected),
                         percent(ctx, ratio(h.collected * 100, h.billed, 2)), money(ctx, h.arrears_recovered)))
        tb, tc, ta = totals((h for _, h in entries), "billed", "collected", "arrears_recovered")
        r = ratio(tc * 100, tb, 2)
        rates.append(r)
        rows.append((plain(s, bold=True), lab(ctx, "pool.collections.subtotal", bold=True), money(ctx, tb, bold=True),
                     money(ctx, tc, bold=True), percent(ctx, r, bold=True), money(ctx, ta, bold=True)))
    foot = None
    if rates:
        foot = cap(ctx, "pool.collections.note", lowest=min(rates), highest=max(rates),
                   average=ratio(sum(rates, ZERO), Decimal(len(rates)), 2))
    return labelled_table(ctx, "pool.collections", ("season", "customer_class", "billed", "collected", "rate", "arrears"),
                          rows, ("c", "l", "r", "r", "r", "r"), unit=True, widths=(2, 3, 2, 2, 2, 2), note=foot)


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
    col_totals = [ZERO] * len(cols)
    tot_w = ZERO
    for m in months:
        shares = [Decimal(prof.get(m, 0)) for _, prof in cols]
        if not any(shares):
            continue
        w = (sum((s * wt for s, wt in zip(shares, weights)), ZERO) / wsum) if wsum else ZERO
        tot_w += w
        col_totals = [a + b for a, b in zip(col_totals, shares)]
        row = [month_label(ctx, m)] + [percent(ctx, s) for s in shares]
        if len(cols) > 1:
            row.append(percent(ctx, w))
        rows.append(tuple(row))
    trow = [total_label(ctx)] + [percent(ctx, t, bold=True) for t in col_totals]
    head = ["month"] + [c for c, _ in cols]
    align = ["l"] + ["r"] * len(cols)
    if len(cols) > 1:
        trow.append(percent(ctx, tot_w, bold=True))
        head.append("weighted")
        align.append("r")
    rows.append(tuple(trow))
    return labelled_table(
        ctx, "pool.monthly-profile", head, rows, align, total_rows=1,
        note=cap(ctx, "pool.monthly-profile.note", cash=cap(ctx, f"pool.monthly-profile.cash.{pool.kind}")))


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
    return labelled_table(ctx, "pool.plants", ("plant", "type", "capacity"), rows, ("l", "l", "r"), widths=(5, 2, 3),
                          total_rows=1,
                          note=cap(ctx, "pool.plants.note", offtaker=pool.offtaker, tariff_approval=pool.tariff_approval))


@_history("power", "pool.power-history")
def power_history(ctx: BuildContext) -> Table:
    """Power sales history: volume × tariff, billed, collected, collection rate per year."""
    pool = ctx.deal.pool
    rows = []
    years = sorted(pool.history, key=lambda y: y.year)
    for y in years:
        rows.append((plain(str(y.year)), number(ctx, y.volume), number(ctx, y.tariff, 4), money(ctx, y.billed),
                     money(ctx, y.collected), percent(ctx, ratio(y.collected * 100, y.billed, 2))))
    tv, tb, tc = totals(years, "volume", "billed", "collected")
    rows.append((total_label(ctx), number(ctx, tv, bold=True), plain(""), money(ctx, tb, bold=True),
                 money(ctx, tc, bold=True), percent(ctx, ratio(tc * 100, tb, 2), bold=True)))
    return labelled_table(ctx, "pool.power-history", ("year", "volume", "tariff", "billed", "collected", "rate"), rows,
                          ("c", "r", "r", "r", "r", "r"), unit=True, total_rows=1)


# ----------------------------------------------------------------------------- scheduled receivables
def _by_month(flows) -> "OrderedDict[str, tuple[int, Decimal]]":
    out: OrderedDict[str, tuple[int, Decimal]] = OrderedDict()
    for f in sorted(flows, key=lambda f: f.date):
        k = f"{f.date.year:04d}-{f.date.month:02d}"
        n, a = out.get(k, (0, ZERO))
        out[k] = (n + 1, a + f.amount)
    return out


@_history("scheduled", "pool.schedule")
def schedule(ctx: BuildContext) -> Table:
    """Scheduled receivables by month due (number of instalments, amount)."""
    pool = ctx.deal.pool
    rows = []
    tn, ta = 0, ZERO
    for k, (n, a) in _by_month(pool.schedule).items():
        tn += n
        ta += a
        rows.append((plain(k), plain(str(n)), money(ctx, a)))
    rows.append((total_label(ctx), plain(str(tn), bold=True), money(ctx, ta, bold=True)))
    return labelled_table(ctx, "pool.schedule", ("month_due", "instalments", "amount_due"), rows, ("c", "r", "r"),
                          unit=True, total_rows=1)


def _schedule_summary(ctx: BuildContext, tid: str) -> Table:
    pool = ctx.deal.pool
    flows = sorted(pool.schedule, key=lambda f: f.date)
    total = sum((f.amount for f in flows), ZERO)
    rows = (
        (lab(ctx, "pool.schedule-summary.assets"), bitext(pool.description)),
        (lab(ctx, "pool.schedule-summary.instalments"), plain(str(len(flows)))),
        (lab(ctx, "pool.schedule-summary.first_due"), day(flows[0].date)),
        (lab(ctx, "pool.schedule-summary.last_due"), day(flows[-1].date)),
        (lab(ctx, "pool.schedule-summary.total_due", unit=units(ctx)), money(ctx, total)),
    )
    return labelled_table(ctx, tid, ("item", "particulars"), rows, ("l", "l"), labels="pool.schedule-summary",
                          widths=(2, 5))


@table("pool.key-providers")
def key_providers(ctx: BuildContext) -> Table:
    pool = ctx.deal.pool
    rows = [(bitext(k.name), percent(ctx, k.share),
             lab(ctx, "pool.key-providers.related." + ("yes" if k.related_party else "no")))
            for k in pool.key_cash_providers]
    return labelled_table(ctx, "pool.key-providers", ("name", "share", "related"), rows, ("l", "r", "c"),
                          widths=(5, 2, 2))
