"""The pool models: heating, power sales and scheduled receivables, and what they share (`pool:`).

Areas are in wan m2 (10,000 square metres), heating prices in yuan/m2 a season, power volumes in wan kWh,
tariffs in yuan/kWh.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field, field_validator

from docgen.model.ids import PARTY_ID, Date
from docgen.model.types import BiText, Money, Percent, ShortStr, SignedPercent, Strict


class HeatSource(Strict):
    name: BiText
    type: Literal["chp", "boiler", "geothermal", "heat_pump", "industrial_waste_heat"]
    capacity_mw: Money
    area_capacity: Money  # wan m2


class HeatingSeason(Strict):
    start: Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]
    end: Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]


SEASON = r"^(\d{4})-(\d{4})$"


class SeasonHistory(Strict):
    season: Annotated[str, Field(pattern=SEASON)]  # "2024-2025"
    heated_area: Money  # wan m2
    billable_area: Money  # wan m2
    price: Money  # yuan/m2 a season
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
    volume: Money  # wan kWh sold
    tariff: Money  # yuan/kWh
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
    annual_volume: Money  # wan kWh forecast for the first forecast year
    volume_growth: SignedPercent = Decimal(0)
    tariff: Money  # yuan/kWh
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
