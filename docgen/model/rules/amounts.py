"""Rules on plausible figures: coupon, fee and tax rates, collection rates, plan and fee sizes."""

from __future__ import annotations

from decimal import Decimal

from docgen.model.deal import Deal
from docgen.model.rules.registry import money_text, rule, yuan


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


@rule("plan-size")
def plan_size(deal: Deal):
    total = yuan(deal, deal.plan.total_size)
    hint = (" — are the figures in yuan while amount_unit says wan?" if deal.plan.amount_unit == "wan"
            else " — are the figures in wan yuan (10,000 yuan) while amount_unit says yuan?")
    if total > Decimal("1e12"):
        yield (("plan", "total_size"), "error", f"a plan of {total:,} yuan (over RMB 1 trillion) is not plausible{hint}")
    elif total < Decimal("1e6"):
        yield (("plan", "total_size"), "error", f"a plan of {total:,} yuan (under RMB 1 million) is not plausible{hint}")
    for i, f in enumerate(deal.fees):
        if f.amount is not None and deal.plan.total_size and f.amount * 10 > deal.plan.total_size:
            yield (("fees", i, "amount"), "error",
                   f"fee '{f.id}' of {money_text(deal, f.amount)} is more than 10% of the plan size {money_text(deal, deal.plan.total_size)}")
        if f.cap is not None and f.amount is not None and f.cap < f.amount:
            yield (("fees", i, "cap"), "warning", f"fee '{f.id}' is capped below its own amount")
