"""The parties of a deal: roles, identity, licences, bank accounts (`parties:`)."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import Field, field_validator

from docgen.model.fields import date_field
from docgen.model.ids import PARTY_ID, Date
from docgen.model.types import BiText, Money, ShortStr, Strict


USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class Role(str, Enum):
    plan_manager = "plan_manager"
    originator = "originator"
    servicer = "servicer"
    custodian = "custodian"
    account_bank = "account_bank"
    shortfall_undertaker = "shortfall_undertaker"
    guarantor = "guarantor"
    pledgor = "pledgor"
    liquidity_provider = "liquidity_provider"
    rating_agency = "rating_agency"
    cash_flow_forecaster = "cash_flow_forecaster"
    law_firm = "law_firm"
    accountant = "accountant"
    distributor = "distributor"
    financial_adviser = "financial_adviser"
    registrar = "registrar"


# ----------------------------------------------------------------------------- parties
class CreditRating(Strict):
    agency: ShortStr = Field(description="Name of the rating agency.")
    rating: Annotated[str, Field(pattern=r"^[A-C]{1,3}[+-]?(sf)?$")] = Field(
        description="Issuer rating, e.g. AA+ or AAA (capital letters A-C, optional + or -).")
    outlook: Literal["stable", "positive", "negative", "developing"] = Field(
        "stable", description="Rating outlook: stable, positive, negative or developing.")
    date: Date = date_field("Date of the rating")


class Licence(Strict):
    type: BiText = Field(description="Kind of licence, e.g. Heat Supply Operation Licence.")
    number: ShortStr = Field(description="Licence number, in quotes when it looks like a number.")
    issuer: BiText = Field(description="Authority that issued the licence.")
    valid_from: Date = date_field("First day of validity")
    valid_to: Date = date_field("Last day of validity", "; must not be before the plan's legal maturity")
    area_scope: BiText | None = Field(None, description="Area or scope the licence covers, when it states one.")


class BoardApproval(Strict):
    body: BiText = Field(description="Body that approved the deal, e.g. the Board of Directors or the Shareholder.")
    date: Date = date_field("Date of the resolution", "; not after the signing date")
    resolution_no: ShortStr = Field(description="Number or title of the resolution.")


class BankAccount(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)] = Field(
        description="Account id used in this file: lower-case letters, digits and '_'.")
    purpose: Literal["proceeds", "plan", "collection", "supervised", "margin", "operating"] = Field(
        description="What the account is for: proceeds, plan, collection, supervised, margin or operating.")
    bank: ShortStr = Field(
        description="Party id of the bank holding the account, or the bank's name when it is no party to the deal.")
    branch: BiText = Field(description="Branch that keeps the account.")
    name: BiText = Field(description="Account name.")
    number: Annotated[str, Field(pattern=r"^[0-9 -]{6,40}$")] = Field(
        description="Account number, in quotes: 6-40 digits, spaces or '-'.")


class Contact(Strict):
    person: BiText = Field(description="Contact person for notices.")
    phone: Annotated[str, Field(pattern=r"^[0-9+() -]{5,30}$")] = Field(
        description="Telephone number, in quotes: digits, spaces, +, ( ) and -.")
    fax: Annotated[str, Field(pattern=r"^[0-9+() -]{5,30}$")] | None = Field(
        None, description="Fax number, in quotes, when the party has one.")
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] = Field(
        description="E-mail address for notices.")


class Party(Strict):
    roles: Annotated[list[Role], Field(min_length=1)] = Field(
        description=("Roles the party plays: plan_manager, originator, servicer, custodian, account_bank, "
                     "shortfall_undertaker, guarantor, pledgor, liquidity_provider, rating_agency, "
                     "cash_flow_forecaster, law_firm, accountant, distributor, financial_adviser, registrar."))
    name: BiText = Field(description="Full registered name of the party.")
    short_name: BiText = Field(description="Short name the documents use after the first mention.")
    uscc: str = Field(
        description="Unified social credit code: 18 characters, digits and capital letters other than I, O, S, V, Z.")
    legal_rep: BiText = Field(description="Legal representative or person in charge.")
    registered_address: BiText = Field(description="Registered address.")
    office_address: BiText | None = Field(
        None, description="Office address, when it differs from the registered address.")
    postcode: Annotated[str, Field(pattern=r"^\d{6}$")] = Field(
        description="Postcode of the address for notices, in quotes: 6 digits.")
    contact: Contact = Field(description="Who receives notices, and how.")
    registered_capital: Money | None = Field(
        None, description="Registered capital, in plan.amount_unit (yuan or wan yuan).")
    paid_in_capital: Money | None = Field(None, description="Paid-in capital, in plan.amount_unit (yuan or wan yuan).")
    established_date: Date | None = Field(None, description="Date the party was established (YYYY-MM-DD).")
    industry: BiText | None = Field(None, description="Industry the party operates in.")
    business_scope: BiText | None = Field(None, description="Business scope as registered.")
    shareholder: BiText | None = Field(None, description="Controlling shareholder.")
    actual_controller: BiText | None = Field(None, description="Actual controller.")
    affiliate_of: str | None = Field(
        None, description="Party id of the parent or controller, for risk retention and conflicts of interest.")
    credit_rating: CreditRating | None = Field(None, description="The party's own credit rating, when it has one.")
    licences: list[Licence] = Field(
        [], description="Licences the party holds (e.g. the heat-supply licence of the originator).")
    board_approval: BoardApproval | None = Field(
        None, description="The internal approval of the deal (originator, undertaker, guarantor).")
    bank_accounts: list[BankAccount] = Field([], description="The party's own bank accounts the documents name.")
    description: BiText | None = Field(None, description="A paragraph about the party for the offering memorandum.")

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, v: str) -> str:
        if not USCC.match(v):
            raise ValueError(
                "not a valid unified social credit code: 18 characters, digits and capital letters other than I, O, S, V, Z"
            )
        return v
