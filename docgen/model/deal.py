"""The deal file as pydantic v2 models (shared/domain/model.md §1).

Field-level checks (types, ranges, required fields) live here; rules that compare several fields
live in `docgen.model.rules` so each can be tested and reported on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import Field, field_validator, model_validator

from docgen.model.types import BiText, Money, Percent, ShortStr, SignedPercent, Strict

Date = dt.date
DEAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
PARTY_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class Role(str, Enum):
    plan_manager = "plan_manager"
    originator = "originator"
    servicer = "servicer"
    custodian = "custodian"
    account_bank = "account_bank"
    shortfall_undertaker = "shortfall_undertaker"
    guarantor = "guarantor"
    pledgor = "pledgor"
    liquidity_provider = "liquidity_provider"
    rating_agency = "rating_agency"
    cash_flow_forecaster = "cash_flow_forecaster"
    law_firm = "law_firm"
    accountant = "accountant"
    distributor = "distributor"
    financial_adviser = "financial_adviser"
    registrar = "registrar"


# ----------------------------------------------------------------------------- parties
class CreditRating(Strict):
    agency: ShortStr
    rating: Annotated[str, Field(pattern=r"^[A-C]{1,3}[+-]?(sf)?$")]
    outlook: Literal["stable", "positive", "negative", "developing"] = "stable"
    date: Date


class Licence(Strict):
    type: BiText
    number: ShortStr
    issuer: BiText
    valid_from: Date
    valid_to: Date
    area_scope: BiText | None = None


class BoardApproval(Strict):
    body: BiText
    date: Date
    resolution_no: ShortStr


class BankAccount(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)]
    purpose: Literal["proceeds", "plan", "collection", "supervised", "margin", "operating"]
    bank: ShortStr  # party id of the bank, or its name when it is no party to the deal
    branch: BiText
    name: BiText
    number: Annotated[str, Field(pattern=r"^[0-9 -]{6,40}$")]


class Contact(Strict):
    person: BiText
    phone: Annotated[str, Field(pattern=r"^[0-9+() -]{5,30}$")]
    fax: Annotated[str, Field(pattern=r"^[0-9+() -]{5,30}$")] | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class Party(Strict):
    roles: Annotated[list[Role], Field(min_length=1)]
    name: BiText
    short_name: BiText
    uscc: str
    legal_rep: BiText
    registered_address: BiText
    office_address: BiText | None = None
    postcode: Annotated[str, Field(pattern=r"^\d{6}$")]
    contact: Contact
    registered_capital: Money | None = None
    paid_in_capital: Money | None = None
    established_date: Date | None = None
    industry: BiText | None = None
    business_scope: BiText | None = None
    shareholder: BiText | None = None
    actual_controller: BiText | None = None
    affiliate_of: str | None = None  # party id of the parent or controller, for retention and conflicts
    credit_rating: CreditRating | None = None
    licences: list[Licence] = []
    board_approval: BoardApproval | None = None
    bank_accounts: list[BankAccount] = []
    description: BiText | None = None

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, v: str) -> str:
        if not USCC.match(v):
            raise ValueError(
                "not a valid 统一社会信用代码: 18 characters, digits and capital letters other than I, O, S, V, Z"
            )
        return v


# ----------------------------------------------------------------------------- plan
class NoObjectionLetter(Strict):
    number: ShortStr
    date: Date


class Plan(Strict):
    id: str
    name: BiText
    short_name: BiText
    asset_type: Literal["fee_revenue_right", "contract_receivable", "power_sales_revenue", "scheduled_receivable"]
    collection_mode: Literal["full_sweep", "specified_amount_cap"]
    exchange: Literal["SSE", "SZSE", "CSI"]
    no_objection_letter: NoObjectionLetter | None = None
    amac_filing_no: ShortStr | None = None
    total_size: Money
    amount_unit: Literal["yuan", "wan"] = "yuan"  # unit of every money figure in this file
    display_unit: Literal["yuan", "wan", "yi"] = "wan"  # unit the documents print amounts in
    regime_version: Literal["2014", "2018", "2022"] = "2022"
    green_label: Literal["green", "carbon_neutral"] | None = None
    term_justification: BiText | None = None
    draft_date: Date  # the date printed on the drafts: never the clock

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not DEAL_ID.match(v):
            raise ValueError("deal id must be 1-63 lower-case letters, digits or '-', starting with a letter or digit")
        return v


# ----------------------------------------------------------------------------- pool
class HeatSource(Strict):
    name: BiText
    type: Literal["chp", "boiler", "geothermal", "heat_pump", "industrial_waste_heat"]
    capacity_mw: Money
    area_capacity: Money  # 万㎡


class HeatingSeason(Strict):
    start: Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]
    end: Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]


SEASON = r"^(\d{4})-(\d{4})$"


class SeasonHistory(Strict):
    season: Annotated[str, Field(pattern=SEASON)]  # "2024-2025"
    heated_area: Money  # 万㎡
    billable_area: Money  # 万㎡
    price: Money  # 元/㎡/season
    price_basis: Literal["building_area", "usable_area", "two_part"] = "building_area"
    price_approval: BiText  # government document approving the tariff
    billed: Money
    collected: Money
    arrears_recovered: Money = Decimal(0)

    @field_validator("season")
    @classmethod
    def _consecutive(cls, v: str) -> str:
        a, b = v.split("-")
        if int(b) != int(a) + 1:
            raise ValueError(f"season '{v}' must span two consecutive years, e.g. '2024-2025'")
        return v

    @property
    def collection_rate(self) -> Decimal:
        return (self.collected / self.billed * 100) if self.billed else Decimal(0)


MonthProfile = dict[Annotated[int, Field(ge=1, le=12)], Percent]


class PriceChange(Strict):
    effective_season: Annotated[str, Field(pattern=SEASON)]
    new_price: Money
    approval: BiText


class CustomerClass(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)]
    name: BiText
    history: Annotated[list[SeasonHistory], Field(min_length=1, max_length=200)]
    seasonality: MonthProfile  # per cent of a season's cash arriving in each calendar month
    # forecast assumptions (shared/domain/model.md §2)
    area_growth: SignedPercent = Decimal(0)  # % a season
    collection_rate: Percent | None = None  # default: lowest of the history
    arrears_recovery_rate: Percent = Decimal(0)
    price_changes: list[PriceChange] = []


class SpecifiedPeriod(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)]
    start: Date
    end: Date
    amount: Money  # the specified amount (cap) the plan takes in this period


class KeyCashProvider(Strict):
    name: BiText
    share: Percent
    related_party: bool = False


class OmCost(Strict):
    season: Annotated[str, Field(pattern=r"^\d{4}(-\d{4})?$")]  # "2028-2029"; 2028 when seasons start in January
    cost: Money
    other_operating_cash: Money = Decimal(0)
    taxes: Money = Decimal(0)

    @field_validator("season", mode="before")
    @classmethod
    def _year(cls, v):
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v  # `season: 2028`, a calendar year


class PledgedAsset(Strict):
    description: BiText
    registration_no: ShortStr | None = None
    registry: BiText


class PoolLicence(Strict):
    type: BiText
    number: ShortStr
    issuer: BiText
    area_scope: BiText
    valid_to: Date


class PoolCommon(Strict):
    licence: PoolLicence
    operating_years: Annotated[int, Field(ge=0, le=200)]
    specified_periods: list[SpecifiedPeriod] = []
    key_cash_providers: list[KeyCashProvider] = []
    related_party_share: Percent = Decimal(0)
    om_costs: list[OmCost] = []
    pledged_assets: list[PledgedAsset] = []
    encumbrances: list[BiText] = []
    eligibility: list[BiText] = []
    contracts: list[BiText] = []  # heat-supply or sales contracts (contract-receivable deals)
    forecast_seasons: Annotated[int, Field(ge=1, le=40)] | None = None
    season_start_month: Annotated[int, Field(ge=1, le=12)] = 7  # a season runs from this month for 12 months


class HeatingPool(PoolCommon):
    kind: Literal["heating"]
    heating_season: HeatingSeason
    heat_sources: list[HeatSource] = []
    customer_classes: Annotated[list[CustomerClass], Field(min_length=1, max_length=200_000)]


class PowerYear(Strict):
    year: Annotated[int, Field(ge=1990, le=2100)]
    volume: Money  # 万kWh sold
    tariff: Money  # 元/kWh
    billed: Money
    collected: Money


class PowerPlant(Strict):
    name: BiText
    type: Literal["hydro", "thermal", "wind", "solar"]
    capacity_mw: Money


class PowerPool(PoolCommon):
    kind: Literal["power"]
    plants: Annotated[list[PowerPlant], Field(min_length=1)]
    history: Annotated[list[PowerYear], Field(min_length=1)]
    annual_volume: Money  # 万kWh forecast for the first forecast year
    volume_growth: SignedPercent = Decimal(0)
    tariff: Money  # 元/kWh
    tariff_approval: BiText
    collection_rate: Percent
    monthly_profile: MonthProfile
    offtaker: BiText


class ScheduledFlow(Strict):
    date: Date
    amount: Money


class ScheduledPool(PoolCommon):
    kind: Literal["scheduled"]
    description: BiText
    schedule: Annotated[list[ScheduledFlow], Field(min_length=1, max_length=100_000)]


Pool = Annotated[Union[HeatingPool, PowerPool, ScheduledPool], Field(discriminator="kind")]


# ----------------------------------------------------------------------------- tranches
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


# ----------------------------------------------------------------------------- dates
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
    day_count: Literal["ACT/365", "ACT/360", "30/360"] = "ACT/365"
    sweep: Sweep
    offsets: Offsets = Offsets()
    legal_maturity: Date


# ----------------------------------------------------------------------------- fees, CE, triggers
class Fee(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)]
    name: BiText
    basis: Literal["pct_opening_total_principal", "pct_opening_senior_principal", "fixed", "upfront"]
    rate: Percent | None = None  # % a year, for the pct bases
    amount: Money | None = None  # per payment date (fixed) or once (upfront)
    payer: Literal["plan", "originator"] = "plan"
    payee: str | None = None  # party id
    cap: Money | None = None  # per payment date

    @model_validator(mode="after")
    def _shape(self):
        if self.basis.startswith("pct") and self.rate is None:
            raise ValueError(f"a fee on basis '{self.basis}' needs 'rate'")
        if self.basis in ("fixed", "upfront") and self.amount is None:
            raise ValueError(f"a fee on basis '{self.basis}' needs 'amount'")
        return self


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


TriggerConsequence = Literal[
    "notify_customers_pay_plan_account",
    "switch_to_direct_sweep",
    "shorten_sweep_interval",
    "stop_sub_period_income",
    "accelerated_waterfall",
    "post_default_waterfall",
    "call_holders_meeting",
    "enforce_pledge",
    "claim_guarantee",
]


# The events the definitions of 权利完善事件 / 加速清偿事件 / 违约事件 list on their own; a deal trigger that
# restates one names it in `replaces`, and the definition then prints the deal's wording instead.
STANDARD_EVENTS = {
    "perfection": ("sweep", "insolvency", "licence", "servicer_removed", "misrepresentation"),
    "acceleration": ("perfection_uncured", "payment_failure"),
    "default": ("interest_shortfall", "principal_shortfall"),
}
StandardEvent = Literal["sweep", "insolvency", "licence", "servicer_removed", "misrepresentation",
                        "perfection_uncured", "payment_failure", "interest_shortfall", "principal_shortfall"]


class Trigger(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)]
    category: Literal["perfection", "acceleration", "default", "servicer_termination", "early_termination"]
    condition: BiText
    threshold: Percent | None = None
    cure_days: Annotated[int, Field(ge=0, le=365)] = 0  # business days
    replaces: list[StandardEvent] = []  # standard events of its category this trigger restates
    consequences: Annotated[list[TriggerConsequence], Field(min_length=1)]


class Dispute(Strict):
    method: Literal["arbitration", "court"]
    institution: BiText  # arbitration commission, or the court
    seat: BiText


class Legal(Strict):
    signing_place: BiText
    signing_date: Date
    governing_law: Literal["PRC"] = "PRC"
    dispute: Dispute
    governing_language: Literal["zh"] = "zh"
    default_interest_per_day: Percent = Decimal("0.05")
    counterparts: Annotated[int, Field(ge=1, le=20)] = 6
    notification_days: Annotated[int, Field(ge=1, le=30)] = 5


class Scenario(Strict):
    """A named stress scenario (shared/domain/model.md §5)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
    name: BiText
    collection_rate_pp: dict[str, Annotated[Decimal, Field(ge=0, le=100)]] = {}  # class id -> pp cut
    collection_rate_to: dict[str, Percent] = {}  # class id -> absolute rate
    area_pct: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)
    price_pct: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)
    delay_pct: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)
    inflow_pct: Annotated[Decimal, Field(ge=0, le=100)] = Decimal(0)


# ----------------------------------------------------------------------------- the deal
class Deal(Strict):
    plan: Plan
    parties: Annotated[dict[str, Party], Field(min_length=1)]
    pool: Pool
    tranches: Annotated[list[Tranche], Field(min_length=2, max_length=40)]
    dates: Dates
    fees: list[Fee] = []
    taxes_rate: Percent = Decimal(0)  # taxes borne by the plan, % of inflow
    put_exercise_pct: Percent = Decimal(0)  # modelling: % of a tranche's balance put back on each put date
    credit_enhancement: CreditEnhancement = CreditEnhancement()
    triggers: list[Trigger] = []
    accounts: list[BankAccount] = []
    legal: Legal
    scenarios: list[Scenario] = []

    @field_validator("parties")
    @classmethod
    def _party_ids(cls, v: dict[str, Party]) -> dict[str, Party]:
        for pid in v:
            if not PARTY_ID.match(pid):
                raise ValueError(f"party id '{pid}' must be lower-case letters, digits and '_'")
        return v

    # ---- derived views the projection and the documents read
    def party(self, pid: str) -> Party:
        return self.parties[pid]

    def with_role(self, role: str) -> list[str]:
        return [pid for pid, p in self.parties.items() if role in {r.value for r in p.roles}]

    def first(self, role: str) -> str | None:
        ids = self.with_role(role)
        return ids[0] if ids else None

    @property
    def senior(self) -> list[Tranche]:
        return [t for t in self.tranches if t.is_senior]

    @property
    def subordinated(self) -> list[Tranche]:
        return [t for t in self.tranches if not t.is_senior]

    @property
    def has_guarantor(self) -> bool:
        return self.credit_enhancement.guarantee is not None

    @property
    def has_undertaker(self) -> bool:
        return self.credit_enhancement.undertaking is not None

    @property
    def has_pledge(self) -> bool:
        return self.credit_enhancement.pledge is not None

    @property
    def has_put(self) -> bool:
        return any(t.put_dates for t in self.tranches)

    @property
    def has_call(self) -> bool:
        return any(t.call_dates for t in self.tranches)

    @property
    def has_reset(self) -> bool:
        return any(t.reset_dates for t in self.tranches)

    @property
    def interest_skips_payment_dates(self) -> bool:
        """Some coupon-bearing tranche pays interest less often than there are payment dates."""
        from docgen.model.frequency import STEP_MONTHS, payment_spacing

        spacing = payment_spacing(self.dates.payment_dates) or 0
        return any(t.coupon.type != "none" and (t.interest_frequency == "at_maturity"
                                                 or STEP_MONTHS[t.interest_frequency] > spacing > 0)
                   for t in self.tranches if t.expected_maturity != self.dates.payment_dates[0])


Coupon.model_rebuild()
Undertaking.model_rebuild()
