"""Regulatory rules (SSE guidelines): the retention rule, sweep interval, full sweep, term, licence,
concentration, stress scenarios; and the structural rule on specified periods.

The rules registered `regulatory=True` never stop the analysis (`project`), only `render` unless waived."""

from __future__ import annotations

from decimal import Decimal

from docgen.model.deal import Deal
from docgen.model.rules.registry import rule, years_between


@rule("retention", regulatory=True)
def retention(deal: Deal):
    originators = set(deal.with_role("originator"))
    group = set(originators)
    for pid, p in deal.parties.items():
        if p.affiliate_of in originators or pid in {deal.parties[o].affiliate_of for o in originators}:
            group.add(pid)
    retained = sum((t.size for t in deal.subordinated if t.holder in group), Decimal(0))
    if deal.plan.total_size and retained * 100 < deal.plan.total_size * 5:
        share = (retained * 100 / deal.plan.total_size).quantize(Decimal("0.01"))
        i = next((i for i, t in enumerate(deal.tranches) if not t.is_senior), 0)
        yield (("tranches", i, "size"), "error",
               f"the originator and its affiliates retain {share}% of the plan; at least 5% is required (SSE guideline 2, 2.3.4)")
    for i, t in enumerate(deal.tranches):
        if not t.is_senior and t.holder is None:
            yield (("tranches", i, "holder"), "error", "name the party that holds the subordinated tranche")


ONE_MONTH_OR_LESS = {"daily", "weekly", "semi_monthly", "monthly"}


@rule("sweep", regulatory=True)
def sweep(deal: Deal):
    interval = deal.dates.sweep.interval
    if interval in ONE_MONTH_OR_LESS:
        return
    if interval == "quarterly":
        if not (deal.has_undertaker or deal.has_guarantor):
            yield (("dates", "sweep", "interval"), "error",
                   "a quarterly sweep needs a shortfall undertaker or a guarantor (SSE guideline 2, 2.2.7)")
        else:
            yield (("dates", "sweep", "interval"), "warning",
                   "a quarterly sweep is allowed only for an originator of good credit; state the reason in the memorandum")
    else:
        yield (("dates", "sweep", "interval"), "error",
               f"collections must be swept at least monthly (quarterly with enhancement); '{interval}' is too long "
               "(SSE guideline 2, 2.2.7)")


@rule("full-sweep", regulatory=True)
def full_sweep(deal: Deal):
    if deal.plan.collection_mode != "specified_amount_cap":
        return
    if deal.plan.regime_version == "2022":
        yield (("plan", "collection_mode"), "error",
               "under the 2022 SSE guideline (4.1.8) a future-revenue deal must sweep all cash flow from establishment: "
               "use full_sweep, or set regime_version to the older rules the deal was filed under")
    else:
        yield (("plan", "collection_mode"), "warning",
               f"specified_amount_cap is a pre-2019 structure (regime {deal.plan.regime_version}); a deal filed today "
               "would need full_sweep (SSE guideline 2, 4.1.8)")


def _add_years(d, n: int):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


@rule("term", regulatory=True)
def term(deal: Deal):
    est, legal = deal.dates.establishment, deal.dates.legal_maturity
    if legal > _add_years(est, 5) and deal.plan.term_justification is None:
        years = years_between(est, legal).quantize(Decimal("0.1"))
        yield (("dates", "legal_maturity"), "error",
               f"the plan runs {years} years to its legal maturity; a term over 5 years needs plan.term_justification "
               "(SSE guideline 2, 4.1.6)")


@rule("licence", regulatory=True)
def licence(deal: Deal):
    if deal.pool.licence.valid_to < deal.dates.legal_maturity:
        yield (("pool", "licence", "valid_to"), "error",
               f"the operating licence expires {deal.pool.licence.valid_to}, before the legal maturity "
               f"{deal.dates.legal_maturity} (SSE guideline 2, 4.1.2)")


@rule("concentration", regulatory=True)
def concentration(deal: Deal):
    pool = deal.pool
    for i, k in enumerate(pool.key_cash_providers):
        if k.share > 15 or (k.related_party and k.share > 20):
            yield (("pool", "key_cash_providers", i, "share"), "warning",
                   f"{k.name.en} provides {k.share}% of the cash flow: key cash-provider disclosure applies (SSE guideline 1, 6.1)")
    if pool.related_party_share > 10:
        yield (("pool", "related_party_share"), "warning",
               f"related parties provide {pool.related_party_share}% of the cash flow: extra disclosure (SSE guideline 2, 2.2.3)")


@rule("stress-scenarios", regulatory=True)
def stress_scenarios(deal: Deal):
    if not deal.scenarios:
        yield (("scenarios",), "warning",
               "no stress scenarios: stress tests must be disclosed for every payment period (SSE guideline 2, 2.2.6)")


@rule("specified-periods")
def specified_periods(deal: Deal):
    pool = deal.pool
    if deal.plan.collection_mode == "specified_amount_cap":
        if not pool.specified_periods:
            yield (("pool", "specified_periods"), "error", "specified_amount_cap mode needs pool.specified_periods")
        for i, sp in enumerate(pool.specified_periods):
            if sp.end < sp.start:
                yield (("pool", "specified_periods", i, "end"), "error", "a specified period ends before it starts")
    elif pool.specified_periods:
        yield (("pool", "specified_periods"), "warning", "specified periods are ignored in full_sweep mode")
