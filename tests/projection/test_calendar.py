"""Payment calendar: business-day conventions on the Chinese calendar, offsets, day counts, estimates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from docgen.projection import calendar as cal
from docgen.projection.run import project
from tests.projection.conftest import D, build, deal_data

d = dt.date


@pytest.mark.parametrize("day, convention, expected", [
    (d(2020, 11, 15), "following", d(2020, 11, 16)),  # Sunday → Monday (16惠通A5)
    (d(2021, 4, 24), "preceding", d(2021, 4, 23)),  # Saturday → Friday (华夏幸福 优先4)
    (d(2024, 10, 1), "following", d(2024, 10, 8)),  # National Day week
    (d(2024, 10, 1), "preceding", d(2024, 9, 30)),
    (d(2024, 6, 30), "following", d(2024, 7, 1)),
    (d(2024, 6, 30), "modified_following", d(2024, 6, 28)),  # would leave June: go back instead
    (d(2024, 4, 25), "following", d(2024, 4, 25)),  # already a business day
])
@pytest.mark.parametrize("days", ["exchange", "bank"])
def test_business_day_conventions(day, convention, expected, days):
    # none of these dates is near a make-up working day: both calendars agree
    assert cal.adjust(day, convention, days) == expected


def test_make_up_working_days_count_on_bank_days_only():
    assert cal.is_business_day(d(2024, 9, 29), "bank")  # Sunday, 调休 working day before National Day
    assert not cal.is_business_day(d(2024, 9, 29), "exchange")  # the exchange never opens on a weekend
    assert cal.business_days_before(d(2024, 10, 14), 1, "bank") == d(2024, 10, 12)  # Saturday make-up day
    assert cal.business_days_before(d(2024, 10, 14), 1, "exchange") == d(2024, 10, 11)
    assert not cal.is_business_day(d(2024, 10, 7), "bank") and not cal.is_business_day(d(2024, 10, 7), "exchange")


@pytest.mark.parametrize("day, convention, exchange, bank", [
    # the example: Sunday 2022-04-24, worked before Labour Day
    (d(2022, 4, 24), "preceding", d(2022, 4, 22), d(2022, 4, 24)),
    # Golden Week 2023 (29 Sep – 6 Oct off, Saturday 7 Oct worked): the next business day
    (d(2023, 10, 1), "following", d(2023, 10, 9), d(2023, 10, 7)),
    (d(2024, 9, 29), "preceding", d(2024, 9, 27), d(2024, 9, 29)),  # Sunday before Golden Week 2024, worked
    # Spring Festival 2024 (10–17 Feb off, Sunday 18 Feb worked)
    (d(2024, 2, 12), "following", d(2024, 2, 19), d(2024, 2, 18)),
    (d(2024, 2, 4), "preceding", d(2024, 2, 2), d(2024, 2, 4)),  # Sunday 4 Feb, worked before the holiday
])
def test_exchange_and_bank_days_differ_on_make_up_days(day, convention, exchange, bank):
    assert cal.adjust(day, convention, "exchange") == exchange
    assert cal.adjust(day, convention, "bank") == bank


def test_beyond_published_years_is_an_estimate():
    assert not cal.published(d(2031, 5, 1))
    for days in ("exchange", "bank"):
        assert not cal.is_business_day(d(2031, 5, 1), days)  # Labour Day, estimated
        assert not cal.is_business_day(d(2031, 5, 3), days)
        assert cal.is_business_day(d(2031, 5, 6), days)


@pytest.mark.parametrize("start, end, basis, expected", [
    (d(2028, 4, 25), d(2029, 4, 25), "ACT/365", Decimal(1)),
    (d(2028, 4, 25), d(2029, 4, 25), "ACT/360", Decimal(365) / 360),
    (d(2028, 1, 31), d(2028, 2, 29), "30/360", Decimal(29) / 360),
    (d(2028, 1, 30), d(2028, 3, 31), "30/360", Decimal(60) / 360),
    (d(2028, 2, 15), d(2028, 8, 15), "30/360", Decimal("0.5")),
])
def test_day_counts(start, end, basis, expected):
    assert cal.year_fraction(start, end, basis) == expected


def _dated(establishment, pays, convention="following", **dates):
    data = deal_data()
    data["dates"].update(establishment=establishment, cutoff=establishment, payment_dates=pays,
                         business_day_convention=convention, **dates)
    data["tranches"][0]["expected_maturity"] = pays[0]
    data["tranches"][1]["expected_maturity"] = pays[-1]
    data["tranches"][1]["amortisation"] = {"type": "bullet"}
    data["tranches"][2]["expected_maturity"] = pays[-1]
    return build(data)


def test_schedule_dates_and_offsets():
    deal = _dated(d(2019, 11, 20), [d(2020, 11, 15), d(2021, 11, 15)])
    p1, p2 = project(deal).periods
    assert (p1.unadjusted_date, p1.payment_date) == (d(2020, 11, 15), d(2020, 11, 16))
    assert p1.calculation_date == d(2020, 11, 2)  # 10 business days before
    assert p1.shortfall_trigger_date == d(2020, 11, 4)  # 8
    assert p1.shortfall_transfer_date == d(2020, 11, 6)  # 6
    assert (p1.collection_start, p1.collection_end) == (d(2019, 11, 20), d(2020, 10, 31))
    assert (p2.collection_start, p2.collection_end) == (d(2020, 11, 1), d(2021, 10, 31))
    assert p1.accrual_days == 362  # 2019-11-20 → 2020-11-16 (adjusted): a stub
    assert p2.accrual_days == 364  # interest accrues on adjusted dates
    assert not p1.calendar_estimated and not p2.calendar_estimated


def test_preceding_convention_in_a_deal():
    # 2022-04-24 is a Sunday but a make-up working day (调休 before Labour Day): on bank working days
    # the payment stays on it; the exchange is shut on a Sunday, so on its trading days the payment moves
    # back to Friday (an SSE deal's default)
    bank = _dated(d(2020, 4, 24), [d(2021, 4, 24), d(2022, 4, 24)], "preceding", business_days="bank")
    assert [p.payment_date for p in project(bank).periods] == [d(2021, 4, 23), d(2022, 4, 24)]
    sse = _dated(d(2020, 4, 24), [d(2021, 4, 24), d(2022, 4, 24)], "preceding")
    assert sse.plan.exchange == "SSE" and sse.business_days == "exchange"
    proj = project(sse)
    assert [p.payment_date for p in proj.periods] == [d(2021, 4, 23), d(2022, 4, 22)]
    assert proj.business_days == "exchange"
    # the calculation date is the 10th business day before each: Friday 22 April back over the weekends,
    # or Sunday 24 April back from Friday 22 April
    assert proj.periods[1].calculation_date == d(2022, 4, 8)
    assert project(bank).periods[1].calculation_date == d(2022, 4, 11)


def test_a_csi_deal_counts_bank_days_by_default():
    data = deal_data()
    data["plan"]["exchange"] = "CSI"
    data["dates"].update(establishment=d(2020, 4, 24), cutoff=d(2020, 4, 24), business_day_convention="preceding",
                         payment_dates=[d(2021, 4, 24), d(2022, 4, 24)])
    data["tranches"][0]["expected_maturity"] = d(2021, 4, 24)
    for t in data["tranches"][1:]:
        t["expected_maturity"] = d(2022, 4, 24)
    data["tranches"][1]["amortisation"] = {"type": "bullet"}
    deal = build(data)
    assert deal.business_days == "bank"
    assert project(deal).periods[-1].payment_date == d(2022, 4, 24)


def test_estimated_dates_are_flagged(ex1):
    proj = project(ex1)
    assert all(p.calendar_estimated for p in proj.periods)
    assert proj.calendar_estimated_from == d(2027, 1, 1)
    assert any("estimate" in w for w in proj.warnings)
    deal = _dated(d(2024, 4, 25), [d(2025, 4, 25), d(2026, 4, 24), d(2027, 4, 26)])
    proj = project(deal)
    assert [p.calendar_estimated for p in proj.periods] == [False, False, True]


def test_stub_first_period_accrues_pro_rata():
    """Established 2028-10-25: 182 days to the first payment date."""
    data = deal_data()
    data["dates"]["establishment"] = d(2028, 10, 25)
    data["dates"]["cutoff"] = d(2028, 9, 30)
    p1 = project(build(data)).periods[0]
    assert p1.accrual_days == 182
    assert p1.interest["A1"] == D("67.32")  # 4,500 × 3 % × 182/365 = 67.315…
    assert p1.interest["A2"] == D("148.34")  # 8,500 × 3.5 % × 182/365 = 148.342…
    assert p1.fees_by_id["custody_management"] == D("8.20")  # 13,700 × 0.12 % × 182/365
    assert p1.inflow == D("6465.00")  # the whole 2028-2029 heating season is inside the plan


def test_explicit_collection_periods():
    data = deal_data()
    data["dates"]["collection_periods"] = [
        {"start": d(2028, 4, 25), "end": d(2029, 2, 28)},
        {"start": d(2029, 3, 1), "end": d(2030, 2, 28)},
        {"start": d(2030, 3, 1), "end": d(2031, 2, 28)},
    ]
    proj = project(build(data))
    # March cash (5 %) moves into the next period. The last season is inside the plan only up to
    # 02-28: 106 of its 121 heating days, billed pro rata and spread over Sep–Feb:
    # 5,000 × 106/121 = 4,380.17 × 95 % = 4,161.16; 1,750 × 106/121 = 1,533.06 × 98 % = 1,502.40
    assert [p.inflow for p in proj.periods] == [D("6141.75"), D("6465.00"), D("323.25") + D("4161.16") + D("1502.40")]
    last = [s for s in proj.seasons if s.season == "2030-2031"]
    assert [s.billed for s in last] == [D("4380.17"), D("1533.06")]
    assert last[0].covered_share == Decimal(106) / 121
    assert proj.periods[0].collection_end == d(2029, 2, 28)


@pytest.mark.parametrize("year", [2025, 2026])
def test_holiday_estimate_matches_the_published_years(year):
    """The estimate used beyond the published years, tried on years that are published."""
    import chinese_calendar

    from docgen.projection.calendar import estimated_holidays

    days = [dt.date(year, 1, 1) + dt.timedelta(days=k) for k in range(365)]
    actual = {d for d in days if d.weekday() < 5 and chinese_calendar.is_holiday(d)}
    estimate = {d for d in estimated_holidays(year) if d.weekday() < 5}
    assert estimate <= actual  # never a working day taken for a holiday
    assert len(estimate) >= 0.85 * len(actual)


def test_estimated_years_keep_the_holidays_off():
    from docgen.projection.calendar import is_business_day, published

    assert not published(dt.date(2030, 5, 1))
    off = [dt.date(2030, 1, 1), dt.date(2030, 2, 4), dt.date(2030, 4, 5), dt.date(2030, 5, 1), dt.date(2030, 5, 3),
           dt.date(2030, 6, 5), dt.date(2030, 9, 12), dt.date(2030, 10, 1), dt.date(2030, 10, 7)]
    for days in ("exchange", "bank"):
        assert not any(is_business_day(d, days) for d in off)  # 元旦, 春节 初二, 清明, 劳动节, 端午, 中秋, 国庆
        assert is_business_day(dt.date(2030, 5, 6), days) and is_business_day(dt.date(2030, 10, 8), days)


def test_the_first_calendar_year_counts_back_into_1899():
    # 1 January 1900 (a holiday) and the days before it: the lunar festivals of 1899 cannot be computed
    for days in ("exchange", "bank"):
        assert cal.adjust(d(1900, 1, 1), "preceding", days) == d(1899, 12, 29)
        assert cal.business_days_before(d(1900, 1, 2), 3, days) == d(1899, 12, 27)
