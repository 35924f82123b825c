"""Coverage ratios (model.md §4), totals and the warnings a drafter must see."""

from __future__ import annotations

from decimal import Decimal

from docgen.model.deal import Deal
from docgen.projection.money import ZERO, cover
from docgen.projection.result import Period

TOTAL_KEYS = (
    "inflow", "taxes", "fees", "senior_interest", "senior_principal", "put_amount", "required", "shortfall_due",
    "shortfall_paid", "interim_shortfall_paid", "guarantee_paid", "sub_income", "sub_principal", "residual",
    "released", "unpaid_senior",
)


def obligations(p: Period) -> Decimal:
    """The coverage denominator: taxes + fees + senior interest + senior principal due (puts excluded)."""
    return p.taxes_due + p.fees_due + p.senior_interest_due + p.senior_principal_due


def totals(deal: Deal, periods: list[Period]) -> dict[str, Decimal]:
    out = {k: sum((getattr(p, k) for p in periods), ZERO) for k in TOTAL_KEYS}
    last = periods[-1]
    out["senior_balance_end"] = sum((v for tid, v in last.balances.items() if _senior(deal, tid)), ZERO)
    out["upfront_fees"] = sum((f.amount for f in deal.fees if f.basis == "upfront" and f.payer == "plan"), ZERO)
    return out


def _senior(deal: Deal, tid: str) -> bool:
    return any(t.id == tid and t.is_senior for t in deal.tranches)


def cumulative(periods: list[Period]) -> Decimal:
    return cover(sum((p.inflow for p in periods), ZERO), sum((obligations(p) for p in periods), ZERO))


def gross_overcoverage(deal: Deal, periods: list[Period], senior_only: bool = False) -> Decimal:
    """Gross over-coverage (model.md §4): the pool cash forecast over the plan's life divided by the size
    of all tranches or, with `senior_only`, of the senior tranches. It ignores interest and fees, so it is
    not comparable with the period coverage."""
    sizes = (t.size for t in deal.tranches if t.is_senior or not senior_only)
    return cover(sum((p.inflow for p in periods), ZERO), sum(sizes, ZERO))


def min_coverage(values: list[Decimal], dens: list[Decimal]) -> Decimal:
    live = [v for v, d in zip(values, dens) if d > 0]
    return min(live) if live else ZERO


def warnings(deal: Deal, base: list[Period], run: list[Period], scenario: str | None) -> list[str]:
    out = []
    target = deal.credit_enhancement.overcoverage_target
    for p in base:
        if obligations(p) > 0 and p.coverage_total < target:
            out.append(f"period {p.index} ({p.payment_date}): base-case coverage {p.coverage_total}x "
                       f"is below the target {target}x")
    for p in run:
        who = f"scenario {scenario}" if scenario else "base case"
        if p.event_of_default:
            out.append(f"{who}: event of default on {p.payment_date} (funds after support {p.inflow + p.reserve_bf + p.interim_shortfall_paid + p.shortfall_paid + p.guarantee_paid} "
                       f"< amounts due {obligations(p)}); distributed under the post-default order")
    end = run[-1]
    left = sum((v for tid, v in end.balances.items() if _senior(deal, tid)), ZERO)
    if left > 0:
        out.append(f"senior principal of {left} is unpaid after the last payment date {end.payment_date}")
    return out
