"""Signing, governing law and dispute resolution (`legal:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from docgen.model.ids import Date
from docgen.model.types import BiText, Percent, Strict


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
