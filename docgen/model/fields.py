"""Field declarations the deal model repeats, with their wording written once: a date's description
gives its form (YYYY-MM-DD), an amount's its unit, an offset's what it counts."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from pydantic_core import PydanticUndefined

AMOUNT_UNIT = "in plan.amount_unit (yuan or wan yuan)"

# business days before each payment date (a step of the payment calendar), or to do something in
BusinessDays = Annotated[int, Field(ge=1, le=60)]


def date_field(what: str, then: str = "", default=PydanticUndefined):
    """A date field described `<what> (YYYY-MM-DD)<then>.`; required unless `default` is given."""
    return Field(default, description=f"{what} (YYYY-MM-DD){then}.")


def amount_field(what: str, then: str = "", default=PydanticUndefined):
    """An amount field described `<what>, in plan.amount_unit (yuan or wan yuan)<then>.`; required unless
    `default` is given."""
    return Field(default, description=f"{what}, {AMOUNT_UNIT}{then}.")


def days_before(default: int, step: str):
    """An offset field described `<step>: business days before each payment date.`"""
    return Field(default, description=f"{step}: business days before each payment date.")


def optional(what: str):
    """An optional field (default None) described `what`."""
    return Field(None, description=what)
