"""Rules on the pool data: seasonality, history, operating costs, pool figures that must agree, stress
scenarios' customer classes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from docgen.model.deal import Deal
from docgen.model.rules.registry import rule


@rule("seasonality")
def seasonality(deal: Deal):
    pool = deal.pool
    profiles = []
    if pool.kind == "heating":
        profiles = [(("pool", "customer_classes", i, "seasonality"), c.seasonality) for i, c in enumerate(pool.customer_classes)]
    elif pool.kind == "power":
        profiles = [(("pool", "monthly_profile"), pool.monthly_profile)]
    for path, prof in profiles:
        total = sum(prof.values(), Decimal(0))
        if total != 100:
            yield (path, "error", f"monthly shares add up to {total}%, not 100%")


@rule("history", regulatory=True)
def history(deal: Deal):
    """How much history and operation the guidelines require (the projection runs on less)."""
    pool = deal.pool
    if pool.kind == "heating":
        for i, c in enumerate(pool.customer_classes):
            n = len({h.season for h in c.history})
            if n < 3:
                yield (("pool", "customer_classes", i, "history"), "error",
                       f"customer class '{c.id}' has {n} season(s) of history; at least 3 are required (SSE guideline 2, 2.2.4)")
    elif pool.kind == "power":
        if len(pool.history) < 3:
            yield (("pool", "history"), "error", f"{len(pool.history)} year(s) of sales history; at least 3 are required")
    if pool.operating_years < 2:
        yield (("pool", "operating_years"), "error",
               f"{pool.operating_years} year(s) of operation; a specified originator needs at least 2 (SSE guideline 2, 4.1.10)")


@rule("history-order")
def history_order(deal: Deal):
    pool = deal.pool
    if pool.kind == "heating":
        for i, c in enumerate(pool.customer_classes):
            seasons = [h.season for h in c.history]
            if seasons != sorted(set(seasons)):
                yield (("pool", "customer_classes", i, "history"), "error", "history seasons must be in order, each once")
            else:
                years = [int(s[:4]) for s in seasons]
                if any(b != a + 1 for a, b in zip(years, years[1:])):
                    yield (("pool", "customer_classes", i, "history"), "error", "history seasons must be consecutive")


@rule("om-costs")
def om_costs(deal: Deal):
    """The O&M coverage test looks forward: each season it lists must fall in the plan's collection window."""
    d, m = deal.dates, deal.pool.season_start_month
    first, last = d.cutoff, d.payment_dates[-1] if d.payment_dates else d.legal_maturity
    for i, oc in enumerate(deal.pool.om_costs):
        years = [int(x) for x in oc.season.split("-")]
        if m == 1 and len(years) != 1:
            yield (("pool", "om_costs", i, "season"), "error",
                   f"this pool's seasons start in January (calendar years): write '{years[0]}', not '{oc.season}'")
            continue
        if m != 1 and (len(years) != 2 or years[1] != years[0] + 1):
            yield (("pool", "om_costs", i, "season"), "error",
                   f"season '{oc.season}' must name two consecutive years, as '{years[0]}-{years[0] + 1}'")
            continue
        y1, y2 = years[0], years[0] + 1
        start, end = dt.date(y1, m, 1), dt.date(y2, m, 1)
        if end <= first or start > last:
            yield (("pool", "om_costs", i, "season"), "error",
                   f"season {oc.season} lies outside the plan's collections ({first} to {last}): the operating-cost "
                   f"coverage test is a forecast for the seasons the plan collects")


@rule("pool-data")
def pool_data(deal: Deal):
    pool = deal.pool
    k = Decimal(10000) if deal.plan.amount_unit == "yuan" else Decimal(1)  # wan m2 × yuan/m2 = wan yuan
    total = sum((c.share for c in pool.key_cash_providers), Decimal(0))
    if total > 100:
        yield (("pool", "key_cash_providers"), "error", f"key cash providers' shares add up to {total}%, over 100%")
    if pool.kind == "heating":
        ids: set[str] = set()
        for i, c in enumerate(pool.customer_classes):
            if c.id in ids:
                yield (("pool", "customer_classes", i, "id"), "error", f"customer class id '{c.id}' is used twice")
            ids.add(c.id)
            for j, h in enumerate(c.history):
                if h.price_basis == "two_part" or not h.billed:
                    continue
                expect = h.billable_area * h.price * k
                if abs(h.billed - expect) * 50 > expect:  # more than 2 % off
                    yield (("pool", "customer_classes", i, "history", j, "billed"), "warning",
                           f"billed {h.billed:,} differs by more than 2% from billable area × price = {expect:,} "
                           f"(areas in wan m2, prices in yuan/m2, amounts in {deal.plan.amount_unit})")
            last = c.history[-1].season if c.history else None
            prev = None
            for j, pc in enumerate(c.price_changes):
                if last and pc.effective_season <= last:
                    yield (("pool", "customer_classes", i, "price_changes", j, "effective_season"), "error",
                           f"a price change must take effect after the last historical season {last}")
                if prev and pc.effective_season <= prev:
                    yield (("pool", "customer_classes", i, "price_changes", j, "effective_season"), "error",
                           "price changes must be in order of season, each season once")
                prev = pc.effective_season
    elif pool.kind == "power":
        years = [h.year for h in pool.history]
        if years != sorted(set(years)):
            yield (("pool", "history"), "error", "sales history years must be in order, each once")
        for j, h in enumerate(pool.history):
            if h.collected > h.billed:
                yield (("pool", "history", j, "collected"), "error", f"collected {h.collected:,} exceeds billed {h.billed:,} in {h.year}")
            expect = h.volume * h.tariff * k
            if h.billed and abs(h.billed - expect) * 50 > expect:
                yield (("pool", "history", j, "billed"), "warning",
                       f"billed {h.billed:,} differs by more than 2% from volume × tariff = {expect:,} "
                       f"(volumes in wan kWh, tariffs in yuan/kWh)")
    elif pool.kind == "scheduled":
        prev = None
        for j, f in enumerate(pool.schedule):
            if prev and f.date <= prev:
                yield (("pool", "schedule", j, "date"), "error", "scheduled cash flows must be in date order, each date once")
            prev = f.date
        d = deal.dates
        last = (d.collection_periods[-1].end if d.collection_periods else
                d.payment_dates[-1].replace(day=1) - dt.timedelta(days=1)) if d.payment_dates else d.legal_maturity
        late = [j for j, f in enumerate(pool.schedule) if f.date > last]
        if late:  # one finding where the uncollected tail starts (a long schedule may have thousands)
            j = late[0]
            more = f" and {len(late) - 1} later one(s)" if len(late) > 1 else ""
            yield (("pool", "schedule", j, "date"), "warning",
                   f"cash scheduled on {pool.schedule[j].date}{more} falls after the last collection period "
                   f"(ends {last}): the plan never collects it, though the pool tables count it")
    periods = pool.specified_periods
    for i, sp in enumerate(periods):
        if i and sp.start <= periods[i - 1].end:
            yield (("pool", "specified_periods", i, "start"), "error", "specified periods must be in order and must not overlap")
        if sp.end > deal.dates.legal_maturity or sp.start < deal.dates.cutoff:
            yield (("pool", "specified_periods", i), "error",
                   f"specified period {sp.start}..{sp.end} lies outside the cut-off date to the legal maturity")


@rule("scenarios")
def scenarios(deal: Deal):
    ids = set()
    classes = {c.id for c in deal.pool.customer_classes} if deal.pool.kind == "heating" else set()
    for i, s in enumerate(deal.scenarios):
        if s.id in ids:
            yield (("scenarios", i, "id"), "error", f"scenario id '{s.id}' is used twice")
        ids.add(s.id)
        for key in ("collection_rate_pp", "collection_rate_to"):
            for cid in getattr(s, key):
                if cid not in classes:
                    yield (("scenarios", i, key, cid), "error", f"'{cid}' is not a customer class of this pool")
