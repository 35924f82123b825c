"""The pool models: heating, power sales and scheduled receivables, and what they share (`pool:`).

Areas are in wan m2 (10,000 square metres), heating prices in yuan/m2 a season, power volumes in wan kWh,
tariffs in yuan/kWh.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field, field_validator

from docgen.model.fields import amount_field, date_field
from docgen.model.ids import PARTY_ID, Date
from docgen.model.types import BiText, Money, Percent, ShortStr, SignedPercent, Strict


class HeatSource(Strict):
    name: BiText = Field(description="Name of the heat source (plant or boiler house).")
    type: Literal["chp", "boiler", "geothermal", "heat_pump", "industrial_waste_heat"] = Field(
        description=("Kind of heat source: chp (combined heat and power), boiler, geothermal, heat_pump or "
                     "industrial_waste_heat."))
    capacity_mw: Money = Field(description="Heat capacity in MW.")
    area_capacity: Money = Field(description="Area the source can heat, in wan m2 (10,000 square metres).")


class HeatingSeason(Strict):
    start: Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")] = Field(
        description="First day of the heating season, MM-DD (e.g. 11-15).")
    end: Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")] = Field(
        description="Last day of the heating season, MM-DD (e.g. 03-15).")


SEASON = r"^(\d{4})-(\d{4})$"
Season = Annotated[str, Field(pattern=SEASON)]  # a heating season, YYYY-YYYY


class SeasonHistory(Strict):
    season: Season = Field(description="Heating season, YYYY-YYYY over two consecutive years, e.g. 2024-2025.")
    heated_area: Money = Field(description="Area heated in the season, in wan m2 (10,000 square metres).")
    billable_area: Money = Field(
        description="Area billed in the season, in wan m2 (10,000 square metres); not more than the heated area.")
    price: Money = Field(description="Heating price in yuan per m2 for the season.")
    price_basis: Literal["building_area", "usable_area", "two_part"] = Field(
        "building_area", description=("What the price is charged on: building_area, usable_area or two_part (base "
                                      "charge plus metered heat)."))
    price_approval: BiText = Field(description="Government document approving the tariff (name and number).")
    billed: Money = amount_field("Amount billed for the season (billable area × price)")
    collected: Money = amount_field("Amount collected for the season")
    arrears_recovered: Money = amount_field("Earlier seasons' arrears collected in this season", default=Decimal(0))

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
    effective_season: Season = Field(description="First season the new price applies to, YYYY-YYYY.")
    new_price: Money = Field(description="The approved new price in yuan per m2 a season.")
    approval: BiText = Field(
        description="Government document approving the change; unapproved increases are never modelled.")


class CustomerClass(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)] = Field(
        description="Class id (e.g. residential): lower-case letters, digits and '_'; scenarios name classes by it.")
    name: BiText = Field(description="Name of the customer class, e.g. Residential Customers.")
    public_sector: bool = Field(
        False, description=("true when the class's obligors are government bodies or public institutions; "
                             "the APA's warranty on government funding follows it."))
    history: Annotated[list[SeasonHistory], Field(min_length=1, max_length=200)] = Field(
        description="Seasons of history, oldest first; at least 3 seasons must be disclosed.")
    seasonality: MonthProfile = Field(
        description="Per cent of a season's cash arriving in each calendar month (1-12); the months add up to 100.")
    # forecast assumptions (shared/domain/model.md §2)
    area_growth: SignedPercent = Field(
        Decimal(0), description="Forecast growth of the billable area, per cent a season (negative for shrinkage).")
    collection_rate: Percent | None = Field(
        None, description="Forecast collection rate in per cent; default: the lowest of the history.")
    arrears_recovery_rate: Percent = Field(
        Decimal(0), description="Per cent of a season's unpaid bills collected in the following season.")
    price_changes: list[PriceChange] = Field([], description="Approved price changes from a future season.")


class SpecifiedPeriod(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)] = Field(
        description="Period id: lower-case letters, digits and '_'.")
    start: Date = date_field("First day of the specified period")
    end: Date = date_field("Last day of the specified period")
    amount: Money = amount_field("Specified amount (cap) the plan takes in this period")


class KeyCashProvider(Strict):
    name: BiText = Field(description="Name of the customer or payer.")
    share: Percent = Field(
        description="Per cent of the pool's cash it pays; over 15 % (20 % for a related party) needs disclosure.")
    related_party: bool = Field(False, description="true when the provider is related to the originator.")


class OmCost(Strict):
    season: Annotated[str, Field(pattern=r"^\d{4}(-\d{4})?$")] = Field(
        description="Season YYYY-YYYY, or a calendar year YYYY when seasons start in January.")
    cost: Money = amount_field("Operating and maintenance cost the originator must cover in that season")
    other_operating_cash: Money = amount_field("The originator's other operating cash in that season",
                                               default=Decimal(0))
    taxes: Money = amount_field("Taxes the originator pays in that season", default=Decimal(0))

    @field_validator("season", mode="before")
    @classmethod
    def _year(cls, v):
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v  # `season: 2028`, a calendar year


class PledgedAsset(Strict):
    description: BiText = Field(description="The pledged asset, e.g. the heating charge right.")
    registration_no: ShortStr | None = Field(None, description="Registration number of the pledge, once registered.")
    registry: BiText = Field(
        description="Where the pledge is registered, e.g. the PBOC Credit Reference Center's registration system.")


class PoolLicence(Strict):
    type: BiText = Field(description="Kind of licence or concession the pool's business runs under.")
    number: ShortStr = Field(description="Licence number, in quotes when it looks like a number.")
    issuer: BiText = Field(description="Authority that issued it.")
    area_scope: BiText = Field(description="Area the licence covers.")
    valid_to: Date = date_field("Last day of validity", "; must cover the plan's legal maturity")


class PoolCommon(Strict):
    licence: PoolLicence = Field(description="The licence or concession the pool's revenue depends on.")
    operating_years: Annotated[int, Field(ge=0, le=200)] = Field(
        description="Years the business has operated; at least 2 for future-revenue deals.")
    specified_periods: list[SpecifiedPeriod] = Field(
        [], description="Specified periods and amounts (specified_amount_cap mode only).")
    key_cash_providers: list[KeyCashProvider] = Field(
        [], description="Customers or payers with a large share of the cash flow.")
    related_party_share: Percent = Field(
        Decimal(0), description="Per cent of the cash flow from related parties; over 10 % needs disclosure.")
    om_costs: list[OmCost] = Field(
        [], description="Operating and maintenance costs by season, for the O&M coverage test.")
    pledged_assets: list[PledgedAsset] = Field(
        [], description="Assets pledged to the plan (e.g. the heating charge right).")
    encumbrances: list[BiText] = Field(
        [], description="Existing encumbrances on the assets, each a sentence; leave empty when there are none.")
    eligibility: list[BiText] = Field([], description="Eligibility criteria of the underlying assets, each a sentence.")
    contracts: list[BiText] = Field(
        [], description="Heat-supply or sales contracts (contract-receivable deals), each described in a sentence.")
    forecast_seasons: Annotated[int, Field(ge=1, le=40)] | None = Field(
        None, description="Seasons to forecast, at least; default: enough to reach the last collection period.")
    season_start_month: Annotated[int, Field(ge=1, le=12)] = Field(
        7, description="Calendar month (1-12) a season starts in; a season runs 12 months from it.")


class HeatingPool(PoolCommon):
    kind: Literal["heating"] = Field(description="Pool kind: heating.")
    heating_season: HeatingSeason = Field(description="The heating season's first and last day.")
    heat_sources: list[HeatSource] = Field([], description="The heat sources that serve the customers.")
    customer_classes: Annotated[list[CustomerClass], Field(min_length=1, max_length=200_000)] = Field(
        description=("Customer classes (residential, non-residential …), each with its history and forecast "
                     "assumptions."))


class PowerYear(Strict):
    year: Annotated[int, Field(ge=1990, le=2100)] = Field(description="Calendar year of sales.")
    volume: Money = Field(description="Power sold, in wan kWh (10,000 kWh).")
    tariff: Money = Field(description="Average tariff in yuan per kWh.")
    billed: Money = amount_field("Amount billed in the year")
    collected: Money = amount_field("Amount collected in the year")


class PowerPlant(Strict):
    name: BiText = Field(description="Name of the power plant.")
    type: Literal["hydro", "thermal", "wind", "solar"] = Field(
        description="Kind of plant: hydro, thermal, wind or solar.")
    capacity_mw: Money = Field(description="Installed capacity in MW.")


class PowerPool(PoolCommon):
    kind: Literal["power"] = Field(description="Pool kind: power.")
    plants: Annotated[list[PowerPlant], Field(min_length=1)] = Field(
        description="The power plants whose sales make the pool.")
    history: Annotated[list[PowerYear], Field(min_length=1)] = Field(description="Yearly sales history, oldest first.")
    annual_volume: Money = Field(
        description="Forecast power sales of the first forecast year, in wan kWh (10,000 kWh).")
    volume_growth: SignedPercent = Field(
        Decimal(0), description="Forecast growth of the volume, per cent a year (negative for decline).")
    tariff: Money = Field(description="Forecast tariff in yuan per kWh.")
    tariff_approval: BiText = Field(description="Government document approving the tariff.")
    collection_rate: Percent = Field(description="Forecast collection rate in per cent.")
    monthly_profile: MonthProfile = Field(
        description="Per cent of a year's cash arriving in each calendar month (1-12); the months add up to 100.")
    offtaker: BiText = Field(description="Who buys the power, e.g. the provincial grid company.")


class ScheduledFlow(Strict):
    date: Date = date_field("Date the amount falls due")
    amount: Money = amount_field("Amount due on that date")


class ScheduledPool(PoolCommon):
    kind: Literal["scheduled"] = Field(description="Pool kind: scheduled.")
    description: BiText = Field(description="What the receivables are and who owes them.")
    schedule: Annotated[list[ScheduledFlow], Field(min_length=1, max_length=100_000)] = Field(
        description="The dated amounts the pool will collect.")


Pool = Annotated[Union[HeatingPool, PowerPool, ScheduledPool], Field(discriminator="kind")]
