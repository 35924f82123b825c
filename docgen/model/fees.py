"""The plan's fees and who pays them (`fees:`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from docgen.model.ids import PARTY_ID
from docgen.model.types import BiText, Money, Percent, Strict


class Fee(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)] = Field(
        description="Fee id: lower-case letters, digits and '_'.")
    name: BiText = Field(description="Name of the fee, e.g. Custody Fee.")
    basis: Literal["pct_opening_total_principal", "pct_opening_senior_principal", "fixed", "upfront"] = Field(
        description=("How the fee is computed: pct_opening_total_principal or pct_opening_senior_principal (rate % a "
                     "year of the opening principal), fixed (amount per payment date) or upfront (amount once)."))
    rate: Percent | None = Field(None, description="Rate in per cent a year, for the pct_ bases (0.05 means 0.05 %).")
    amount: Money | None = Field(
        None, description="Amount per payment date (fixed) or once (upfront), in plan.amount_unit (yuan or wan yuan).")
    payer: Literal["plan", "originator"] = Field(
        "plan", description="Who pays: plan (out of the waterfall) or originator.")
    payee: str | None = Field(None, description="Party id of the party paid.")
    cap: Money | None = Field(
        None, description="Most paid on one payment date, in plan.amount_unit (yuan or wan yuan).")

    @model_validator(mode="after")
    def _shape(self):
        if self.basis.startswith("pct") and self.rate is None:
            raise ValueError(f"a fee on basis '{self.basis}' needs 'rate'")
        if self.basis in ("fixed", "upfront") and self.amount is None:
            raise ValueError(f"a fee on basis '{self.basis}' needs 'amount'")
        return self
