"""Credit support on a payment date (model.md §3.5): interim shortfall, shortfall payment, guarantee.

The undertaker pays what is missing for every item of the order up to the last item of its scope,
within its cap (over the deal's life) and its `capacity_schedule` (per payment date, as written or
adjusted; a date not listed is unlimited); the guarantor then pays what is still missing, up to its
own capacity on that date. Interim shortfall payment: when a period's inflow is below k % of
the base-case forecast, the undertaker first tops it up to that level.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docgen.model.deal import Deal
from docgen.projection.calendar import PeriodDates
from docgen.projection.money import HUNDRED, ZERO, q2

SCOPE_ORDER = ("taxes", "fees", "senior_interest", "senior_principal")


@dataclass(frozen=True)
class Support:
    interim: Decimal
    shortfall: Decimal
    guarantee: Decimal

    @property
    def total(self) -> Decimal:
        return self.interim + self.shortfall + self.guarantee


def capacity(schedule, pd: PeriodDates) -> Decimal | None:
    for c in schedule:
        if c.payment_date in (pd.unadjusted, pd.payment_date):
            return c.max_amount
    return None


def _least(*xs: Decimal | None) -> Decimal:
    """The smallest of the limits that apply (None: no limit), never below zero."""
    return max(ZERO, min(x for x in xs if x is not None))


class Supporter:
    """Keeps what the undertaker has paid so far, against its cap."""

    def __init__(self, deal: Deal):
        ce = deal.credit_enhancement
        self.und = ce.undertaking
        self.guarantee = ce.guarantee
        self.interim_rule = ce.interim_shortfall
        self.scope = set(self.und.scope) if self.und else set()
        self.used = ZERO

    def pay(self, pd: PeriodDates, due: dict[str, Decimal], available: Decimal, inflow: Decimal,
            forecast: Decimal | None) -> Support:
        """`due`: taxes, fees, senior interest and senior principal due (keys of SCOPE_ORDER)."""
        und = self.und
        today = capacity(und.capacity_schedule, pd) if und else None
        life = und.cap - self.used if und and und.cap is not None else None
        interim = ZERO
        if und and self.interim_rule and forecast is not None:
            floor = q2(forecast * self.interim_rule.threshold_pct_of_forecast / HUNDRED)
            if inflow < floor:
                interim = _least(floor - inflow, today, life)
        covered = ZERO
        if und:
            last = max((k for k, s in enumerate(SCOPE_ORDER) if s in self.scope), default=-1)
            covered = sum((due[s] for s in SCOPE_ORDER[: last + 1]), ZERO)
        shortfall = _least(covered - available - interim,
                           None if today is None else today - interim, None if life is None else life - interim)
        self.used += interim + shortfall
        guarantee = ZERO
        if self.guarantee:
            base = covered if und else sum(due.values(), ZERO)
            guarantee = _least(base - available - interim - shortfall, capacity(self.guarantee.capacity_schedule, pd))
        return Support(interim, shortfall, guarantee)
