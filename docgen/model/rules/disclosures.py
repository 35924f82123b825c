"""Required disclosures (`disclosures:`): a fact the exchange requires the memorandum to state, missing from
the deal, is a regulatory error — the draft neither omits it silently nor invents it. Each message names the
missing field and the rule the disclosure comes from. `disclosure-references` (structural) checks that the
facts given are coherent: party ids, years, dates.
"""

from __future__ import annotations

from docgen.model.deal import Deal
from docgen.model.rules.registry import rule

G1 = "SSE guideline No. 1"
INFRASTRUCTURE = ("heating", "power")  # pools whose revenue depends on a project and its approvals


def providers(deal: Deal) -> list[tuple[str, str]]:
    """(party id, role word) of each credit-support provider whose facts the memorandum discloses."""
    ce = deal.credit_enhancement
    out = []
    if ce.undertaking is not None:
        out.append((ce.undertaking.undertaker, "shortfall undertaker"))
    if ce.guarantee is not None and ce.guarantee.guarantor not in {p for p, _ in out}:
        out.append((ce.guarantee.guarantor, "guarantor"))
    return out


@rule("disclosure-project", regulatory=True)
def project(deal: Deal):
    if deal.pool.kind not in INFRASTRUCTURE:
        return
    pj = deal.disclosures.project
    have = {a.kind for a in pj.approvals}
    path = ("disclosures", "project", "approvals")
    needs = ((("project_approval", "project_filing"), "the project approval or filing (kind project_approval or project_filing)"),
             (("environmental_impact",), "the environmental-impact approval (kind environmental_impact)"),
             (("completion_acceptance",), "the completion acceptance (kind completion_acceptance)"))
    for kinds, what in needs:
        if not have & set(kinds):
            yield (path, "error", f"disclose {what} of the project's assets ({G1}, 3.7: the assets and their permits)")
    if pj.concession is None:
        yield (("disclosures", "project", "concession"), "error",
               f"disclose the concession agreement or operating licence: number, grantor, term and renewal ({G1}, 3.7)")
    elif pj.concession.end < deal.dates.legal_maturity:
        yield (("disclosures", "project", "concession", "end"), "error",
               f"the concession ends {pj.concession.end}, before the legal maturity {deal.dates.legal_maturity} "
               "(SSE guideline No. 2, 4.1.2)")


@rule("disclosure-encumbrances", regulatory=True)
def encumbrances(deal: Deal):
    if deal.pool.kind not in INFRASTRUCTURE:
        return
    pj = deal.disclosures.project
    if pj.encumbrances is None:
        yield (("disclosures", "project", "encumbrances"), "error",
               "state the mortgages and other security on the heat sources, plants and network ([] for none) "
               f"({G1}, 3.1.8 and 3.7; SSE guideline No. 2, 4.1.5)")
    if pj.no_further_encumbrance is None:
        yield (("disclosures", "project", "no_further_encumbrance"), "error",
               "state whether the owner has undertaken not to encumber the project assets further "
               "(SSE guideline No. 2, 4.1.5)")


@rule("disclosure-credit-support", regulatory=True)
def credit_support(deal: Deal):
    facts = deal.disclosures.credit_support
    for pid, role in providers(deal):
        if pid not in deal.parties:
            continue  # party-references reports it
        p = deal.parties[pid]
        src = f"({G1}, 3.6: credit-enhancement providers)"
        if p.board_approval is None:
            yield (("parties", pid, "board_approval"), "error",
                   f"disclose the resolution authorising the {role}'s credit support: body, date, number {src}")
        if p.credit_rating is None:  # many undertakers are unrated: the memorandum then states no rating
            yield (("parties", pid, "credit_rating"), "warning", f"no credit rating of the {role}: give it if it is rated {src}")
        f = facts.get(pid)
        if f is None:
            yield (("disclosures", "credit_support", pid), "error",
                   f"disclose the {role}'s authorisation basis, three years' financials and guarantees given {src}")
            continue
        if len(f.financials) < 3:
            yield (("disclosures", "credit_support", pid, "financials"), "error",
                   f"disclose three financial years of the {role} ({len(f.financials)} given) {src}")
        if f.guarantees_given is None:
            yield (("disclosures", "credit_support", pid, "guarantees_given"), "error",
                   f"disclose the {role}'s outstanding guarantees given to others {src}")
        if f.state_controlled and f.soe_approval is None:
            yield (("disclosures", "credit_support", pid, "soe_approval"), "error",
                   f"the {role} is state-controlled: disclose the state-owned-assets approval of its credit support {src}")


@rule("disclosure-obligors", regulatory=True)
def obligors(deal: Deal):
    o = deal.disclosures.obligors
    if o is None:
        yield (("disclosures", "obligors"), "error",
               f"disclose the share of obligors that are government bodies or public institutions ({G1}, 3.7)")
    elif o.public_sector_share > 0 and o.local_government_debt is None:
        yield (("disclosures", "obligors", "local_government_debt"), "error",
               f"{o.public_sector_share}% of the collections come from public bodies: state whether the deal adds "
               f"local-government debt, and whose opinion that is ({G1}, 3.7)")


@rule("disclosure-due-diligence", regulatory=True)
def due_diligence(deal: Deal):
    by = {c.by for c in deal.disclosures.due_diligence}
    for role, what in (("plan_manager", "plan manager"), ("law_firm", "law firm")):
        pid = deal.first(role)
        if pid is not None and pid not in by:
            yield (("disclosures", "due_diligence"), "error",
                   f"disclose the {what}'s due-diligence conclusion, attributed to '{pid}' "
                   f"(CSRC due-diligence guidelines, CSRC Announcement [2014] No. 49; {G1}, 3.7)")


@rule("disclosure-independence", regulatory=True)
def independence(deal: Deal):
    orig = deal.first("originator")
    group = {orig, deal.parties[orig].affiliate_of} if orig in deal.parties else set()
    for role, what in (("plan_manager", "plan manager"), ("custodian", "custodian")):
        pid = deal.first(role)
        if pid is None or pid in deal.disclosures.independence:
            continue
        if pid in group or deal.parties[pid].affiliate_of in group - {None}:
            continue  # a related party: the memorandum states the relation instead
        yield (("disclosures", "independence"), "error",
               f"state whether the {what} '{pid}' has any shareholding or other material interest in common with "
               f"the originator (list it in disclosures.independence once it has confirmed none) ({G1}, 3.17)")


@rule("disclosure-references")
def references(deal: Deal):
    d, signing = deal.disclosures, deal.legal.signing_date
    ids = {pid for pid, _ in providers(deal)}
    for pid, f in d.credit_support.items():
        at = ("disclosures", "credit_support", pid)
        if pid not in ids:
            yield (at, "error", f"'{pid}' is not the deal's shortfall undertaker or guarantor")
            continue
        years = [y.year for y in f.financials]
        if years != sorted(set(years)) or (years and years[-1] - years[0] != len(years) - 1):
            yield (at + ("financials",), "error", f"financial years must be consecutive, oldest first: {years}")
        elif years and years[-1] >= signing.year:
            yield (at + ("financials",), "error", f"financial year {years[-1]} has not ended by the signing date {signing}")
        if f.resolution_basis == "financing_guarantee" and signing.year < 2021:
            yield (at + ("resolution_basis",), "error",
                   "art. 8 of the Supreme People's Court's interpretation on security (Fa Shi [2020] No. 28) applies only from 2021-01-01; the deal is signed before")
        if f.soe_approval is not None and f.soe_approval.date > signing:
            yield (at + ("soe_approval", "date"), "error", f"the approval is dated after the signing date {signing}")
        if f.soe_approval is not None and not f.state_controlled:
            yield (at + ("soe_approval",), "warning", "a state-owned-assets approval, but state_controlled is false")
    for i, c in enumerate(d.due_diligence):
        if c.by not in deal.parties:
            yield (("disclosures", "due_diligence", i, "by"), "error", f"'{c.by}' is not a party of the deal")
    lgd = d.obligors.local_government_debt if d.obligors else None
    if lgd is not None and lgd.opinion_of not in set(deal.with_role("law_firm")) | set(deal.with_role("plan_manager")):
        yield (("disclosures", "obligors", "local_government_debt", "opinion_of"), "error",
               f"'{lgd.opinion_of}' is not the deal's law firm or plan manager")
    for i, pid in enumerate(d.independence):
        if pid not in deal.parties:
            yield (("disclosures", "independence", i), "error", f"'{pid}' is not a party of the deal")
    c = d.project.concession
    if c is not None and c.kind != "concession_agreement" and c.number != deal.pool.licence.number:
        yield (("disclosures", "project", "concession", "number"), "error",
               f"the licence number must be pool.licence.number ({deal.pool.licence.number})")
    for i, a in enumerate(d.project.approvals):
        if a.date > signing:
            yield (("disclosures", "project", "approvals", i, "date"), "error", f"dated after the signing date {signing}")
