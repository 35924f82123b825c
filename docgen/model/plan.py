"""The plan itself: name, asset type, exchange, size and units, regime (`plan:`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from docgen.model.ids import DEAL_ID, Date
from docgen.model.types import BiText, Money, ShortStr, Strict


class NoObjectionLetter(Strict):
    number: ShortStr = Field(description="Number of the exchange's no-objection letter.")
    date: Date = Field(description="Date of the no-objection letter (YYYY-MM-DD).")


class Plan(Strict):
    id: str = Field(
        description="Deal id: 1-63 lower-case letters, digits or '-'; names the output folder output/<id>/.")
    name: BiText = Field(
        description=("Full name of the plan, in the exchange's naming order: manager-originator-asset "
                     "type-year-series."))
    short_name: BiText = Field(description="Short name of the plan used in the documents.")
    asset_type: Literal["fee_revenue_right", "contract_receivable", "power_sales_revenue", "scheduled_receivable"] = Field(
        description=("Underlying asset: fee_revenue_right (heating charge right), contract_receivable (heat-supply "
                     "contract receivables), power_sales_revenue (power sales) or scheduled_receivable (a dated "
                     "receivable schedule)."))
    collection_mode: Literal["full_sweep", "specified_amount_cap"] = Field(
        description=("How the plan takes the pool's cash: full_sweep (every collection from establishment; required "
                     "for new deals) or specified_amount_cap (legacy: specified amounts in specified periods)."))
    exchange: Literal["SSE", "SZSE", "CSI"] = Field(
        description=("Where the securities are listed: SSE (Shanghai Stock Exchange), SZSE (Shenzhen Stock Exchange) "
                     "or CSI (the inter-institution quotation system)."))
    no_objection_letter: NoObjectionLetter | None = Field(
        None, description="The exchange's no-objection letter; leave out until it is issued.")
    amac_filing_no: ShortStr | None = Field(
        None, description=("Filing number of the plan with the Asset Management Association of China (AMAC), once "
                           "filed."))
    total_size: Money = Field(
        description=("Total size of the securities, in plan.amount_unit (yuan or wan yuan); must equal the sum of the "
                     "tranche sizes."))
    amount_unit: Literal["yuan", "wan"] = Field(
        "yuan", description="Unit of every money figure in this file: yuan, or wan (10,000 yuan).")
    display_unit: Literal["yuan", "wan", "yi"] = Field(
        "wan", description=("Unit the documents print amounts in: yuan, wan (10,000 yuan) or yi (100 million yuan); "
                            "amounts in words are always in yuan."))
    regime_version: Literal["2014", "2018", "2022"] = Field(
        "2022", description=("Rule set the deal is checked against: 2014 (CSRC administrative rules), 2018 "
                             "(infrastructure guidelines) or 2022 (SSE guidelines)."))
    green_label: Literal["green", "carbon_neutral"] | None = Field(
        None, description="Green label of the securities: green or carbon_neutral; leave out when none.")
    term_justification: BiText | None = Field(
        None, description="Why the plan runs longer than 5 years (energy infrastructure); needed when it does.")
    draft_date: Date = Field(
        description="Date printed on the drafts (YYYY-MM-DD); never taken from the clock, so renders repeat exactly.")

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not DEAL_ID.match(v):
            raise ValueError("deal id must be 1-63 lower-case letters, digits or '-', starting with a letter or digit")
        return v
