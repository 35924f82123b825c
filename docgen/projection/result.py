"""The result of one projection run: what every document and `docgen project` read.

All amounts are `Decimal` in the deal's amount unit (`plan.amount_unit`), rounded half-up to 0.01 of
that unit at every line item; coverage multiples are `Decimal` rounded half-up to 4 places.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ClassSeason:
    """One customer class (or a power plant's sales) in one forecast season."""

    class_id: str
    season: str  # "2028-2029" (power: "2028")
    area: Decimal  # wan m2 (power: volume in wan kWh)
    price: Decimal  # yuan/m2 (power: yuan/kWh)
    billed: Decimal
    collection_rate: Decimal  # per cent
    collected: Decimal
    arrears_recovered: Decimal
    covered_share: Decimal = Decimal(1)  # part of the season inside the plan's collection window


@dataclass(frozen=True)
class MonthCash:
    month: dt.date  # first day of the month
    cash: Decimal  # pool cash collected in the month
    transferred: Decimal  # swept to the plan
    released: Decimal  # returned to the originator (specified-amount cap mode)
    period: int | None  # index of the payment period it belongs to (1-based), None outside the plan


@dataclass(frozen=True)
class Period:
    index: int  # 1-based
    payment_date: dt.date  # adjusted by the business-day convention
    unadjusted_date: dt.date
    calendar_estimated: bool  # beyond the published holiday calendar: an estimate
    collection_start: dt.date
    collection_end: dt.date
    calculation_date: dt.date
    shortfall_trigger_date: dt.date
    shortfall_transfer_date: dt.date
    accrual_days: int
    regime: str  # "normal" | "acceleration" | "default"
    inflow: Decimal
    reserve_bf: Decimal
    available: Decimal  # inflow + reserve b/f (before shortfall / guarantee)
    taxes: Decimal
    fees: Decimal
    fees_by_id: dict[str, Decimal]
    senior_interest: Decimal
    senior_principal: Decimal
    put_amount: Decimal
    required: Decimal  # taxes + fees + senior interest + senior principal due (+ put/call in scope)
    shortfall_due: Decimal  # max(0, required - available)
    shortfall_paid: Decimal
    guarantee_paid: Decimal
    interim_shortfall_paid: Decimal
    reserve_end: Decimal
    sub_income: Decimal
    sub_principal: Decimal
    residual: Decimal
    interest: dict[str, Decimal]  # by tranche id, paid
    principal: dict[str, Decimal]  # by tranche id, paid
    interest_due: dict[str, Decimal]
    principal_due: dict[str, Decimal]
    balances: dict[str, Decimal]  # by tranche id, after this payment date
    coverage_total: Decimal  # inflow / required (reserve excluded)
    coverage_senior: Decimal  # inflow / (senior interest + senior principal)
    unpaid_senior: Decimal  # senior amounts due but not paid after all support
    # added by the projection engine (all optional for readers):
    taxes_due: Decimal = Decimal(0)
    fees_due: Decimal = Decimal(0)
    senior_interest_due: Decimal = Decimal(0)
    senior_principal_due: Decimal = Decimal(0)  # after an event of default: the whole senior balance
    put_received: Decimal = Decimal(0)  # put monies paid in by the originator, ring-fenced for the holders
    released: Decimal = Decimal(0)  # cash of the period returned to the originator (cap mode)
    event_of_default: bool = False  # the event of default happened on this payment date
    default_test_date: dt.date | None = None
    retained: Decimal = Decimal(0)  # part of reserve_end: sub income over its cap, kept in the plan (sub_income: capped)


@dataclass(frozen=True)
class ScenarioResult:
    id: str
    name_zh: str
    name_en: str
    inflow: tuple[Decimal, ...]  # per period
    coverage: tuple[Decimal, ...]  # per period, against the base-case required amounts
    shortfall: tuple[Decimal, ...]  # per period, max(0, base required - stressed inflow)
    min_coverage: Decimal


@dataclass(frozen=True)
class BreakEven:
    uniform_haircut_pct: Decimal  # inflow haircut (= area or price cut) at which min coverage is 1.00x
    binding_period: int
    collection_rate_pct: dict[str, Decimal]  # per class: the rate at which min coverage is 1.00x
    method: dict[str, str]  # per figure: "closed form" | "bisection"
    already_below: bool = False  # base-case coverage is below 1.00x in some period: no decline needed (haircut 0)


@dataclass(frozen=True)
class Projection:
    deal_id: str
    amount_unit: str
    periods: tuple[Period, ...]
    seasons: tuple[ClassSeason, ...]
    months: tuple[MonthCash, ...]
    totals: dict[str, Decimal]
    cumulative_coverage: Decimal
    gross_overcoverage: Decimal  # total inflow / all tranches (JSON: also `gross_overcoverage_all`)
    gross_overcoverage_senior: Decimal  # total inflow / the senior tranches
    stress: tuple[ScenarioResult, ...]
    break_even: BreakEven | None
    warnings: tuple[str, ...] = field(default=())
    calendar_estimated_from: dt.date | None = None  # first date beyond the published holiday calendar
    scenario: str | None = None  # id of the stress scenario the waterfall ran on; None = base case
    business_days: str = "exchange"  # the calendar of the payment dates: "exchange" or "bank" (dates.business_days)

    @property
    def gross_overcoverage_all(self) -> Decimal:
        """Total inflow over all tranches: the figure `gross_overcoverage` has always held."""
        return self.gross_overcoverage
