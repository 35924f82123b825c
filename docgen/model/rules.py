"""Cross-field rules on a parsed deal (shared/domain/model.md §1.10).

Each rule is a small function registered with `@rule`; it yields (path, severity, message). Errors
stop drafting; warnings are regulatory or market-practice concerns a lawyer should see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal

from docgen.model.deal import PARTY_ID, STANDARD_EVENTS, Deal, Role
from docgen.model.frequency import STEP_MONTHS, payment_spacing

Finding = tuple[tuple, str, str]  # path, severity, message
RULES: dict[str, Callable[[Deal], Iterator[Finding]]] = {}

ONE_MONTH_OR_LESS = {"daily", "weekly", "semi_monthly", "monthly"}
REQUIRED_ROLES = ("plan_manager", "originator", "servicer", "custodian")


def rule(name: str):
    def register(fn):
        RULES[name] = fn
        return fn

    return register


def run_rules(deal: Deal) -> list[tuple[tuple, str, str, str]]:
    out = []
    for name, fn in RULES.items():
        try:
            for path, severity, message in fn(deal):
                out.append((path, severity, name, message))
        except Exception as e:  # a rule's bug must not hide the other findings, nor crash the command
            out.append(((), "error", name, f"internal error in rule '{name}' ({type(e).__name__}: {e}); please report it"))
    return out


def _yuan(deal: Deal, x: Decimal) -> Decimal:
    return x * (10000 if deal.plan.amount_unit == "wan" else 1)


def _fmt(deal: Deal, x: Decimal) -> str:
    unit = "万元" if deal.plan.amount_unit == "wan" else "元"
    return f"{x:,}{unit}"


def _years(a, b) -> Decimal:
    return Decimal((b - a).days) / Decimal("365.25")


@rule("tranche-sum")
def tranche_sum(deal: Deal):
    total = sum((t.size for t in deal.tranches), Decimal(0))
    if total != deal.plan.total_size:
        yield (("plan", "total_size"), "error",
               f"tranche sizes add up to {total:,} but the plan size is {deal.plan.total_size:,}")


@rule("tranche-ids")
def tranche_ids(deal: Deal):
    seen = set()
    for i, t in enumerate(deal.tranches):
        if t.id in seen:
            yield (("tranches", i, "id"), "error", f"tranche id '{t.id}' is used twice")
        seen.add(t.id)
    for attr in ("exchange_code", "short_code"):
        codes: dict[str, str] = {}
        for i, t in enumerate(deal.tranches):
            code = getattr(t, attr)
            if code is None:
                continue
            if code in codes:
                yield (("tranches", i, attr), "error", f"{attr} '{code}' is also the code of tranche {codes[code]}")
            codes[code] = t.id
    if not deal.senior:
        yield (("tranches",), "error", "the deal has no senior or mezzanine tranche")
    if not deal.subordinated:
        yield (("tranches",), "error", "the deal has no subordinated tranche")
    for i, t in enumerate(deal.tranches):
        if t.tranche_class == "subordinated" and t.coupon.type != "none":
            yield (("tranches", i, "coupon", "type"), "error", "a subordinated tranche has no coupon: use type 'none'")
        if t.is_senior and t.coupon.type == "none":
            yield (("tranches", i, "coupon", "type"), "error", f"senior tranche {t.id} needs a fixed or floating coupon")


@rule("maturity-order")
def maturity_order(deal: Deal):
    legal = deal.dates.legal_maturity
    prev = None
    for i, t in enumerate(deal.tranches):
        if t.expected_maturity > legal:
            yield (("tranches", i, "expected_maturity"), "error",
                   f"expected maturity {t.expected_maturity} is after the legal maturity {legal}")
        if t.legal_maturity and t.legal_maturity > legal:
            yield (("tranches", i, "legal_maturity"), "error",
                   f"tranche legal maturity {t.legal_maturity} is after the plan's legal maturity {legal}")
        if t.is_senior:
            if prev and t.expected_maturity < prev[1]:
                yield (("tranches", i, "expected_maturity"), "error",
                       f"senior tranches must be listed in order of expected maturity: {t.id} ({t.expected_maturity}) "
                       f"falls before {prev[0]} ({prev[1]})")
            prev = (t.id, t.expected_maturity)
    last_senior = max((t.expected_maturity for t in deal.senior), default=None)
    for i, t in enumerate(deal.tranches):
        if not t.is_senior and last_senior and t.expected_maturity < last_senior:
            yield (("tranches", i, "expected_maturity"), "error",
                   "the subordinated tranche cannot mature before the last senior tranche")


@rule("payment-dates")
def payment_dates(deal: Deal):
    d = deal.dates
    if d.cutoff > d.establishment:
        yield (("dates", "cutoff"), "error", f"the cut-off date {d.cutoff} is after establishment {d.establishment}")
    prev = d.establishment
    for i, p in enumerate(d.payment_dates):
        if p <= prev:
            what = "establishment" if prev == d.establishment and i == 0 else "the previous payment date"
            yield (("dates", "payment_dates", i), "error", f"payment date {p} is not after {what} ({prev})")
        prev = max(prev, p)
    if d.payment_dates and d.payment_dates[-1] > d.legal_maturity:
        yield (("dates", "payment_dates", len(d.payment_dates) - 1), "error",
               f"the last payment date {d.payment_dates[-1]} is after the legal maturity {d.legal_maturity}")
    pays = set(d.payment_dates)
    for i, t in enumerate(deal.tranches):
        if t.expected_maturity not in pays:
            yield (("tranches", i, "expected_maturity"), "error",
                   f"expected maturity {t.expected_maturity} is not one of the payment dates")
        for j, s in enumerate(t.amortisation.schedule):
            if s.date not in pays:
                yield (("tranches", i, "amortisation", "schedule", j, "date"), "error",
                       f"principal date {s.date} is not one of the payment dates")
        for kind in ("put_dates", "call_dates", "reset_dates"):
            for j, x in enumerate(getattr(t, kind)):
                if x not in pays or x >= t.expected_maturity:
                    yield (("tranches", i, kind, j), "error",
                           f"{kind[:-6]} date {x} must be a payment date before the tranche's expected maturity")
    if d.collection_periods:
        if len(d.collection_periods) != len(d.payment_dates):
            yield (("dates", "collection_periods"), "error",
                   f"{len(d.collection_periods)} collection periods for {len(d.payment_dates)} payment dates")
        prev_end = None
        for i, cp in enumerate(d.collection_periods):
            if cp.end < cp.start:
                yield (("dates", "collection_periods", i, "end"), "error", "a collection period ends before it starts")
            if prev_end and cp.start <= prev_end:
                yield (("dates", "collection_periods", i, "start"), "error", "collection periods overlap")
            if i < len(d.payment_dates) and cp.end >= d.payment_dates[i]:
                yield (("dates", "collection_periods", i, "end"), "error",
                       f"collection period ends {cp.end}, not before its payment date {d.payment_dates[i]}")
            prev_end = cp.end


@rule("amortisation")
def amortisation(deal: Deal):
    for i, t in enumerate(deal.tranches):
        a = t.amortisation
        if a.type == "scheduled":
            total = sum((s.amount for s in a.schedule), Decimal(0))
            if total != t.size:
                yield (("tranches", i, "amortisation", "schedule"), "error",
                       f"scheduled principal adds up to {total:,}, not the tranche size {t.size:,}")
            if a.schedule and max(s.date for s in a.schedule) != t.expected_maturity:
                yield (("tranches", i, "amortisation", "schedule"), "error",
                       "the last scheduled principal payment must fall on the expected maturity")
        elif a.schedule:
            yield (("tranches", i, "amortisation", "schedule"), "error",
                   f"a '{a.type}' tranche takes no principal schedule")


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


@rule("rates")
def rates(deal: Deal):
    for i, t in enumerate(deal.tranches):
        r = t.coupon.rate
        if r is not None and (r <= 0 or r > 20):
            yield (("tranches", i, "coupon", "rate"), "error", f"coupon rate {r}% is outside (0, 20]%")
    for i, f in enumerate(deal.fees):
        if f.rate is not None and f.rate > 5:
            yield (("fees", i, "rate"), "error", f"fee rate {f.rate}% a year is outside [0, 5]%")
    if deal.taxes_rate > 20:
        yield (("taxes_rate",), "error", f"a tax rate of {deal.taxes_rate}% of inflow is outside [0, 20]%")
    pool = deal.pool
    if pool.kind == "heating":
        for i, c in enumerate(pool.customer_classes):
            if c.collection_rate is not None and not (Decimal(30) <= c.collection_rate <= 100):
                yield (("pool", "customer_classes", i, "collection_rate"), "error",
                       f"a collection rate of {c.collection_rate}% is outside the plausible range 30–100%")
            for j, h in enumerate(c.history):
                if h.collected > h.billed + h.arrears_recovered:
                    yield (("pool", "customer_classes", i, "history", j, "collected"), "error",
                           f"collected {h.collected:,} exceeds billed {h.billed:,} in season {h.season}")
                if h.billable_area > h.heated_area:
                    yield (("pool", "customer_classes", i, "history", j, "billable_area"), "error",
                           "billable area exceeds heated area")
    elif pool.kind == "power":
        if not (Decimal(30) <= pool.collection_rate <= 100):
            yield (("pool", "collection_rate"), "error", f"a collection rate of {pool.collection_rate}% is outside 30–100%")


@rule("seasonality")
def seasonality(deal: Deal):
    pool = deal.pool
    profiles = []
    if pool.kind == "heating":
        profiles = [(("pool", "customer_classes", i, "seasonality"), c.seasonality) for i, c in enumerate(pool.customer_classes)]
    elif pool.kind == "power":
        profiles = [(("pool", "monthly_profile"), pool.monthly_profile)]
    for path, prof in profiles:
        total = sum(prof.values(), Decimal(0))
        if total != 100:
            yield (path, "error", f"monthly shares add up to {total}%, not 100%")


@rule("history")
def history(deal: Deal):
    pool = deal.pool
    if pool.kind == "heating":
        for i, c in enumerate(pool.customer_classes):
            seasons = [h.season for h in c.history]
            if len(set(seasons)) < 3:
                yield (("pool", "customer_classes", i, "history"), "error",
                       f"customer class '{c.id}' has {len(set(seasons))} season(s) of history; at least 3 are required (SSE guideline 2, 2.2.4)")
            if seasons != sorted(set(seasons)):
                yield (("pool", "customer_classes", i, "history"), "error", "history seasons must be in order, each once")
            else:
                years = [int(s[:4]) for s in seasons]
                if any(b != a + 1 for a, b in zip(years, years[1:])):
                    yield (("pool", "customer_classes", i, "history"), "error", "history seasons must be consecutive")
    elif pool.kind == "power":
        if len(pool.history) < 3:
            yield (("pool", "history"), "error", f"{len(pool.history)} year(s) of sales history; at least 3 are required")
    if pool.operating_years < 2:
        yield (("pool", "operating_years"), "error",
               f"{pool.operating_years} year(s) of operation; a specified originator needs at least 2 (SSE guideline 2, 4.1.10)")


@rule("licence")
def licence(deal: Deal):
    if deal.pool.licence.valid_to < deal.dates.legal_maturity:
        yield (("pool", "licence", "valid_to"), "error",
               f"the operating licence expires {deal.pool.licence.valid_to}, before the legal maturity "
               f"{deal.dates.legal_maturity} (SSE guideline 2, 4.1.2)")
    for pid, p in deal.parties.items():
        for j, lic in enumerate(p.licences):
            if lic.valid_to < lic.valid_from:
                yield (("parties", pid, "licences", j, "valid_to"), "error", "a licence expires before it is valid")


@rule("retention")
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


@rule("sweep")
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


@rule("full-sweep")
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


@rule("term")
def term(deal: Deal):
    est, legal = deal.dates.establishment, deal.dates.legal_maturity
    if legal > _add_years(est, 5) and deal.plan.term_justification is None:
        years = _years(est, legal).quantize(Decimal("0.1"))
        yield (("dates", "legal_maturity"), "error",
               f"the plan runs {years} years to its legal maturity; a term over 5 years needs plan.term_justification "
               "(SSE guideline 2, 4.1.6)")


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
                   f"the undertaking is capped at {_fmt(deal, u.cap)}, under 10% of the senior principal {_fmt(deal, senior)}")
    for j, c in enumerate(u.capacity_schedule):
        if c.payment_date not in set(deal.dates.payment_dates):
            yield (("credit_enhancement", "undertaking", "capacity_schedule", j, "payment_date"), "error",
                   f"{c.payment_date} is not one of the payment dates")


@rule("concentration")
def concentration(deal: Deal):
    pool = deal.pool
    for i, k in enumerate(pool.key_cash_providers):
        if k.share > 15 or (k.related_party and k.share > 20):
            yield (("pool", "key_cash_providers", i, "share"), "warning",
                   f"{k.name.en} provides {k.share}% of the cash flow: key cash-provider disclosure applies (SSE guideline 1, 6.1)")
    if pool.related_party_share > 10:
        yield (("pool", "related_party_share"), "warning",
               f"related parties provide {pool.related_party_share}% of the cash flow: extra disclosure (SSE guideline 2, 2.2.3)")


@rule("scenarios")
def scenarios(deal: Deal):
    ids = set()
    classes = {c.id for c in deal.pool.customer_classes} if deal.pool.kind == "heating" else set()
    for i, s in enumerate(deal.scenarios):
        if s.id in ids:
            yield (("scenarios", i, "id"), "error", f"scenario id '{s.id}' is used twice")
        ids.add(s.id)
        for key in ("collection_rate_pp", "collection_rate_to"):
            for cid in getattr(s, key):
                if cid not in classes:
                    yield (("scenarios", i, key, cid), "error", f"'{cid}' is not a customer class of this pool")


@rule("signing")
def signing(deal: Deal):
    if deal.legal.signing_date > deal.dates.establishment:
        yield (("legal", "signing_date"), "error",
               f"the documents are signed {deal.legal.signing_date}, after the plan is established {deal.dates.establishment}")


FUTURE_REVENUE = {"fee_revenue_right", "power_sales_revenue"}
RECOMMENDED_ROLES = (
    ("law_firm", "the legal opinion"),
    ("accountant", "the audit and the accountant's report"),
    ("registrar", "registration and payment of the securities"),
)


@rule("plan-size")
def plan_size(deal: Deal):
    total = _yuan(deal, deal.plan.total_size)
    hint = (" — are the figures in 元 while amount_unit says wan?" if deal.plan.amount_unit == "wan"
            else " — are the figures in 万元 while amount_unit says yuan?")
    if total > Decimal("1e12"):
        yield (("plan", "total_size"), "error", f"a plan of {total:,} yuan (over 1万亿元) is not plausible{hint}")
    elif total < Decimal("1e6"):
        yield (("plan", "total_size"), "error", f"a plan of {total:,} yuan (under 100万元) is not plausible{hint}")
    for i, f in enumerate(deal.fees):
        if f.amount is not None and deal.plan.total_size and f.amount * 10 > deal.plan.total_size:
            yield (("fees", i, "amount"), "error",
                   f"fee '{f.id}' of {_fmt(deal, f.amount)} is more than 10% of the plan size {_fmt(deal, deal.plan.total_size)}")
        if f.cap is not None and f.amount is not None and f.cap < f.amount:
            yield (("fees", i, "cap"), "warning", f"fee '{f.id}' is capped below its own amount")


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


@rule("triggers")
def triggers(deal: Deal):
    ids = set()
    for i, t in enumerate(deal.triggers):
        if t.id in ids:
            yield (("triggers", i, "id"), "error", f"trigger id '{t.id}' is used twice")
        ids.add(t.id)
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


@rule("stress-scenarios")
def stress_scenarios(deal: Deal):
    if not deal.scenarios:
        yield (("scenarios",), "warning",
               "no stress scenarios: stress tests must be disclosed for every payment period (SSE guideline 2, 2.2.6)")


@rule("legal-maturity-gap")
def legal_maturity_gap(deal: Deal):
    last = max((t.expected_maturity for t in deal.tranches), default=None)
    legal = deal.dates.legal_maturity
    if last and (legal - last).days > 731:
        yield (("dates", "legal_maturity"), "warning",
               f"the legal maturity {legal} is more than 2 years after the last expected maturity {last}")


@rule("document-dates")
def document_dates(deal: Deal):
    sign = deal.legal.signing_date
    if deal.plan.draft_date > deal.dates.establishment:
        yield (("plan", "draft_date"), "warning",
               f"the drafts are dated {deal.plan.draft_date}, after the plan is established {deal.dates.establishment}")
    for pid, p in deal.parties.items():
        if p.board_approval and p.board_approval.date > sign:
            yield (("parties", pid, "board_approval", "date"), "error",
                   f"the approval of {p.board_approval.date} comes after the signing date {sign}")
        for j, lic in enumerate(p.licences):
            if lic.valid_to < deal.dates.establishment:
                yield (("parties", pid, "licences", j, "valid_to"), "error",
                       f"this licence expired {lic.valid_to}, before the plan is established")
    nol = deal.plan.no_objection_letter
    if nol and nol.date > deal.dates.establishment:
        yield (("plan", "no_objection_letter", "date"), "error",
               f"the no-objection letter of {nol.date} comes after the establishment {deal.dates.establishment}")


@rule("om-costs")
def om_costs(deal: Deal):
    """The O&M coverage test looks forward: each season it lists must fall in the plan's collection window."""
    import datetime as dt

    d, m = deal.dates, deal.pool.season_start_month
    first, last = d.cutoff, d.payment_dates[-1] if d.payment_dates else d.legal_maturity
    for i, oc in enumerate(deal.pool.om_costs):
        years = [int(x) for x in oc.season.split("-")]
        if m == 1 and len(years) != 1:
            yield (("pool", "om_costs", i, "season"), "error",
                   f"this pool's seasons start in January (calendar years): write '{years[0]}', not '{oc.season}'")
            continue
        if m != 1 and (len(years) != 2 or years[1] != years[0] + 1):
            yield (("pool", "om_costs", i, "season"), "error",
                   f"season '{oc.season}' must name two consecutive years, as '{years[0]}-{years[0] + 1}'")
            continue
        y1, y2 = years[0], years[0] + 1
        start, end = dt.date(y1, m, 1), dt.date(y2, m, 1)
        if end <= first or start > last:
            yield (("pool", "om_costs", i, "season"), "error",
                   f"season {oc.season} lies outside the plan's collections ({first} to {last}): the operating-cost "
                   f"coverage test is a forecast for the seasons the plan collects")


@rule("pool-data")
def pool_data(deal: Deal):
    pool = deal.pool
    k = Decimal(10000) if deal.plan.amount_unit == "yuan" else Decimal(1)  # 万㎡ × 元/㎡ = 万元
    total = sum((c.share for c in pool.key_cash_providers), Decimal(0))
    if total > 100:
        yield (("pool", "key_cash_providers"), "error", f"key cash providers' shares add up to {total}%, over 100%")
    if pool.kind == "heating":
        ids: set[str] = set()
        for i, c in enumerate(pool.customer_classes):
            if c.id in ids:
                yield (("pool", "customer_classes", i, "id"), "error", f"customer class id '{c.id}' is used twice")
            ids.add(c.id)
            for j, h in enumerate(c.history):
                if h.price_basis == "two_part" or not h.billed:
                    continue
                expect = h.billable_area * h.price * k
                if abs(h.billed - expect) * 50 > expect:  # more than 2 % off
                    yield (("pool", "customer_classes", i, "history", j, "billed"), "warning",
                           f"billed {h.billed:,} differs by more than 2% from billable area × price = {expect:,} "
                           f"(areas in 万㎡, prices in 元/㎡, amounts in {deal.plan.amount_unit})")
            last = c.history[-1].season if c.history else None
            prev = None
            for j, pc in enumerate(c.price_changes):
                if last and pc.effective_season <= last:
                    yield (("pool", "customer_classes", i, "price_changes", j, "effective_season"), "error",
                           f"a price change must take effect after the last historical season {last}")
                if prev and pc.effective_season <= prev:
                    yield (("pool", "customer_classes", i, "price_changes", j, "effective_season"), "error",
                           "price changes must be in order of season, each season once")
                prev = pc.effective_season
    elif pool.kind == "power":
        years = [h.year for h in pool.history]
        if years != sorted(set(years)):
            yield (("pool", "history"), "error", "sales history years must be in order, each once")
        for j, h in enumerate(pool.history):
            if h.collected > h.billed:
                yield (("pool", "history", j, "collected"), "error", f"collected {h.collected:,} exceeds billed {h.billed:,} in {h.year}")
            expect = h.volume * h.tariff * k
            if h.billed and abs(h.billed - expect) * 50 > expect:
                yield (("pool", "history", j, "billed"), "warning",
                       f"billed {h.billed:,} differs by more than 2% from volume × tariff = {expect:,} "
                       f"(volumes in 万kWh, tariffs in 元/kWh)")
    elif pool.kind == "scheduled":
        prev = None
        for j, f in enumerate(pool.schedule):
            if prev and f.date <= prev:
                yield (("pool", "schedule", j, "date"), "error", "scheduled cash flows must be in date order, each date once")
            prev = f.date
        d = deal.dates
        last = (d.collection_periods[-1].end if d.collection_periods else
                d.payment_dates[-1].replace(day=1) - dt.timedelta(days=1)) if d.payment_dates else d.legal_maturity
        late = [j for j, f in enumerate(pool.schedule) if f.date > last]
        if late:  # one finding where the uncollected tail starts (a long schedule may have thousands)
            j = late[0]
            more = f" and {len(late) - 1} later one(s)" if len(late) > 1 else ""
            yield (("pool", "schedule", j, "date"), "warning",
                   f"cash scheduled on {pool.schedule[j].date}{more} falls after the last collection period "
                   f"(ends {last}): the plan never collects it, though the pool tables count it")
    periods = pool.specified_periods
    for i, sp in enumerate(periods):
        if i and sp.start <= periods[i - 1].end:
            yield (("pool", "specified_periods", i, "start"), "error", "specified periods must be in order and must not overlap")
        if sp.end > deal.dates.legal_maturity or sp.start < deal.dates.cutoff:
            yield (("pool", "specified_periods", i), "error",
                   f"specified period {sp.start}..{sp.end} lies outside the cut-off date to the legal maturity")


@rule("coupons")
def coupons(deal: Deal):
    for i, t in enumerate(deal.tranches):
        c = t.coupon
        prev = None
        for j, b in enumerate(c.benchmark_path):
            if prev and b.from_date <= prev:
                yield (("tranches", i, "coupon", "benchmark_path", j, "from_date"), "error",
                       "benchmark fixings must be in date order, each date once")
            prev = b.from_date
        if c.type == "floating" and c.benchmark_path and c.benchmark_path[0].from_date > deal.dates.establishment:
            yield (("tranches", i, "coupon", "benchmark_path", 0, "from_date"), "error",
                   "the first benchmark fixing must apply from the establishment date or earlier")
        if c.type == "fixed" and (c.benchmark or c.spread_bp is not None or c.benchmark_path):
            yield (("tranches", i, "coupon"), "error", "a fixed coupon takes no benchmark, spread or benchmark path")
        if t.rating and not t.is_senior:
            yield (("tranches", i, "rating"), "warning", "the subordinated tranche is normally not rated")
        for j, r in enumerate(t.reset_dates):
            if r not in t.put_dates:
                yield (("tranches", i, "reset_dates", j), "warning",
                       f"coupon reset on {r} without a put on that date: holders cannot exit at the new rate")


_NTH = {2: "second", 3: "third", 4: "fourth", 6: "sixth", 12: "twelfth"}


@rule("interest-frequency")
def interest_frequency(deal: Deal):
    """Interest is paid on payment dates: its period must be a whole number of payment periods, and a
    default (annual) that would skip payment dates must be stated, not assumed."""
    spacing = payment_spacing(deal.dates.payment_dates)
    if spacing is None or spacing <= 0:
        return
    for i, t in enumerate(deal.tranches):
        step = STEP_MONTHS.get(t.interest_frequency)
        if t.coupon.type == "none" or step is None:
            continue
        given = "interest_frequency" in t.model_fields_set
        path = ("tranches", i, "interest_frequency") if given else ("tranches", i)
        if step < spacing or step % spacing:
            yield (path, "error",
                   f"interest_frequency '{t.interest_frequency}' (every {step} months) does not fit payment dates "
                   f"every {spacing} months: interest can only be paid on a payment date")
        elif step > spacing and not given:
            yield (path, "error",
                   f"payment dates are every {spacing} months but interest_frequency is not given (the default, "
                   f"'annual', pays interest only on every {_NTH.get(step // spacing, step // spacing)} payment date); "
                   f"state it")


@rule("accounts")
def accounts(deal: Deal):
    ids: set[str] = set()
    for i, a in enumerate(deal.accounts):
        if a.id in ids:
            yield (("accounts", i, "id"), "error", f"account id '{a.id}' is used twice")
        ids.add(a.id)
    numbers: dict[str, str] = {}
    for i, a in enumerate(deal.accounts):
        n = a.number.replace(" ", "").replace("-", "")
        if n in numbers:
            yield (("accounts", i, "number"), "error", f"account number {a.number} is also account '{numbers[n]}'")
        numbers[n] = a.id
