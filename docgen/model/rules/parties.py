"""Rules on the parties: every party reference resolves, the roles a plan needs, licence dates, accounts."""

from __future__ import annotations

from docgen.model.deal import PARTY_ID, Deal
from docgen.model.rules.registry import rule, used_twice


@rule("party-references")
def party_references(deal: Deal):
    ids = set(deal.parties)
    ce = deal.credit_enhancement

    def check(path, pid, role=None):
        if pid not in ids:
            yield (path, "error", f"party '{pid}' is not defined under parties: (known: {', '.join(sorted(ids))})")
        elif role and role not in {r.value for r in deal.parties[pid].roles}:
            yield (path, "error", f"party '{pid}' does not have the role '{role}'")

    if ce.undertaking:
        yield from check(("credit_enhancement", "undertaking", "undertaker"), ce.undertaking.undertaker, "shortfall_undertaker")
    if ce.guarantee:
        yield from check(("credit_enhancement", "guarantee", "guarantor"), ce.guarantee.guarantor, "guarantor")
    if ce.pledge:
        yield from check(("credit_enhancement", "pledge", "pledgor"), ce.pledge.pledgor, "pledgor")
    for i, t in enumerate(deal.tranches):
        if t.holder:
            yield from check(("tranches", i, "holder"), t.holder)
        if t.rating:
            yield from check(("tranches", i, "rating", "agency"), t.rating.agency, "rating_agency")
    for i, f in enumerate(deal.fees):
        if f.payee:
            yield from check(("fees", i, "payee"), f.payee)
    for pid, p in deal.parties.items():
        if p.affiliate_of:
            yield from check(("parties", pid, "affiliate_of"), p.affiliate_of)
    for i, a in enumerate(deal.accounts):
        if a.bank not in ids and PARTY_ID.fullmatch(a.bank):
            yield (("accounts", i, "bank"), "error",
                   f"party '{a.bank}' is not defined under parties: (known: {', '.join(sorted(ids))}); "
                   "give a party id, or the bank's name when it is no party to the deal")
        if a.bank in ids and not {"custodian", "account_bank"} & {r.value for r in deal.parties[a.bank].roles}:
            yield (("accounts", i, "bank"), "error", f"party '{a.bank}' holds an account but is neither custodian nor account bank")


REQUIRED_ROLES = ("plan_manager", "originator", "servicer", "custodian")


@rule("roles")
def roles(deal: Deal):
    for role in REQUIRED_ROLES:
        if not deal.with_role(role):
            yield (("parties",), "error", f"no party has the role '{role}', which every plan needs")
    if len(deal.with_role("plan_manager")) > 1:
        yield (("parties",), "error", "more than one party is the plan manager")
    ce = deal.credit_enhancement
    for role, present, what in (
        ("shortfall_undertaker", ce.undertaking, "undertaking"),
        ("guarantor", ce.guarantee, "guarantee"),
        ("pledgor", ce.pledge, "pledge"),
    ):
        if deal.with_role(role) and not present:
            yield (("credit_enhancement",), "error",
                   f"a party has the role '{role}' but credit_enhancement has no {what}")
    if not any(a.purpose == "plan" for a in deal.accounts):
        yield (("accounts",), "error", "the deal needs a plan account (purpose: plan)")
    if deal.with_role("account_bank") and not any(a.purpose in ("collection", "supervised") for a in deal.accounts):
        yield (("accounts",), "error", "an account bank is named but no collection/supervised account is given")


FUTURE_REVENUE = {"fee_revenue_right", "power_sales_revenue"}


RECOMMENDED_ROLES = (
    ("law_firm", "the legal opinion"),
    ("accountant", "the audit and the accountant's report"),
    ("registrar", "registration and payment of the securities"),
)


@rule("recommended-roles")
def recommended_roles(deal: Deal):
    missing = [(role, what) for role, what in RECOMMENDED_ROLES if not deal.with_role(role)]
    if missing:
        yield (("parties",), "warning",
               f"no party has the role {', '.join(repr(r) for r, _ in missing)}: the documents leave "
               f"{'; '.join(w for _, w in missing)} blank")
    if deal.plan.asset_type in FUTURE_REVENUE and not deal.with_role("cash_flow_forecaster"):
        yield (("parties",), "warning",
               "a future-revenue deal needs a cash-flow forecast report: no party has the role 'cash_flow_forecaster' "
               "(SSE guideline 2, 4.1.7)")
    if any(t.rating for t in deal.tranches) and not deal.with_role("rating_agency"):
        yield (("parties",), "error", "tranches are rated but no party has the role 'rating_agency'")
    ce = deal.credit_enhancement
    if ce.guarantee and ce.guarantee.guarantor in deal.with_role("originator"):
        yield (("credit_enhancement", "guarantee", "guarantor"), "warning",
               "the guarantor is the originator itself: its guarantee adds no credit beyond the originator's own")


@rule("licence-dates")
def licence_dates(deal: Deal):
    for pid, p in deal.parties.items():
        for j, lic in enumerate(p.licences):
            if lic.valid_to < lic.valid_from:
                yield (("parties", pid, "licences", j, "valid_to"), "error", "a licence expires before it is valid")


@rule("accounts")
def accounts(deal: Deal):
    yield from used_twice(deal.accounts, "accounts", "account")
    numbers: dict[str, str] = {}
    for i, a in enumerate(deal.accounts):
        n = a.number.replace(" ", "").replace("-", "")
        if n in numbers:
            yield (("accounts", i, "number"), "error", f"account number {a.number} is also account '{numbers[n]}'")
        numbers[n] = a.id
