"""Properties over generated deals: cash is conserved to the fen on every payment date, no balance goes
negative, and no senior principal is paid while an earlier item of the order is unpaid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from docgen.projection.run import project
from tests.projection.conftest import build, conserved, deal_data

BASE = deal_data()
money = st.integers(min_value=0, max_value=900_000).map(lambda c: Decimal(c) / 100)  # 0.00 … 9,000.00
pct = st.integers(min_value=0, max_value=10_000).map(lambda c: Decimal(c) / 100)


@st.composite
def deals(draw):
    data = deal_data()
    n = draw(st.integers(2, 5))
    pays = [dt.date(2029 + k, 4, 25) for k in range(n)]
    data["dates"]["payment_dates"] = pays
    data["dates"]["business_day_convention"] = draw(st.sampled_from(["following", "preceding", "modified_following"]))
    data["dates"]["day_count"] = draw(st.sampled_from(["ACT/365", "ACT/360", "30/360"]))
    tranches = []
    for k in range(draw(st.integers(1, 4))):
        size = draw(st.integers(min_value=100, max_value=900_000).map(lambda c: Decimal(c) / 100))
        mat = draw(st.integers(0, n - 1))
        kind = draw(st.sampled_from(["bullet", "scheduled", "pass_through"]))
        am = {"type": kind}
        if kind == "scheduled":
            half = (size / 2).quantize(Decimal("0.01"))
            first = draw(st.integers(0, mat))
            am["schedule"] = ([{"date": pays[first], "amount": half}, {"date": pays[mat], "amount": size - half}]
                              if first < mat else [{"date": pays[mat], "amount": size}])
        t = {"id": f"A{k + 1}", "class": draw(st.sampled_from(["senior", "senior", "mezzanine"])),
             "name": {"zh": "优先", "en": "Senior"}, "size": size,
             "coupon": {"type": "fixed", "rate": draw(st.integers(0, 900)) / Decimal(100)},
             "amortisation": am, "expected_maturity": pays[mat],
             "interest_frequency": draw(st.sampled_from(["annual", "annual", "at_maturity"]))}
        if mat > 0 and draw(st.booleans()):
            t["put_dates"] = [pays[draw(st.integers(0, mat - 1))]]
        tranches.append(t)
    tranches.append({"id": "Sub", "class": "subordinated", "name": {"zh": "次级", "en": "Sub"},
                     "size": draw(money), "coupon": {"type": "none"}, "expected_maturity": pays[-1]})
    data["tranches"] = tranches
    data["plan"]["total_size"] = sum((t["size"] for t in tranches), Decimal(0))
    for c in data["pool"]["customer_classes"]:
        c["collection_rate"] = draw(pct)
        c["area_growth"] = draw(st.integers(-10, 10))
        c["arrears_recovery_rate"] = draw(pct)
    data["fees"] = [
        {"id": "pct", "name": {"zh": "费", "en": "fee"}, "basis": "pct_opening_total_principal",
         "rate": draw(st.integers(0, 200)) / Decimal(100), **({"cap": draw(money)} if draw(st.booleans()) else {})},
        {"id": "fixed", "name": {"zh": "费", "en": "fee"}, "basis": "fixed", "amount": draw(money) / 10},
    ]
    data["taxes_rate"] = draw(st.integers(0, 600)) / Decimal(100)
    data["put_exercise_pct"] = draw(pct)
    ce = data["credit_enhancement"]
    ce["post_default_senior_order"] = draw(st.sampled_from(["pro_rata", "sequential"]))
    ce["reserve"] = {"rule": draw(st.sampled_from(["next_period_senior_interest_and_fees", "none"]))}
    if draw(st.booleans()):  # the subordinated income capped at an expected yield, the excess retained
        ce["sub_income"] = "capped"
        ce["sub_expected_yield"] = draw(st.integers(0, 2000)) / Decimal(100)
    und = ce["undertaking"]
    und["scope"] = draw(st.sampled_from([["taxes", "fees", "senior_interest", "senior_principal"],
                                         ["senior_interest", "senior_principal", "put_amount"], ["fees"]]))
    und["capacity_schedule"] = [{"payment_date": p, "max_amount": draw(money)} for p in pays if draw(st.booleans())]
    if draw(st.booleans()):
        und["cap"] = draw(money)
    if draw(st.booleans()):
        ce["interim_shortfall"] = {"threshold_pct_of_forecast": draw(st.integers(1, 100))}
    if draw(st.booleans()):
        ce["guarantee"] = {"guarantor": "beichen", "scope": {"zh": "全部", "en": "all"},
                           "capacity_schedule": [{"payment_date": pays[0], "max_amount": draw(money)}]}
    if draw(st.booleans()):
        data["triggers"] = [{"id": "fall", "category": "acceleration", "condition": {"zh": "下降", "en": "fall"},
                             "threshold": draw(st.integers(50, 100)),
                             "consequences": [draw(st.sampled_from(["accelerated_waterfall", "post_default_waterfall"]))]}]
    data["scenarios"] = [{"id": "X", "name": {"zh": "压力", "en": "stress"}, "area_pct": draw(st.integers(0, 60)),
                          "collection_rate_pp": {"residential": draw(st.integers(0, 60))},
                          "delay_pct": draw(st.integers(0, 50)), "inflow_pct": draw(st.integers(0, 60))}]
    return build(data), draw(st.sampled_from([None, "X"]))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals())
def test_waterfall_invariants(case):
    deal, scenario = case
    proj = project(deal, scenario)
    event(f"final regime: {proj.periods[-1].regime}")
    event(f"support paid: {any(p.shortfall_paid for p in proj.periods)}")
    capped = deal.credit_enhancement.sub_income == "capped"
    event(f"sub income: {deal.credit_enhancement.sub_income}, retained: {any(p.retained for p in proj.periods)}")
    seniors = {t.id for t in deal.tranches if t.is_senior}
    paid = {t.id: Decimal(0) for t in deal.tranches}
    for p in proj.periods:
        assert conserved(p), p
        for v in (p.taxes, p.fees, p.senior_interest, p.senior_principal, p.reserve_end, p.sub_income,
                  p.sub_principal, p.residual, p.shortfall_paid, p.guarantee_paid, p.interim_shortfall_paid):
            assert v >= 0
        assert all(b >= 0 for b in p.balances.values())
        assert 0 <= p.retained <= p.reserve_end  # retained income is carried with the reserve
        if p.retained:  # only under the cap, and only while the subordinated principal is unpaid
            assert capped and any(p.balances[t.id] for t in deal.tranches if not t.is_senior)
        for k, v in p.principal.items():
            paid[k] += v
        if p.senior_principal > 0:  # every earlier item of the order is paid in full
            assert p.taxes == p.taxes_due
            assert p.fees == p.fees_due
            assert all(p.interest[t] == p.interest_due[t] for t in seniors)
        if p.sub_income > 0 or p.sub_principal > 0 or p.residual > 0:
            assert p.senior_interest == p.senior_interest_due
    be = proj.break_even
    if be is not None:
        assert be.uniform_haircut_pct >= 0 and all(v >= 0 for v in be.collection_rate_pct.values())
    for t in deal.tranches:  # principal paid + what is left = the tranche (less units put back)
        left = proj.periods[-1].balances[t.id]
        if t.put_dates and deal.put_exercise_pct:
            assert paid[t.id] + left <= t.size
        else:
            assert paid[t.id] + left == t.size
