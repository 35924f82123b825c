"""The plan's calendar: establishment, cut-off, payment dates, sweep and offsets (`dates:`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from docgen.model.ids import Date
from docgen.model.types import Strict

# the years whose holidays the projection's calendar can compute (the lunar festivals of its estimate):
# `validate` refuses a payment date outside them (rule payment-dates)
FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR = 1900, 2099


class Offsets(Strict):
    """Business-day offsets before each payment date (shared/domain/model.md §3.6)."""

    calculation: Annotated[int, Field(ge=1, le=60)] = 10
    shortfall_trigger: Annotated[int, Field(ge=1, le=60)] = 8
    shortfall_transfer: Annotated[int, Field(ge=1, le=60)] = 6
    default_test: Annotated[int, Field(ge=1, le=60)] = 5
    distribution_report: Annotated[int, Field(ge=1, le=60)] = 2
    csdc_funding: Annotated[int, Field(ge=1, le=60)] = 1


class Sweep(Strict):
    interval: Literal["daily", "weekly", "semi_monthly", "monthly", "quarterly", "semi_annual", "annual"]
    within_business_days: Annotated[int, Field(ge=1, le=30)] = 5


class CollectionPeriod(Strict):
    start: Date
    end: Date


class Dates(Strict):
    establishment: Date
    cutoff: Date
    payment_dates: Annotated[list[Date], Field(min_length=1, max_length=600)]
    collection_periods: list[CollectionPeriod] = []  # default: to the end of the month before each payment
    business_day_convention: Literal["following", "preceding", "modified_following"] = "following"
    # which days are business days (工作日): the exchange's trading days (weekdays that are not public
    # holidays; a weekend made a working day, 调休, is not one) or the State Council's working days, 调休
    # included. None: the exchange's for an SSE or SZSE deal, the State Council's otherwise (Deal.business_days)
    business_days: Literal["exchange", "bank"] | None = Field(
        None, description="exchange: SSE/SZSE trading days (never a weekend); bank: State Council working days, "
                          "weekend make-up working days (调休) included. Default: exchange for an SSE or SZSE deal, bank otherwise")
    day_count: Literal["ACT/365", "ACT/360", "30/360"] = "ACT/365"
    sweep: Sweep
    offsets: Offsets = Offsets()
    legal_maturity: Date
