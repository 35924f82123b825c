"""The tranches (securities): coupon, amortisation, rating, option dates (`tranches:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from docgen.model.ids import Date
from docgen.model.types import BiText, Money, Percent, ShortStr, Strict


class Coupon(Strict):
    type: Literal["fixed", "floating", "none"]
    rate: Percent | None = None  # fixed rate, or the initial all-in rate of a floating tranche
    benchmark: BiText | None = None
    spread_bp: Annotated[Decimal, Field(ge=-1000, le=5000)] | None = None
    benchmark_path: list["BenchmarkFixing"] = []

    @model_validator(mode="after")
    def _shape(self):
        if self.type == "fixed" and self.rate is None:
            raise ValueError("a fixed coupon needs 'rate'")
        if self.type == "floating" and (self.benchmark is None or self.spread_bp is None or not self.benchmark_path):
            raise ValueError("a floating coupon needs 'benchmark', 'spread_bp' and a 'benchmark_path'")
        if self.type == "none" and self.rate is not None:
            raise ValueError("a tranche without coupon cannot have 'rate'")
        return self


class BenchmarkFixing(Strict):
    from_date: Date
    rate: Percent


class PrincipalPayment(Strict):
    date: Date
    amount: Money


class Amortisation(Strict):
    type: Literal["bullet", "scheduled", "pass_through"]
    schedule: list[PrincipalPayment] = []


class TrancheRating(Strict):
    agency: ShortStr  # party id of the rating agency
    rating: Annotated[str, Field(pattern=r"^[A-C]{1,3}[+-]?(sf)?$")]


class Tranche(Strict):
    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]{0,15}$")]
    tranche_class: Literal["senior", "mezzanine", "subordinated"] = Field(alias="class")
    name: BiText
    short_code: ShortStr | None = None
    exchange_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None
    size: Money
    coupon: Coupon
    day_count: Literal["ACT/365", "ACT/360", "30/360"] | None = None  # default: the deal's
    interest_frequency: Literal["annual", "semi_annual", "quarterly", "at_maturity"] = "annual"
    amortisation: Amortisation = Amortisation(type="bullet")
    expected_maturity: Date
    legal_maturity: Date | None = None  # default: the plan's legal maturity
    put_dates: list[Date] = []
    call_dates: list[Date] = []
    reset_dates: list[Date] = []
    rating: TrancheRating | None = None
    holder: str | None = None  # party id (subordinated: the retaining originator)
    holder_restriction: BiText | None = None
    min_trade_lot: Annotated[int, Field(ge=1, le=10_000_000)] = 10000

    model_config = Strict.model_config | {"populate_by_name": True}

    @property
    def is_senior(self) -> bool:
        return self.tranche_class != "subordinated"



Coupon.model_rebuild()
