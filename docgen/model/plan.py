"""The plan itself: name, asset type, exchange, size and units, regime (`plan:`)."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from docgen.model.ids import DEAL_ID, Date
from docgen.model.types import BiText, Money, ShortStr, Strict


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
