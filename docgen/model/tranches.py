"""The tranches (securities): coupon, amortisation, rating, option dates (`tranches:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from docgen.model.fields import amount_field, date_field
from docgen.model.ids import Date
from docgen.model.types import BiText, Money, Percent, ShortStr, Strict


class Coupon(Strict):
    type: Literal["fixed", "floating", "none"] = Field(
        description="fixed, floating (benchmark plus spread) or none (subordinated tranche).")
    rate: Percent | None = Field(
        None, description=("Coupon in per cent a year (3.10 means 3.10 %): the fixed rate, or a floating tranche's "
                           "initial all-in rate."))
    benchmark: BiText | None = Field(None, description="Benchmark of a floating coupon, e.g. one-year LPR.")
    spread_bp: Annotated[Decimal, Field(ge=-1000, le=5000)] | None = Field(
        None, description="Spread over the benchmark in basis points (-1000 to 5000).")
    benchmark_path: list["BenchmarkFixing"] = Field(
        [], description="Assumed benchmark fixings for the projection of a floating tranche.")

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
    from_date: Date = date_field("Date the fixing applies from")
    rate: Percent = Field(description="Benchmark rate in per cent a year.")


class PrincipalPayment(Strict):
    date: Date = date_field("Payment date the principal is repaid on", "; one of dates.payment_dates")
    amount: Money = amount_field("Principal repaid on that date")


class Amortisation(Strict):
    type: Literal["bullet", "scheduled", "pass_through"] = Field(
        description="bullet (all at expected maturity), scheduled (per schedule) or pass_through (as cash allows).")
    schedule: list[PrincipalPayment] = Field(
        [], description="Principal repayments of a scheduled tranche; they add up to its size.")


class TrancheRating(Strict):
    agency: ShortStr = Field(description="Party id of the rating agency.")
    rating: Annotated[str, Field(pattern=r"^[A-C]{1,3}[+-]?(sf)?$")] = Field(
        description="Rating of the tranche, e.g. AAAsf.")


class Tranche(Strict):
    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]{0,15}$")] = Field(
        description="Tranche id, e.g. A1 or Sub: a letter, then letters, digits or '-' (at most 16).")
    tranche_class: Literal["senior", "mezzanine", "subordinated"] = Field(
        alias="class", description=("Class of the tranche: senior, mezzanine or subordinated (written as the key "
                                    "'class')."))
    name: BiText = Field(description="Name of the securities, e.g. Class A1 Senior Asset-backed Securities.")
    short_code: ShortStr | None = Field(None, description="Exchange short name of the securities, once assigned.")
    exchange_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = Field(
        None, description="Exchange code of the securities, in quotes: 6 digits, once assigned.")
    size: Money = amount_field("Principal amount of the tranche")
    coupon: Coupon = Field(description="The tranche's coupon.")
    day_count: Literal["ACT/365", "ACT/360", "30/360"] | None = Field(
        None, description="Day count of the coupon: ACT/365, ACT/360 or 30/360; default: dates.day_count.")
    interest_frequency: Literal["annual", "semi_annual", "quarterly", "at_maturity"] = Field(
        "annual", description="How often interest is paid: annual, semi_annual, quarterly or at_maturity.")
    amortisation: Amortisation = Field(Amortisation(type="bullet"), description="How principal is repaid.")
    expected_maturity: Date = date_field("Expected maturity", "; one of dates.payment_dates")
    legal_maturity: Date | None = date_field("Legal maturity", "; default: dates.legal_maturity", default=None)
    put_dates: list[Date] = Field([], description="Payment dates on which holders may sell the securities back (put).")
    call_dates: list[Date] = Field(
        [], description="Payment dates on which the originator may redeem the securities (call).")
    reset_dates: list[Date] = Field([], description="Payment dates on which the coupon may be reset.")
    rating: TrancheRating | None = Field(None, description="Rating of the tranche (senior tranches).")
    holder: str | None = Field(
        None, description="Party id of the holder (subordinated tranche: the retaining originator).")
    holder_restriction: BiText | None = Field(
        None, description="Transfer restriction on the holder, e.g. non-transferable.")
    min_trade_lot: Annotated[int, Field(ge=1, le=10_000_000)] = Field(
        10000, description="Minimum trading lot in units, at least 1.")

    model_config = Strict.model_config | {"populate_by_name": True}

    @property
    def is_senior(self) -> bool:
        return self.tranche_class != "subordinated"



Coupon.model_rebuild()
