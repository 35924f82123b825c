"""The plan's fees and who pays them (`fees:`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from docgen.model.ids import PARTY_ID
from docgen.model.types import BiText, Money, Percent, Strict


class Fee(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)]
    name: BiText
    basis: Literal["pct_opening_total_principal", "pct_opening_senior_principal", "fixed", "upfront"]
    rate: Percent | None = None  # % a year, for the pct bases
    amount: Money | None = None  # per payment date (fixed) or once (upfront)
    payer: Literal["plan", "originator"] = "plan"
    payee: str | None = None  # party id
    cap: Money | None = None  # per payment date

    @model_validator(mode="after")
    def _shape(self):
        if self.basis.startswith("pct") and self.rate is None:
            raise ValueError(f"a fee on basis '{self.basis}' needs 'rate'")
        if self.basis in ("fixed", "upfront") and self.amount is None:
            raise ValueError(f"a fee on basis '{self.basis}' needs 'amount'")
        return self
