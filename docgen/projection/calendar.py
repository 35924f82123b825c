"""Payment calendar: business days on the Chinese calendar, adjusted dates, offsets, day counts.

A deal's business days (`Deal.business_days`) are either the exchange's trading days (`exchange`:
weekdays that are not public holidays; the SSE and SZSE never open on a weekend, not even on a make-up
working day) or the State Council's working days (`bank`: weekends and public holidays off, make-up
working days (make-up days) on), both from `chinese_calendar`. Beyond the years that library publishes, the
holidays are estimated (`estimated_holidays`) and such dates are flagged (`PeriodDates.estimated`).
The lunar festivals can be computed for 1900–2099 only (`FIRST_CALENDAR_YEAR`, `LAST_CALENDAR_YEAR`):
`validate` refuses a payment date outside them.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import chinese_calendar
from chinese_calendar import constants as _cc

from docgen.model.dates import FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR  # lunardate's range: the estimate's
from docgen.model.deal import Deal

_YEARS = sorted({d.year for d in _cc.holidays} | {d.year for d in _cc.workdays})
FIRST_YEAR, LAST_YEAR = _YEARS[0], _YEARS[-1]
ONE_DAY = dt.timedelta(days=1)
BUSINESS_DAYS = ("exchange", "bank")


def published(d: dt.date) -> bool:
    """Is `d` inside the years whose holidays are published?"""
    return FIRST_YEAR <= d.year <= LAST_YEAR


def estimated_from() -> dt.date:
    """The first date the calendar only estimates."""
    return dt.date(LAST_YEAR + 1, 1, 1)


@lru_cache(maxsize=None)
def estimated_holidays(year: int) -> frozenset[dt.date]:
    """The public holidays of a year the State Council has not yet published, as the recent pattern
    has them: New Year 1 January; Spring Festival from the eve to the 7th day of the first lunar month;
    Qingming on its solar term; Labour Day 1–5 May; Dragon Boat (5/5) and Mid-Autumn (8/15) of the lunar
    calendar; National Day 1–7 October. The make-up working days on weekends cannot be foreseen and are left out. Outside 1900–2099 only
    the fixed-date holidays are known: `validate` allows no date there, but the business days counted back
    from a payment date early in January 1900 fall in 1899."""
    from lunardate import LunarDate

    days = {dt.date(year, 1, 1)}
    days |= {dt.date(year, 5, k) for k in range(1, 6)} | {dt.date(year, 10, k) for k in range(1, 8)}
    if not FIRST_CALENDAR_YEAR <= year <= LAST_CALENDAR_YEAR:
        return frozenset(days)
    spring = LunarDate(year, 1, 1).to_solar_date()
    days |= {spring + k * ONE_DAY for k in range(-1, 7)}
    # Qingming is the one solar term that falls between 1 and 10 April (the next, Guyu, is about the 20th)
    days |= {d for d, _ in chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))}
    days |= {LunarDate(year, 5, 5).to_solar_date(), LunarDate(year, 8, 15).to_solar_date()}
    return frozenset(d for d in days if d.year == year)


@lru_cache(maxsize=None)
def is_business_day(d: dt.date, days: str) -> bool:
    """Is `d` a business day on the exchange's trading days (`days="exchange"`) or on the State Council's
    working days (`"bank"`, make-up weekend working days included)?"""
    if days not in BUSINESS_DAYS:
        raise ValueError(f"business days are 'exchange' or 'bank', not {days!r}")
    if published(d):
        if days == "exchange":
            return d.weekday() < 5 and not chinese_calendar.is_holiday(d)
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5 and d not in estimated_holidays(d.year)


def adjust(d: dt.date, convention: str, days: str) -> dt.date:
    """Move a date that is no business day by the deal's convention."""
    if is_business_day(d, days):
        return d
    if convention == "preceding":
        return _step(d, -1, days)
    nxt = _step(d, 1, days)
    if convention == "modified_following" and nxt.month != d.month:
        return _step(d, -1, days)
    return nxt


def _step(d: dt.date, sign: int, days: str) -> dt.date:
    d += sign * ONE_DAY
    while not is_business_day(d, days):
        d += sign * ONE_DAY
    return d


def business_days_before(d: dt.date, n: int, days: str) -> dt.date:
    """The n-th business day before `d`."""
    for _ in range(n):
        d = _step(d, -1, days)
    return d


def month_end(d: dt.date) -> dt.date:
    return d.replace(day=_cal.monthrange(d.year, d.month)[1])


def add_months(d: dt.date, n: int) -> dt.date:
    """First day of the month n months after d's month."""
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def year_fraction(start: dt.date, end: dt.date, basis: str) -> Decimal:
    if basis == "ACT/360":
        return Decimal((end - start).days) / 360
    if basis == "30/360":  # bond basis (30/360 US without the February rule)
        d1 = min(start.day, 30)
        d2 = min(end.day, 30) if d1 == 30 else end.day
        days = 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)
        return Decimal(days) / 360
    return Decimal((end - start).days) / 365


@dataclass(frozen=True)
class PeriodDates:
    index: int  # 1-based
    unadjusted: dt.date
    payment_date: dt.date
    accrual_start: dt.date  # previous adjusted payment date, or establishment
    collection_start: dt.date
    collection_end: dt.date
    calculation_date: dt.date
    shortfall_trigger_date: dt.date
    shortfall_transfer_date: dt.date
    default_test_date: dt.date
    estimated: bool

    @property
    def accrual_days(self) -> int:
        return (self.payment_date - self.accrual_start).days


@dataclass(frozen=True)
class Schedule:
    periods: tuple[PeriodDates, ...]

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """First and last day of collections that belong to the plan."""
        return self.periods[0].collection_start, self.periods[-1].collection_end

    @property
    def estimated_from(self) -> dt.date | None:
        return estimated_from() if any(p.estimated for p in self.periods) else None

    def index_of(self, d: dt.date) -> int | None:
        """0-based index of the period whose payment date (as written or adjusted) is `d`."""
        for i, p in enumerate(self.periods):
            if d in (p.unadjusted, p.payment_date):
                return i
        return None

    def first_on_or_after(self, d: dt.date) -> int:
        for i, p in enumerate(self.periods):
            if p.unadjusted >= d or p.payment_date >= d:
                return i
        return len(self.periods) - 1


def schedule(deal: Deal) -> Schedule:
    """Adjusted payment dates, collection periods and the shortfall dates of every period."""
    d = deal.dates
    off = d.offsets
    days = deal.business_days
    out = []
    prev_pay = d.establishment
    prev_end: dt.date | None = None
    for i, unadj in enumerate(d.payment_dates):
        pay = adjust(unadj, d.business_day_convention, days)
        if d.collection_periods:
            cs, ce = d.collection_periods[i].start, d.collection_periods[i].end
        else:  # to the last day of the month before the payment date's month
            cs = d.establishment if prev_end is None else prev_end + ONE_DAY
            ce = unadj.replace(day=1) - ONE_DAY
        calc = business_days_before(pay, off.calculation, days)
        dates = dict(
            calculation_date=calc,
            shortfall_trigger_date=business_days_before(pay, off.shortfall_trigger, days),
            shortfall_transfer_date=business_days_before(pay, off.shortfall_transfer, days),
            default_test_date=business_days_before(pay, off.default_test, days),
        )
        est = not (published(calc) and published(pay) and published(unadj))
        out.append(PeriodDates(i + 1, unadj, pay, prev_pay, cs, ce, **dates, estimated=est))
        prev_pay, prev_end = pay, ce
    return Schedule(tuple(out))
