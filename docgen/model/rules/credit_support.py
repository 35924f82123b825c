"""Rules on credit support: the shortfall undertaking and its offsets, triggers, the subordinated income."""

from __future__ import annotations

from decimal import Decimal

from docgen.model.deal import STANDARD_EVENTS, Deal
from docgen.model.rules.registry import money_text, rule, used_twice


@rule("undertaking")
def undertaking(deal: Deal):
    u = deal.credit_enhancement.undertaking
    o = deal.dates.offsets
    if not (o.calculation > o.shortfall_trigger > o.shortfall_transfer > o.default_test >= o.distribution_report):
        yield (("dates", "offsets"), "error",
               "offsets must run calculation > shortfall_trigger > shortfall_transfer > default_test >= distribution_report")
    if deal.credit_enhancement.interim_shortfall and u is None:
        yield (("credit_enhancement", "interim_shortfall"), "error",
               "an interim shortfall payment needs a shortfall undertaking (credit_enhancement.undertaking)")
    if u is None:
        return
    if "senior_interest" not in u.scope or "senior_principal" not in u.scope:
        yield (("credit_enhancement", "undertaking", "scope"), "warning",
               "the undertaking does not cover both senior interest and senior principal")
    if u.cap is not None:
        senior = sum((t.size for t in deal.senior), Decimal(0))
        if u.cap == 0:
            yield (("credit_enhancement", "undertaking", "cap"), "error", "an undertaking capped at 0 undertakes nothing")
        elif u.cap < senior / 10:
            yield (("credit_enhancement", "undertaking", "cap"), "warning",
                   f"the undertaking is capped at {money_text(deal, u.cap)}, under 10% of the senior principal {money_text(deal, senior)}")
    for j, c in enumerate(u.capacity_schedule):
        if c.payment_date not in set(deal.dates.payment_dates):
            yield (("credit_enhancement", "undertaking", "capacity_schedule", j, "payment_date"), "error",
                   f"{c.payment_date} is not one of the payment dates")


@rule("triggers")
def triggers(deal: Deal):
    yield from used_twice(deal.triggers, "triggers", "trigger")
    have = {t.category for t in deal.triggers}
    missing = [c for c in ("perfection", "acceleration", "default") if c not in have]
    if missing:
        yield (("triggers",), "warning",
               f"no {', '.join(missing)} trigger: a future-revenue deal needs credit triggers (SSE guideline 2, 2.3.3 and 4.1.9)")
    for i, t in enumerate(deal.triggers):
        if "claim_guarantee" in t.consequences and not deal.has_guarantor:
            yield (("triggers", i, "consequences"), "error", "'claim_guarantee' but the deal has no guarantee")
        if "enforce_pledge" in t.consequences and not deal.has_pledge:
            yield (("triggers", i, "consequences"), "error", "'enforce_pledge' but the deal has no pledge")
    seen: dict[str, str] = {}
    for i, t in enumerate(deal.triggers):
        own = STANDARD_EVENTS.get(t.category, ())
        for j, e in enumerate(t.replaces):
            if e not in own:
                yield (("triggers", i, "replaces", j), "error",
                       f"'{e}' is not a standard {t.category} event; those are: {', '.join(own) or 'none'}")
            elif e in seen:
                yield (("triggers", i, "replaces", j), "error", f"'{e}' is already replaced by trigger '{seen[e]}'")
            seen.setdefault(e, t.id)


@rule("sub-income")
def sub_income(deal: Deal):
    ce = deal.credit_enhancement
    if ce.sub_income == "capped" and ce.sub_expected_yield is None:
        yield (("credit_enhancement", "sub_income"), "error",
               "sub_income: capped needs credit_enhancement.sub_expected_yield, the yield its period income is capped at")
    elif ce.sub_income == "residual" and ce.sub_expected_yield is not None:
        yield (("credit_enhancement", "sub_expected_yield"), "error",
               "sub_expected_yield applies only with sub_income: capped (residual income has no cap)")
