"""The parties of a deal: roles, identity, licences, bank accounts (`parties:`)."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import Field, field_validator

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
    agency: ShortStr
    rating: Annotated[str, Field(pattern=r"^[A-C]{1,3}[+-]?(sf)?$")]
    outlook: Literal["stable", "positive", "negative", "developing"] = "stable"
    date: Date


class Licence(Strict):
    type: BiText
    number: ShortStr
    issuer: BiText
    valid_from: Date
    valid_to: Date
    area_scope: BiText | None = None


class BoardApproval(Strict):
    body: BiText
    date: Date
    resolution_no: ShortStr


class BankAccount(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)]
    purpose: Literal["proceeds", "plan", "collection", "supervised", "margin", "operating"]
    bank: ShortStr  # party id of the bank, or its name when it is no party to the deal
    branch: BiText
    name: BiText
    number: Annotated[str, Field(pattern=r"^[0-9 -]{6,40}$")]


class Contact(Strict):
    person: BiText
    phone: Annotated[str, Field(pattern=r"^[0-9+() -]{5,30}$")]
    fax: Annotated[str, Field(pattern=r"^[0-9+() -]{5,30}$")] | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class Party(Strict):
    roles: Annotated[list[Role], Field(min_length=1)]
    name: BiText
    short_name: BiText
    uscc: str
    legal_rep: BiText
    registered_address: BiText
    office_address: BiText | None = None
    postcode: Annotated[str, Field(pattern=r"^\d{6}$")]
    contact: Contact
    registered_capital: Money | None = None
    paid_in_capital: Money | None = None
    established_date: Date | None = None
    industry: BiText | None = None
    business_scope: BiText | None = None
    shareholder: BiText | None = None
    actual_controller: BiText | None = None
    affiliate_of: str | None = None  # party id of the parent or controller, for retention and conflicts
    credit_rating: CreditRating | None = None
    licences: list[Licence] = []
    board_approval: BoardApproval | None = None
    bank_accounts: list[BankAccount] = []
    description: BiText | None = None

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, v: str) -> str:
        if not USCC.match(v):
            raise ValueError(
                "not a valid unified social credit code: 18 characters, digits and capital letters other than I, O, S, V, Z"
            )
        return v
