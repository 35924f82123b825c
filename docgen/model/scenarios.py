"""Named stress scenarios (`scenarios:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from docgen.model.types import BiText, Percent, Strict


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
