"""Named stress scenarios (`scenarios:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from docgen.model.types import BiText, Percent, Strict


class Scenario(Strict):
    """A named stress scenario (shared/domain/model.md §5)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")] = Field(
        description="Scenario id for --scenario: letters, digits, '_' or '-' (at most 32).")
    name: BiText = Field(description="Name of the scenario as the stress tables print it.")
    collection_rate_pp: dict[str, Annotated[Decimal, Field(ge=0, le=100)]] = Field(
        {}, description="Class id → collection-rate cut in percentage points.")
    collection_rate_to: dict[str, Percent] = Field(
        {}, description="Class id → collection rate in per cent that replaces the forecast rate.")
    area_pct: Annotated[Decimal, Field(ge=0, le=100)] = Field(
        Decimal(0), description="Cut of the billable area (or power volume), per cent.")
    price_pct: Annotated[Decimal, Field(ge=0, le=100)] = Field(
        Decimal(0), description="Cut of the price (or tariff), per cent.")
    delay_pct: Annotated[Decimal, Field(ge=0, le=100)] = Field(
        Decimal(0), description="Per cent of each period's collections that slip to the next period.")
    inflow_pct: Annotated[Decimal, Field(ge=0, le=100)] = Field(
        Decimal(0), description="Cut of the plan's whole inflow, per cent.")
