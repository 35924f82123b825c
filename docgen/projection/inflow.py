"""Plan inflow (model.md §2 step 7–8): monthly pool cash → collection periods → what the plan receives.

full_sweep: every month's cash inside a collection period is swept to the plan.
specified_amount_cap: inside a specified period the plan takes each month's cash until the period's
specified amount is reached and waives the rest to the originator; cash outside every specified
period belongs to the originator (the plan bought only the specified periods' cash).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from docgen.model.deal import Deal
from docgen.projection.calendar import Schedule, month_end
from docgen.projection.money import ZERO
from docgen.projection.result import MonthCash


def period_of(m: dt.date, sched: Schedule) -> int | None:
    """1-based period a month's cash belongs to (cash in a gap between periods waits for the next)."""
    end = month_end(m)
    if end < sched.periods[0].collection_start:
        return None
    for p in sched.periods:
        if end <= p.collection_end:
            return p.index
    return None


def transfer(deal: Deal, cash: dict[dt.date, Decimal], sched: Schedule) -> tuple[list[MonthCash], list[Decimal]]:
    """Monthly sweep and the inflow of each period."""
    inflow = [ZERO] * len(sched.periods)
    months: list[MonthCash] = []
    cap_mode = deal.plan.collection_mode == "specified_amount_cap"
    specified = deal.pool.specified_periods
    taken = {sp.id: ZERO for sp in specified}
    for m in sorted(cash):
        c = cash[m]
        per = period_of(m, sched)
        if per is None:
            if c:
                months.append(MonthCash(m, c, ZERO, ZERO, None))
            continue
        if cap_mode:
            sp = next((s for s in specified if s.start <= month_end(m) <= s.end), None)
            t = ZERO if sp is None else max(ZERO, min(c, sp.amount - taken[sp.id]))
            if sp is not None:
                taken[sp.id] += t
        else:
            t = c
        inflow[per - 1] += t
        if c or t:
            months.append(MonthCash(m, c, t, c - t, per))
    return months, inflow
