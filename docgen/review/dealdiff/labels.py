"""The label of a change in the user's terms ("Tranche A2 coupon", "Originator (ruitai) name")."""

from __future__ import annotations

from docgen.review.dealdiff.changes import MISSING, Sel, dotted, is_bitext
from docgen.review.dealdiff.paths import get
from docgen.review.dealdiff.words import word

def _by_path(labels: dict[str, str]) -> dict[tuple[str, ...], str]:
    """The labels keyed by path (`("plan", "id")`), written with dotted keys (`"plan.id"`)."""
    return {tuple(k.split(".")): v for k, v in labels.items()}


FIELD_LABELS = _by_path({
    "plan.total_size": "Plan size", "plan.id": "Deal id", "plan.regime_version": "Regulatory regime version",
    "plan.green_label": "Green label", "plan.no_objection_letter.number": "No-objection letter number",
    "plan.no_objection_letter.date": "No-objection letter date", "plan.amac_filing_no": "AMAC filing number",
    "plan.name": "Plan name", "plan.short_name": "Plan short name", "plan.draft_date": "Draft date",
    "plan.exchange": "Exchange", "plan.amount_unit": "Amount unit of the deal file",
    "plan.display_unit": "Display unit", "plan.collection_mode": "Collection mode", "plan.asset_type": "Asset type",
    "dates.establishment": "Establishment date", "dates.cutoff": "Cut-off date",
    "dates.payment_dates": "Payment dates", "dates.legal_maturity": "Legal maturity",
    "dates.day_count": "Day count", "dates.business_day_convention": "Business-day convention",
    "dates.sweep.interval": "Sweep interval", "dates.sweep.within_business_days": "Sweep within (business days)",
    "legal.signing_date": "Signing date", "legal.signing_place": "Signing place",
    "legal.default_interest_per_day": "Default interest (per day)", "legal.counterparts": "Counterparts",
    "legal.dispute.method": "Dispute resolution method",
    "legal.dispute.institution": "Dispute resolution institution",
    "legal.dispute.seat": "Seat of dispute resolution", "taxes_rate": "Tax rate",
    "credit_enhancement.overcoverage_target": "Overcoverage target", "credit_enhancement.pledge": "Pledge",
    "credit_enhancement.guarantee": "Guarantee", "credit_enhancement.undertaking": "Shortfall undertaking",
    "credit_enhancement.interim_shortfall": "Interim shortfall payment",
    "credit_enhancement.guarantee.guarantor": "Guarantor", "credit_enhancement.pledge.pledgor": "Pledgor",
    "credit_enhancement.undertaking.cap": "Shortfall undertaking cap",
    "credit_enhancement.undertaking.scope": "Shortfall undertaking scope",
    "credit_enhancement.undertaking.undertaker": "Shortfall undertaker",
    "credit_enhancement.cash_collateral": "Cash collateral", "credit_enhancement.pledge.object": "Pledged property",
    "credit_enhancement.pledge.registration_days": "Pledge registration period (days)",
    "pool.licence.number": "Pool licence number", "pool.licence.valid_to": "Pool licence valid to",
    "pool.operating_years": "Operating years",
})
KEYED_SECTIONS = {"scenarios": "Stress scenario", "triggers": "Trigger", "accounts": "Account"}
TRANCHE_FIELDS = _by_path({
    "size": "size", "coupon.rate": "coupon", "coupon.type": "coupon type", "coupon.spread_bp": "coupon spread",
    "expected_maturity": "expected maturity", "legal_maturity": "legal maturity", "name": "name",
    "rating.rating": "rating", "amortisation.schedule": "amortisation schedule",
    "amortisation.type": "amortisation type", "interest_frequency": "interest frequency", "put_dates": "put dates",
    "call_dates": "call dates", "holder": "holder", "class": "class", "day_count": "day count",
})
PARTY_FIELDS = _by_path({
    "name": "name", "short_name": "short name", "legal_rep": "legal representative",
    "registered_address": "registered address", "office_address": "office address", "uscc": "USCC",
    "postcode": "postcode", "contact.person": "contact person", "contact.phone": "phone", "contact.email": "e-mail",
    "contact.fax": "fax", "roles": "roles", "registered_capital": "registered capital",
    "credit_rating.rating": "credit rating",
})


def _human(steps) -> str:
    out = []
    for k, s in enumerate(steps):
        if isinstance(s, int) and k and steps[k - 1] in ("seasonality", "monthly_profile"):
            out.append(f"month {s}")
        elif isinstance(s, (int, Sel)):
            out.append(f"[{s}]")
        else:
            out.append(str(s).replace("_", " "))
    return " ".join(out)


def _either(old: dict, new: dict, path: tuple):
    """The value at `path` in the new deal, or in the old one where the change removed it."""
    value = get(new, path)
    return get(old, path) if value is MISSING else value


def _english_name(item, fallback) -> str:
    """The English name of a fee or a customer class, or `fallback` where it has none."""
    return item["name"]["en"] if isinstance(item, dict) and is_bitext(item.get("name")) else str(fallback)


def label(path: tuple, old: dict, new: dict) -> str:
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    if len(path) >= 2 and path[0] == "tranches" and isinstance(path[1], Sel):
        rest = path[2:]
        tid = path[1].value
        if not rest:
            return f"Tranche {tid}"
        return f"Tranche {tid} {TRANCHE_FIELDS.get(tuple(rest), _human(rest))}"
    if len(path) >= 2 and path[0] == "parties":
        pid = path[1]
        party = _either(old, new, ("parties", pid))
        roles = party.get("roles", []) if isinstance(party, dict) else []
        who = f"{word('review.role.' + roles[0], 'en', roles[0])} ({pid})" if roles else f"Party {pid}"
        rest = path[2:]
        if not rest:
            return f"Party {pid}"
        return f"{who} {PARTY_FIELDS.get(tuple(rest), _human(rest))}"
    if len(path) >= 2 and path[0] == "fees" and isinstance(path[1], Sel):
        name = _english_name(_either(old, new, path[:2]), path[1])
        rest = path[2:]
        return f"Fee '{name}'" + (f" {_human(rest)}" if rest else "")
    if len(path) >= 2 and path[0] in KEYED_SECTIONS and isinstance(path[1], Sel):
        rest = path[2:]
        return f"{KEYED_SECTIONS[path[0]]} {path[1]}" + (f" {_human(rest)}" if rest else "")
    if len(path) >= 3 and path[:2] == ("pool", "customer_classes") and isinstance(path[2], Sel):
        name = _english_name(_either(old, new, path[:3]), path[2])
        rest = path[3:]
        return name + (f" {_human(rest)}" if rest else "")
    return dotted(path)
