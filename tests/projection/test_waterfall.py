"""Waterfall features beyond the worked examples: taxes, fee caps and upfront fees, floating coupons,
puts, guarantee, interim shortfall, acceleration trigger, pass-through."""

from __future__ import annotations

import datetime as dt

from docgen.projection.run import project
from tests.projection.conftest import D, build, conserved, deal_data


def _names(zh="x", en="x"):
    return {"zh": zh, "en": en}


def test_taxes_are_a_share_of_inflow_paid_first():
    data = deal_data()
    data["taxes_rate"] = D(3)
    p1 = project(build(data)).periods[0]
    assert p1.taxes == D("193.95")  # 3 % of 6,465.00
    assert p1.required == D("193.95") + D("4956.94")
    assert p1.coverage_total == D("1.2551")  # 6,465.00 / 5,150.89
    assert p1.sub_income == D("1191.52") - D("193.95")


def test_fee_cap_and_upfront_fee():
    data = deal_data()
    data["fees"][0]["cap"] = D("15.00")
    data["fees"].append({"id": "arranger", "name": _names(), "basis": "upfront", "amount": D(50)})
    proj = project(build(data))
    assert proj.periods[0].fees_by_id == {"custody_management": D("15.00"), "rating_audit": D("8.00")}
    assert "arranger" not in proj.periods[0].fees_by_id  # paid out of proceeds, not the waterfall
    assert proj.totals["upfront_fees"] == D("50")


def test_floating_coupon_follows_the_benchmark_path():
    data = deal_data()
    data["tranches"][1]["coupon"] = {
        "type": "floating", "benchmark": _names("七天回购利率", "7-day repo"), "spread_bp": D(100),
        "benchmark_path": [{"from_date": dt.date(2028, 1, 1), "rate": D("2.00")},
                           {"from_date": dt.date(2029, 4, 25), "rate": D("2.50")}]}
    p1, p2, _ = project(build(data)).periods
    assert p1.interest["A2"] == D("255.00")  # (2.00 + 1.00) %
    assert p2.interest["A2"] == D("297.50")  # (2.50 + 1.00) % from the fixing on 2029-04-25


def test_put_exercise_is_paid_outside_the_waterfall():
    data = deal_data()
    data["tranches"][1]["put_dates"] = [dt.date(2030, 4, 25)]
    data["put_exercise_pct"] = D(50)
    proj = project(build(data))
    p2, p3 = proj.periods[1], proj.periods[2]
    assert p2.put_amount == p2.put_received == D("2150.00")  # half of 4,300 left after the scheduled 4,200
    assert p2.balances["A2"] == D("2150.00")
    assert p3.interest["A2"] == D("75.25")
    assert p3.senior_principal == D("2150.00")
    assert p2.required == D("4516.54")  # puts are outside the undertaking's scope here
    assert all(conserved(p) for p in proj.periods)
    data["credit_enhancement"]["undertaking"]["scope"].append("put_amount")
    p2 = project(build(data)).periods[1]
    assert p2.required == D("4516.54") + D("2150.00") and p2.coverage_total == D("1.4314")


def test_fee_on_senior_principal():
    data = deal_data()
    data["fees"].append({"id": "trustee", "name": _names(), "basis": "pct_opening_senior_principal", "rate": D("0.10")})
    p1, p2, _ = project(build(data)).periods
    assert (p1.fees_by_id["trustee"], p2.fees_by_id["trustee"]) == (D("13.00"), D("8.50"))
    assert p1.reserve_end == D("316.54") + D("8.50")  # next period's fees include it


def test_guarantee_pays_what_the_undertaker_cannot():
    data = deal_data("worked-example-2")
    data["credit_enhancement"]["guarantee"] = {
        "guarantor": "beichen", "scope": _names(),
        "capacity_schedule": [{"payment_date": dt.date(2029, 4, 25), "max_amount": D(200)}]}
    p1 = project(build(data), scenario="S5").periods[0]
    assert (p1.shortfall_paid, p1.guarantee_paid) == (D("300.00"), D("168.19"))
    assert p1.regime == "normal" and not p1.event_of_default
    assert p1.senior_principal == D("4500.00")


def test_undertaking_cap_over_the_life():
    data = deal_data("worked-example-2")
    data["credit_enhancement"]["undertaking"]["capacity_schedule"] = []
    data["credit_enhancement"]["undertaking"]["cap"] = D("400.00")
    p1 = project(build(data), scenario="S5").periods[0]
    assert p1.shortfall_paid == D("400.00") and p1.event_of_default


def test_interim_shortfall_tops_up_to_the_threshold():
    data = deal_data("worked-example-2")
    data["credit_enhancement"]["undertaking"]["capacity_schedule"] = []
    data["credit_enhancement"]["interim_shortfall"] = {"threshold_pct_of_forecast": D(70)}
    data["scenarios"].append({"id": "CUT40", "name": _names(), "inflow_pct": D(40)})
    p1 = project(build(data), scenario="CUT40").periods[0]
    assert p1.inflow == D("3879.00")
    assert p1.interim_shortfall_paid == D("646.50")  # 70 % × 6,465.00 − 3,879.00
    assert p1.shortfall_paid == D("431.44")  # the rest of 4,956.94
    assert p1.regime == "normal" and conserved(p1)


def test_acceleration_trigger_in_a_stressed_run():
    data = deal_data("worked-example-2")
    data["credit_enhancement"]["undertaking"]["capacity_schedule"] = []
    data["triggers"] = [{"id": "collections_fall", "category": "acceleration", "condition": _names(),
                         "threshold": D(80), "consequences": ["accelerated_waterfall"]}]
    proj = project(build(data), scenario="S5")
    p1 = proj.periods[0]
    assert p1.regime == "acceleration"
    assert p1.shortfall_paid == D("468.19")
    # all funds after fees and interest go to senior principal pro rata: 4,500 × 4,500/13,000
    assert p1.principal["A1"] == D("1557.69") and p1.principal["A2"] == D("2942.31")
    assert p1.reserve_end == 0 and p1.sub_income == 0
    assert project(build(data)).periods[0].regime == "normal"  # never in the base case


def test_pass_through_takes_the_excess_before_subordinated_income():
    data = deal_data()
    data["tranches"][1]["amortisation"] = {"type": "pass_through"}
    p1 = project(build(data)).periods[0]
    assert p1.reserve_end == D("316.54")
    assert p1.principal["A2"] == D("1191.52") and p1.sub_income == 0


def test_no_reserve_rule():
    data = deal_data()
    data["credit_enhancement"]["reserve"] = {"rule": "none"}
    assert [p.sub_income for p in project(build(data)).periods[:2]] == [D("1508.06"), D("1948.46")]


def test_annual_interest_on_semiannual_payment_dates_is_paid_every_second_date():
    """Interest accrues each half-year and is paid on the dates a whole number of years before maturity."""
    from docgen.model.frequency import months_between

    semi = deal_data("heating-semiannual")
    annual = deal_data("heating-semiannual")
    for t in annual["tranches"]:
        if t["coupon"]["type"] != "none":
            t["interest_frequency"] = "annual"
    ps, pa = project(build(semi)).periods, project(build(annual)).periods
    skipped = 0
    assert all(conserved(p) for p in pa)
    assert [p.senior_principal for p in pa] == [p.senior_principal for p in ps]  # same principal, same balances
    for t in build(annual).tranches:
        if t.coupon.type == "none":
            continue
        owed, paid_dates = D(0), 0
        for s, a in zip(ps, pa):
            owed += s.interest.get(t.id, D(0))
            if s.unadjusted_date > t.expected_maturity:
                break
            if months_between(a.unadjusted_date, t.expected_maturity) % 12 == 0:
                assert a.interest[t.id] == owed > 0, (t.id, a.index)  # everything accrued since the last one
                owed, paid_dates = D(0), paid_dates + 1
            else:
                assert a.interest.get(t.id, D(0)) == 0, (t.id, a.index)
                skipped += 1
        assert owed == 0 and paid_dates >= 1
    assert skipped >= 2
    # the dates with no interest due need less cover: coverage rises there, never falls
    assert all(a.required <= s.required for s, a in zip(ps, pa) if a.senior_interest == 0)
