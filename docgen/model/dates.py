"""The plan's calendar: establishment, cut-off, payment dates, sweep and offsets (`dates:`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, create_model

from docgen.model.fields import BusinessDays, days_before
from docgen.model.ids import Date
from docgen.model.types import Strict

# the years whose holidays the projection's calendar can compute (the lunar festivals of its estimate):
# `validate` refuses a payment date outside them (rule payment-dates)
FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR = 1900, 2099


PeriodUnit = Literal["calendar", "business", "trading"]


class Period(Strict):
    """A time limit: a number of days and what kind of day counts (printed by the template helper `period()`)."""

    days: Annotated[int, Field(ge=1, le=365)] = Field(description="How many days (1-365).")
    unit: PeriodUnit = Field(
        description="calendar: days; business: Business Days (as `dates.business_days` defines them); "
                    "trading: Trading Days (days the exchange is open).")


def _time_limits() -> type:
    """`TimeLimits`, one `Period` field per entry of time-limits.yaml, in its order (the schema keeps it)."""
    from importlib.resources import files

    from ruamel.yaml import YAML

    table = YAML(typ="safe", pure=True).load((files("docgen.model") / "time-limits.yaml").read_text("utf-8"))
    fields = {name: (Period, Field(Period(days=e["days"], unit=e["unit"]), description=e["what"]))
              for name, e in table.items()}
    model = create_model("TimeLimits", __base__=Strict, **fields)
    model.__doc__ = "The time limits the documents state, each once; every document prints them from here."
    return model


TimeLimits = _time_limits()


class Offsets(Strict):
    """Business-day offsets before each payment date (shared/domain/model.md §3.6)."""

    calculation: BusinessDays = days_before(10, "Calculation date")
    shortfall_trigger: BusinessDays = days_before(8, "Shortfall trigger date")
    shortfall_transfer: BusinessDays = days_before(6, "Shortfall transfer date")
    default_test: BusinessDays = days_before(5, "Default test and guarantor claim")
    distribution_report: BusinessDays = days_before(2, "Distribution report published")
    csdc_funding: BusinessDays = days_before(1, "Funds paid to CSDC (the securities depository)")


class Sweep(Strict):
    interval: Literal["daily", "weekly", "semi_monthly", "monthly", "quarterly", "semi_annual", "annual"] = Field(
        description=("How often collections are swept to the plan: daily, weekly, semi_monthly, monthly, quarterly, "
                     "semi_annual or annual."))
    within_business_days: Annotated[int, Field(ge=1, le=30)] = Field(
        5, description="Business days after receipt within which collections are swept (1-30).")


class CollectionPeriod(Strict):
    start: Date = Field(description="First day of the collection period (YYYY-MM-DD).")
    end: Date = Field(description="Last day of the collection period (YYYY-MM-DD).")


class Dates(Strict):
    establishment: Date = Field(description="Establishment date of the plan (YYYY-MM-DD).")
    cutoff: Date = Field(description="Cut-off date (YYYY-MM-DD); not after establishment.")
    payment_dates: Annotated[list[Date], Field(min_length=1, max_length=600)] = Field(
        description="Payment dates, in order, adjusted for business days as the documents print them.")
    collection_periods: list[CollectionPeriod] = Field(
        [], description=("One collection period per payment date; default: to the end of the month before each payment"
                         " date."))
    business_day_convention: Literal["following", "preceding", "modified_following"] = Field(
        "following", description="How a date on a holiday moves: following, preceding or modified_following.")
    # which days are business days: the exchange's trading days (weekdays that are not public holidays;
    # a weekend made a working day is not one) or the State Council's working days, make-up days included
    business_days: Literal["exchange", "bank"] | None = Field(
        None, description="exchange: SSE/SZSE trading days (never a weekend); bank: State Council working days, "
                          "weekend make-up working days included. Default: exchange for an SSE or SZSE deal, bank otherwise")
    day_count: Literal["ACT/365", "ACT/360", "30/360"] = Field(
        "ACT/365", description="Day count of interest: ACT/365, ACT/360 or 30/360.")
    sweep: Sweep = Field(description="How often and how fast collections reach the plan account.")
    offsets: Offsets = Field(Offsets(), description="Business-day offsets of the steps before each payment date.")
    time_limits: TimeLimits = Field(
        TimeLimits(), description="Time limits the documents state (disclosure, notices, put and redemption periods): "
                                  "each a number of days and a unit.")
    legal_maturity: Date = Field(
        description="Legal maturity of the plan (YYYY-MM-DD); not before the last payment date.")
