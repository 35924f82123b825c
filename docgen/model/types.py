"""Shared field types of the deal model: bilingual text, money, percentages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class Strict(BaseModel):
    """Base for every deal-model object: unknown keys are errors, objects are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class BiText(Strict):
    """A piece of free text that exists in Chinese and in English."""

    zh: str = Field(min_length=1, max_length=20000,
                    description="The Chinese text, as printed in the Chinese documents and columns.")
    en: str = Field(min_length=1, max_length=20000,
                    description="The English text, as printed in the English documents and columns.")

    def __getitem__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


# Money: a Decimal amount in the deal's amount unit, never negative, at most 16 integer digits
# (the limit of Chinese upper-case amounts).
Money = Annotated[Decimal, Field(ge=0, lt=Decimal("1e16"), allow_inf_nan=False)]


def _per_cent(v):
    """`rate: 3.10%` reads as the text '3.10%': say how to write it instead of "not a number"."""
    if isinstance(v, str) and v.strip().endswith(("%", "\uff05")):
        number = v.strip()[:-1].strip()
        try:
            Decimal(number)
        except ArithmeticError:
            return v
        raise ValueError(f"write {number} (per cent), without the '%' sign: percentages are numbers of per cent")
    return v


# A percentage written as a number of per cent (3.5 means 3.5 %).
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False), BeforeValidator(_per_cent)]
# A signed percentage (growth, changes).
SignedPercent = Annotated[Decimal, Field(ge=-100, le=1000, allow_inf_nan=False), BeforeValidator(_per_cent)]
ShortStr = Annotated[str, Field(min_length=1, max_length=500)]
