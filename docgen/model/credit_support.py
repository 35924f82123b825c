"""Credit support: shortfall undertaking, guarantee, pledge, reserve, overcoverage (`credit_enhancement:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from docgen.model.ids import Date
from docgen.model.types import BiText, Money, Percent, ShortStr, Strict


UndertakingScope = Literal["taxes", "fees", "senior_interest", "senior_principal", "put_amount", "call_amount"]


class Undertaking(Strict):
    undertaker: str  # party id
    form: Literal["letter", "agreement"]
    scope: Annotated[list[UndertakingScope], Field(min_length=1)]
    cap: Money | None = None
    capacity_schedule: list["CapacityLimit"] = []  # modelling only: what the undertaker can actually pay
    default_interest_per_day: Percent = Decimal("0.05")
    term_years_after_legal_maturity: Annotated[int, Field(ge=0, le=10)] = 2


class CapacityLimit(Strict):
    payment_date: Date
    max_amount: Money


class InterimShortfall(Strict):
    threshold_pct_of_forecast: Annotated[Decimal, Field(gt=0, le=100)]
    payment_days: Annotated[int, Field(ge=1, le=60)] = 10


class Guarantee(Strict):
    guarantor: str  # party id
    type: Literal["joint_and_several", "general"] = "joint_and_several"
    scope: BiText
    period_years: Annotated[int, Field(ge=1, le=10)] = 2
    capacity_schedule: list[CapacityLimit] = []


class Pledge(Strict):
    pledgor: str  # party id
    object: BiText
    registry: BiText
    registration_days: Annotated[int, Field(ge=1, le=90)] = 10
    registration_no: ShortStr | None = None


class Reserve(Strict):
    rule: Literal["next_period_senior_interest_and_fees", "none"] = "next_period_senior_interest_and_fees"


class CreditEnhancement(Strict):
    overcoverage_target: Annotated[Decimal, Field(ge=0, le=10)] = Decimal("1.20")
    undertaking: Undertaking | None = None
    interim_shortfall: InterimShortfall | None = None
    guarantee: Guarantee | None = None
    pledge: Pledge | None = None
    reserve: Reserve = Reserve()
    cash_collateral: Money | None = None
    post_default_senior_order: Literal["pro_rata", "sequential"] = "pro_rata"
    post_acceleration_senior_order: Literal["pro_rata", "sequential"] = "pro_rata"
    sub_income: Literal["residual", "capped"] = Field(
        "residual", description="the subordinated tranche's period income in the normal order: 'residual' — all "
        "the cash left after the reserve; 'capped' — at most sub_expected_yield a year on its outstanding "
        "principal, the excess retained in the plan (carried with the reserve) until that principal is repaid")
    sub_expected_yield: Percent | None = Field(
        None, description="with sub_income: capped, the subordinated tranche's expected yield, % a year")


Undertaking.model_rebuild()
