"""Credit support: shortfall undertaking, guarantee, pledge, reserve, overcoverage (`credit_enhancement:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from docgen.model.fields import BusinessDays, amount_field, date_field
from docgen.model.ids import Date
from docgen.model.types import BiText, Money, Percent, ShortStr, Strict


UndertakingScope = Literal["taxes", "fees", "senior_interest", "senior_principal", "put_amount", "call_amount"]


class Undertaking(Strict):
    undertaker: str = Field(description="Party id of the shortfall undertaker.")
    form: Literal["letter", "agreement"] = Field(
        description="letter (a one-sided undertaking letter) or agreement (a shortfall payment agreement).")
    scope: Annotated[list[UndertakingScope], Field(min_length=1)] = Field(
        description=("What the undertaker makes good, in waterfall order: taxes, fees, senior_interest, "
                     "senior_principal, put_amount, call_amount."))
    cap: Money | None = amount_field("Most the undertaker pays over the deal's life", "; leave out for no cap",
                                     default=None)
    capacity_schedule: list["CapacityLimit"] = Field(
        [], description="Modelling only: what the undertaker can actually pay on given payment dates.")
    default_interest_per_day: Percent = Field(
        Decimal("0.05"), description="Default interest on late shortfall payments, per cent a day.")
    term_years_after_legal_maturity: Annotated[int, Field(ge=0, le=10)] = Field(
        2, description="Years after legal maturity the undertaking remains in force (0-10).")


class CapacityLimit(Strict):
    payment_date: Date = date_field("Payment date the limit applies to")
    max_amount: Money = amount_field("Most the party can pay on that date")


class InterimShortfall(Strict):
    threshold_pct_of_forecast: Annotated[Decimal, Field(gt=0, le=100)] = Field(
        description=("Per cent of the forecast collections under which the undertaker tops up a period (interim "
                     "shortfall), e.g. 70."))
    payment_days: BusinessDays = Field(
        10, description="Business days the undertaker has to pay the interim shortfall.")


class Guarantee(Strict):
    guarantor: str = Field(description="Party id of the guarantor.")
    type: Literal["joint_and_several", "general"] = Field(
        "joint_and_several", description=("joint_and_several, or general (the guarantor may first require enforcement "
                                          "against the debtor)."))
    scope: BiText = Field(description="What the guarantee secures, as the documents state it.")
    period_years: Annotated[int, Field(ge=1, le=10)] = Field(
        2, description="Guarantee period in years after the secured debt falls due (1-10).")
    capacity_schedule: list[CapacityLimit] = Field(
        [], description="Modelling only: what the guarantor can actually pay on given payment dates.")


class Pledge(Strict):
    pledgor: str = Field(description="Party id of the pledgor.")
    object: BiText = Field(description="What is pledged, e.g. the heating charge right.")
    registry: BiText = Field(description="Where the pledge is registered.")
    registration_days: Annotated[int, Field(ge=1, le=90)] = Field(
        10, description="Days after signing within which the pledge must be registered (1-90).")
    registration_no: ShortStr | None = Field(None, description="Registration number of the pledge, once registered.")


class Reserve(Strict):
    rule: Literal["next_period_senior_interest_and_fees", "none"] = Field(
        "next_period_senior_interest_and_fees", description=("Reserve target: next_period_senior_interest_and_fees, or"
                                                             " none."))


class CreditEnhancement(Strict):
    overcoverage_target: Annotated[Decimal, Field(ge=0, le=10)] = Field(
        Decimal("1.20"), description="Target coverage ratio of every period (a multiple, e.g. 1.20 = 1.20x).")
    undertaking: Undertaking | None = Field(None, description="Shortfall payment undertaking, when there is one.")
    interim_shortfall: InterimShortfall | None = Field(
        None, description="Interim shortfall payment, when the deal has one.")
    guarantee: Guarantee | None = Field(None, description="Guarantee, when there is one.")
    pledge: Pledge | None = Field(None, description="Pledge, when there is one; a pledge contract is drafted then.")
    reserve: Reserve = Field(Reserve(), description="Reserve kept back in the waterfall.")
    cash_collateral: Money | None = amount_field("Cash collateral", ", when there is one", default=None)
    post_default_senior_order: Literal["pro_rata", "sequential"] = Field(
        "pro_rata", description="How senior principal is paid after an event of default: pro_rata or sequential.")
    post_acceleration_senior_order: Literal["pro_rata", "sequential"] = Field(
        "pro_rata", description="How senior principal is paid after an acceleration event: pro_rata or sequential.")
    sub_income: Literal["residual", "capped"] = Field(
        "residual", description="The subordinated tranche's period income in the normal order: 'residual' — all "
        "the cash left after the reserve; 'capped' — at most sub_expected_yield a year on its outstanding "
        "principal, the excess retained in the plan (carried with the reserve) until that principal is repaid")
    sub_expected_yield: Percent | None = Field(
        None, description="With sub_income: capped, the subordinated tranche's expected yield, % a year")


Undertaking.model_rebuild()
