"""Facts the offering memorandum discloses about the project, the credit-support providers, the obligors
and the due diligence (`disclosures:`).

Every factual statement a document makes about a party, the assets or the project comes from a field here
(or elsewhere in the deal): a sentence whose field is absent is not printed, and where an exchange rule
requires the disclosure, `validate` reports it missing (docgen/model/rules/disclosures.py). Amounts are in
plan.amount_unit, like every amount of the deal file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from docgen.model.fields import amount_field, date_field, optional
from docgen.model.ids import Date
from docgen.model.types import BiText, Money, Percent, ShortStr, Strict

# A financial figure that may be negative (a loss, an operating cash outflow), in plan.amount_unit.
SignedMoney = Annotated[Decimal, Field(gt=Decimal("-1e16"), lt=Decimal("1e16"), allow_inf_nan=False)]

ApprovalKind = Literal["project_approval", "project_filing", "environmental_impact", "completion_acceptance"]


# ----------------------------------------------------------------------------- the project
class Approval(Strict):
    kind: ApprovalKind = Field(
        description=("What the document is: project_approval, project_filing, "
                     "environmental_impact or completion_acceptance."))
    asset: BiText = Field(description="The heat source, plant, network or project the document covers.")
    document: BiText = Field(description="Title of the approval, filing or acceptance document.")
    number: ShortStr = Field(description="Its number, in quotes when it looks like a number.")
    authority: BiText = Field(description="The authority that issued it (for an acceptance: who accepted).")
    date: Date = date_field("Date of the document")


class Concession(Strict):
    kind: Literal["concession_agreement", "heating_licence", "power_licence"] = Field(
        description=("concession_agreement, heating_licence or power_licence"
                     "; a licence is the one in pool.licence and must carry its number."))
    title: BiText = Field(description="Title of the agreement or licence.")
    number: ShortStr = Field(description="Number of the agreement or licence.")
    grantor: BiText = Field(description="The government body that granted it.")
    start: Date = date_field("First day of the term")
    end: Date = date_field("Last day of the term", "; must cover the plan's legal maturity")
    renewal: BiText = Field(description="What happens at the end of the term: renewal or extension terms, as a clause.")


class Encumbrance(Strict):
    asset: BiText = Field(description="The encumbered heat source, plant or part of the network.")
    kind: Literal["mortgage", "pledge", "finance_lease"] = Field(
        "mortgage", description="mortgage, pledge or finance_lease (title retention).")
    secured_creditor: BiText = Field(description="Who holds the security: the lender or lessor.")
    secured_amount: Money = Field(description="Amount the security secures, in plan.amount_unit (yuan or wan yuan).")
    registry: BiText = Field(description="Where the security is registered, e.g. the real-estate registration centre.")
    registration_no: ShortStr = Field(description="Registration (certificate) number of the security.")
    registration_date: Date = date_field("Date of registration")
    release: BiText | None = Field(
        None, description="How and when it will be released, when the owner has undertaken to release it.")


class Project(Strict):
    approvals: list[Approval] = Field(
        [], description="Approvals of the heat sources, plants or network: approval or filing, EIA, completion acceptance.")
    concession: Concession | None = Field(
        None, description="The concession agreement or operating licence the revenue depends on: grantor, term, renewal.")
    encumbrances: list[Encumbrance] | None = Field(
        None, description=("Mortgages and other security on the heat sources, plants and network; [] states there "
                           "are none; leave out only while unknown (validate then reports it)."))
    no_further_encumbrance: bool | None = Field(
        None, description=("true when the owner has undertaken not to create new encumbrances on them while the "
                           "plan subsists; false when it has not."))


# ----------------------------------------------------------------------------- credit-support providers
class FinancialYear(Strict):
    year: Annotated[int, Field(ge=1990, le=2100)] = Field(description="Financial year (calendar year).")
    total_assets: Money = amount_field("Total assets at year end")
    net_assets: SignedMoney = amount_field("Net assets (owners' equity) at year end")
    revenue: Money = amount_field("Operating revenue of the year")
    net_profit: SignedMoney = amount_field("Net profit of the year (negative for a loss)")
    operating_cash_flow: SignedMoney = amount_field("Net cash flow from operating activities of the year")
    auditor: BiText = Field(description="The audit firm that audited the year's statements.")


class SoeApproval(Strict):
    authority: BiText = Field(description="The state-owned-assets authority or the state-owned parent that approved.")
    document: BiText = Field(description="Title of the approval.")
    number: ShortStr = Field(description="Its number.")
    date: Date = date_field("Date of the approval", "; not after the signing date")


class GuaranteesGiven(Strict):
    amount: Money = amount_field("Outstanding guarantees given to others")
    as_of: Date = date_field("Date the amount is stated at")
    related_amount: Money | None = Field(
        None, description="Of which given for its related parties, in plan.amount_unit, when known.")


class Provider(Strict):
    """What the OM discloses of a shortfall undertaker or guarantor; keyed by its party id."""

    resolution_basis: Literal["company_law", "financing_guarantee"] = Field(
        description=("The law the authorising resolution (parties.<id>.board_approval) satisfies: company_law — "
                     "Company Law art. 15 (art. 16 of the 2018 law for drafts signed before 2024-07-01); "
                     "financing_guarantee — the provider is a financing-guarantee company, and art. 8 of the "
                     "Supreme People's Court's interpretation on security (Fa Shi [2020] No. 28) applies."))
    resolution_annexed: bool = Field(
        False, description="true when a copy of the resolution is annexed to the undertaking or guarantee.")
    financials: list[FinancialYear] = Field(
        [], description="Key audited financials of the last three financial years, oldest first.")
    guarantees_given: GuaranteesGiven | None = Field(
        None, description="Guarantees the provider has given to others and that are outstanding.")
    state_controlled: bool = Field(
        False, description="true when a state-owned-assets authority controls the provider.")
    soe_approval: SoeApproval | None = Field(
        None, description="The state-owned-assets approval of the credit support; needed when state_controlled.")


# ----------------------------------------------------------------------------- obligors, due diligence, operations
class LocalGovernmentDebt(Strict):
    statement: BiText = Field(
        description="The statement on local-government debt, as its author gives it (e.g. that the deal adds none).")
    opinion_of: str = Field(description="Party id of the firm whose opinion it is (the law firm or the plan manager).")


class Obligors(Strict):
    public_sector_share: Percent = Field(
        description="Per cent of the collections paid by government bodies and public institutions.")
    basis: BiText = Field(description="What the share is measured on, e.g. the 2026-2027 season's collections.")
    local_government_debt: LocalGovernmentDebt | None = Field(
        None, description="The statement on local-government debt; required when public_sector_share is above 0.")


class Conclusion(Strict):
    by: str = Field(description="Party id of the firm that reached the conclusion (plan manager or law firm).")
    document: BiText = Field(description="Where it is stated, e.g. the due-diligence report or the legal opinion.")
    date: Date = date_field("Date of that document")
    conclusion: BiText = Field(description="The conclusion, as the firm states it (a clause, no final stop).")


class Operations(Strict):
    # each a clause the memorandum prints as written; absent, the memorandum says nothing of it
    fuel_supply: BiText | None = optional("The fuel supply arrangements (e.g. long-term contracts with whom, to when).")
    emissions: BiText | None = optional("The heat sources' emission position, with the standard or monitoring behind it.")
    collection_policy: BiText | None = optional("The originator's arrears-collection policy, as the servicing covenant allows.")


class Disclosures(Strict):
    project: Project = Field(Project(), description="Approvals, concession and encumbrances of the project.")
    credit_support: dict[str, Provider] = Field(
        {}, description="Party id of the shortfall undertaker or guarantor → what the memorandum discloses of it.")
    obligors: Obligors | None = Field(
        None, description="Share of government and public-institution obligors and the local-government-debt statement.")
    due_diligence: list[Conclusion] = Field(
        [], description="Due-diligence conclusions of the plan manager and the law firm, each attributed to its author.")
    independence: list[str] = Field(
        [], description=("Party ids of the intermediaries (plan manager, custodian, law firm …) that have confirmed "
                         "they have no shareholding or other material interest in common with the originator."))
    operations: Operations = Field(Operations(), description="Operational facts the memorandum may state.")
