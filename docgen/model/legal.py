"""Signing, governing law and dispute resolution (`legal:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from docgen.model.fields import date_field
from docgen.model.ids import Date
from docgen.model.types import BiText, Percent, ShortStr, Strict


class Dispute(Strict):
    method: Literal["arbitration", "court"] = Field(description="arbitration or court.")
    institution: BiText = Field(description="The arbitration commission, or the court.")
    seat: BiText = Field(description="Seat of the arbitration, or where the court sits.")


class ContractNumbers(Strict):
    """The number each contract carries on its cover, as the parties' filing system assigns it."""

    asset_purchase_agreement: ShortStr | None = Field(
        None, description="Number of the Asset Purchase Agreement, e.g. RTRL-ABS-2027-APA-01.")
    pledge_contract: ShortStr | None = Field(
        None, description="Number of the Pledge Contract; only where the deal has a pledge.")
    shortfall_undertaking: ShortStr | None = Field(
        None, description="Number of the Shortfall Payment Undertaking or Top-up Agreement; only where the "
                          "deal has an undertaker.")


class Legal(Strict):
    signing_place: BiText = Field(description="Where the agreements are signed.")
    signing_date: Date = date_field("Signing date", "; not after establishment")
    governing_law: Literal["PRC"] = Field(
        "PRC", description="Governing law: PRC (the laws of the People's Republic of China).")
    dispute: Dispute = Field(description="How disputes are resolved.")
    governing_language: Literal["zh"] = Field("zh", description="Language that prevails: zh (the Chinese text).")
    default_interest_per_day: Percent = Field(
        Decimal("0.05"), description="Default interest on late payments under the agreements, per cent a day.")
    counterparts: Annotated[int, Field(ge=1, le=20)] = Field(
        6, description="Number of originals of each agreement (1-20).")
    notification_days: Annotated[int, Field(ge=1, le=30)] = Field(
        5, description="Business days within which a party notifies a change of contact details or force majeure.")
    transfer_registration_days: Annotated[int, Field(ge=1, le=30)] = Field(
        10, description=("Business days after the establishment date within which the Plan Manager registers the "
                         "transfer of the underlying assets in the PBOC Credit Reference Center's unified movables "
                         "and rights registration system (1-30)."))
    contract_numbers: ContractNumbers = Field(
        ContractNumbers(), description="Contract numbers printed on the contracts' covers; a number left out "
                                       "is not printed.")
