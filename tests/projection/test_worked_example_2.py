"""Worked example 2 (model.md §7): shortfall, partial undertaker payment, event of default, pro rata."""

from __future__ import annotations

import pytest

from docgen.projection.run import project
from tests.projection.conftest import D, build, conserved, deal_data


@pytest.fixture(scope="module")
def proj(ex2):
    return project(ex2, scenario="S5")


def test_base_case_of_example_2_is_example_1(ex2):
    base = project(ex2)
    assert [p.sub_income for p in base.periods] == [D("1191.52"), D("2100.50"), 0]
    assert all(p.regime == "normal" for p in base.periods)


def test_period_1_shortfall_and_default(proj):
    p = proj.periods[0]
    assert p.inflow == D("4488.75")
    assert p.required == D("4956.94")
    assert p.shortfall_due == D("468.19")
    assert p.shortfall_paid == D("300.00")
    assert p.event_of_default and p.regime == "default"
    assert p.unpaid_senior == D("168.19")  # funds 4,788.75 still short by 168.19
    assert p.fees == D("24.44")
    assert p.interest == {"A1": D("135.00"), "A2": D("297.50"), "Sub": 0}
    assert p.senior_principal == D("4331.81")
    assert p.principal == {"A1": D("1499.47"), "A2": D("2832.34"), "Sub": 0}
    assert p.balances == {"A1": D("3000.53"), "A2": D("5667.66"), "Sub": D("700.00")}
    assert p.sub_income == p.reserve_end == p.sub_principal == p.residual == 0


def test_period_2_post_default(proj):
    p = proj.periods[1]
    assert p.regime == "default" and not p.event_of_default
    assert p.shortfall_paid == 0  # the undertaker can pay nothing more
    assert p.fees == D("19.24")  # 9,368.19 × 0.12 % = 11.24 + 8.00
    assert p.interest == {"A1": D("90.02"), "A2": D("198.37"), "Sub": 0}
    assert p.senior_principal == D("4181.12")
    assert p.principal == {"A1": D("1447.31"), "A2": D("2733.81"), "Sub": 0}
    assert p.balances == {"A1": D("1553.22"), "A2": D("2933.85"), "Sub": D("700.00")}


def test_period_3_legal_maturity_loss(proj):
    p = proj.periods[2]
    assert p.fees == D("14.22")
    assert p.interest == {"A1": D("46.60"), "A2": D("102.68"), "Sub": 0}
    assert p.senior_principal == D("4325.25")
    assert p.principal == {"A1": D("1497.21"), "A2": D("2828.04"), "Sub": 0}
    assert p.balances == {"A1": D("56.01"), "A2": D("105.81"), "Sub": D("700.00")}
    assert p.unpaid_senior == D("161.82")
    assert proj.totals["senior_balance_end"] == D("161.82")
    assert any("161.82" in w and "unpaid" in w for w in proj.warnings)


def test_pro_rata_ratio_holds_after_default(proj):
    """Once default switches the order, principal is shared 4,500 : 8,500 (34.6154 %) to the fen."""
    for p in proj.periods:
        a1, total = p.principal["A1"], p.senior_principal
        assert abs(a1 - total * 4500 / 13000) < D("0.01")
        left = p.balances["A1"] + p.balances["A2"]
        assert abs(p.balances["A1"] - left * 4500 / 13000) < D("0.01")


def test_cash_conserved(proj):
    assert all(conserved(p) for p in proj.periods)


def test_sequential_post_default_order():
    data = deal_data("worked-example-2")
    data["credit_enhancement"]["post_default_senior_order"] = "sequential"
    p1, p2, _ = project(build(data), scenario="S5").periods
    assert p1.principal["A1"] == D("4331.81") and p1.principal["A2"] == 0
    assert p2.principal["A1"] == D("168.19")  # A1 repaid first, the rest goes to A2
    assert p2.balances["A1"] == 0


def test_undertaker_in_full_means_no_default():
    """§7 contrast: with unlimited capacity the undertaker pays 468.19 and P1 is a normal date."""
    data = deal_data("worked-example-2")
    data["credit_enhancement"]["undertaking"]["capacity_schedule"] = []
    p1 = project(build(data), scenario="S5").periods[0]
    assert p1.shortfall_paid == D("468.19") and p1.regime == "normal"
    assert p1.senior_principal == D("4500.00") and p1.reserve_end == 0 and p1.sub_income == 0
