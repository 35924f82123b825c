"""Worked example 1 (model.md §6): base case, stresses S1–S5, break-even, specified-amount variant."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.projection.run import project
from tests.projection.conftest import D, build, conserved, deal_data

BASE = {  # model.md §6.2–6.5, per period
    "inflow": ["6465.00"] * 3,
    "fees": ["24.44", "19.04", "14.00"],
    "senior_interest": ["432.50", "297.50", "150.50"],
    "senior_principal": ["4500.00", "4200.00", "4300.00"],
    "required": ["4956.94", "4516.54", "4464.50"],
    "reserve_end": ["316.54", "164.50", "0"],
    "sub_income": ["1191.52", "2100.50", "0"],
    "sub_principal": ["0", "0", "700.00"],
    "residual": ["0", "0", "1465.00"],
    "coverage_total": ["1.3042", "1.4314", "1.4481"],
    "coverage_senior": ["1.3107", "1.4375", "1.4526"],
}


@pytest.fixture(scope="module")
def proj(ex1):
    return project(ex1)


@pytest.mark.parametrize("item", sorted(BASE))
def test_base_case_per_period(proj, item):
    assert [getattr(p, item) for p in proj.periods] == [D(x) for x in BASE[item]]


def test_base_case_details(proj):
    p1, p2, p3 = proj.periods
    assert p1.fees_by_id == {"custody_management": D("16.44"), "rating_audit": D("8.00")}
    assert p1.interest == {"A1": D("135.00"), "A2": D("297.50"), "Sub": 0}
    assert p1.balances == {"A1": 0, "A2": D("8500.00"), "Sub": D("700.00")}
    assert p2.balances == {"A1": 0, "A2": D("4300.00"), "Sub": D("700.00")}
    assert p3.balances == {"A1": 0, "A2": 0, "Sub": 0}
    assert [p.reserve_bf for p in proj.periods] == [0, D("316.54"), D("164.50")]
    assert [p.available for p in proj.periods] == [D("6465.00"), D("6781.54"), D("6629.50")]
    assert all(p.regime == "normal" and p.shortfall_paid == 0 for p in proj.periods)
    assert [p.accrual_days for p in proj.periods] == [365, 365, 365]


def test_totals_and_cumulative_coverage(proj):
    t = proj.totals
    assert (t["inflow"], t["fees"], t["senior_interest"], t["senior_principal"], t["required"]) == (
        D("19395.00"), D("57.48"), D("880.50"), D("13000.00"), D("13937.98"))
    assert proj.cumulative_coverage == D("1.3915")
    assert proj.gross_overcoverage == D("1.4157")  # 19,395.00 / 13,700.00
    assert proj.gross_overcoverage_all == proj.gross_overcoverage
    assert proj.gross_overcoverage_senior == D("1.4919")  # 19,395.00 / 13,000.00 (A1 4,500 + A2 8,500)
    # §6.5 check: every payment adds up to the total inflow (reserves net to zero)
    out = t["fees"] + t["senior_interest"] + t["senior_principal"] + t["sub_income"] + t["sub_principal"] + t["residual"]
    assert out == t["inflow"]
    assert all(conserved(p) for p in proj.periods)


def test_seasons_by_class(proj):
    first = {s.class_id: s for s in proj.seasons if s.season == "2028-2029"}
    r, n = first["residential"], first["non_residential"]
    assert (r.area, r.price, r.billed, r.collection_rate, r.collected) == (200, 25, D("5000.00"), 95, D("4750.00"))
    assert (n.area, n.price, n.billed, n.collection_rate, n.collected) == (50, 35, D("1750.00"), 98, D("1715.00"))
    assert sorted({s.season for s in proj.seasons}) == ["2028-2029", "2029-2030", "2030-2031"]


STRESS = {  # model.md §6.6: inflow, coverage P1/P2/P3, P1 shortfall
    "S1": ("5965.00", ["1.2034", "1.3207", "1.3361"], "0"),
    "S2": ("5818.50", ["1.1738", "1.2883", "1.3033"], "0"),
    "S3": ("5818.50", ["1.1738", "1.2883", "1.3033"], "0"),
    "S4": ("5368.50", ["1.0830", "1.1886", "1.2025"], "0"),
    "S5": ("4488.75", ["0.9055", "0.9938", "1.0054"], "468.19"),
}


@pytest.mark.parametrize("sid", sorted(STRESS))
def test_stress_scenarios(proj, sid):
    inflow, cov, short1 = STRESS[sid]
    s = next(x for x in proj.stress if x.id == sid)
    assert s.inflow == (D(inflow),) * 3
    assert list(s.coverage) == [D(c) for c in cov]
    assert s.min_coverage == D(cov[0])
    assert s.shortfall[0] == D(short1)


def test_s5_shortfalls_against_base_required(proj):
    # §7 contrast: 468.19 short in P1, 27.79 short in P2, 24.25 spare in P3
    s5 = next(x for x in proj.stress if x.id == "S5")
    assert s5.shortfall == (D("468.19"), D("27.79"), 0)
    assert proj.periods[2].required - s5.inflow[2] == D("-24.25")


def test_break_even(proj):
    be = proj.break_even
    assert be.uniform_haircut_pct == D("23.33")
    assert be.binding_period == 1
    assert be.collection_rate_pct["residential"] == D("64.84")
    assert be.method["uniform"] == "closed form" and be.method["residential"] == "closed form"


def test_break_even_is_the_coverage_threshold(ex1, proj):
    """Just above the residential break-even coverage holds; just below it fails."""
    data = deal_data()
    for rate, ok in (("64.85", True), ("64.83", False)):
        data["scenarios"] = [{"id": "BE", "name": {"zh": "临界", "en": "BE"}, "collection_rate_to": {"residential": D(rate)}}]
        s = project(build(data)).stress[0]
        assert (s.min_coverage >= 1) is ok


def test_no_warning_above_target_and_warning_below(proj):
    assert not any("below the target" in w for w in proj.warnings)
    data = deal_data()
    data["credit_enhancement"]["overcoverage_target"] = D("1.35")
    warns = project(build(data)).warnings
    below = [w for w in warns if "below the target" in w]
    assert len(below) == 1 and "period 1" in below[0] and "1.3042" in below[0]


# ----------------------------------------------------------------------------- §6.7 specified-amount cap
def _check_cap(proj):
    p1 = proj.periods[0]
    months = {m.month.strftime("%Y-%m"): m for m in proj.months if m.period == 1}
    assert [months[k].cash for k in sorted(months)] == [D(x) for x in (
        "323.25", "1293.00", "1939.50", "1616.25", "646.50", "323.25", "323.25")]
    assert (months["2029-02"].transferred, months["2029-02"].released) == (D("131.50"), D("191.75"))
    assert (months["2029-03"].transferred, months["2029-03"].released) == (0, D("323.25"))
    cum = Decimal(0)
    cums = []
    for k in sorted(months):
        cum += months[k].transferred
        cums.append(cum)
    assert cums[:5] == [D(x) for x in ("323.25", "1616.25", "3555.75", "5172.00", "5818.50")]
    assert p1.inflow == D("5950.00") and p1.released == D("515.00")
    assert (p1.reserve_end, p1.sub_income, p1.coverage_total) == (D("316.54"), D("676.52"), D("1.2003"))
    assert p1.inflow - p1.required == D("993.06")
    assert all(conserved(p) for p in proj.periods)


def test_specified_amount_cap_file(ex1_cap):
    _check_cap(project(ex1_cap))


def test_specified_amount_cap_built_from_example_1():
    """Example 1 with only period 1 capped at 5,950.00 and the other periods' caps not binding."""
    data = deal_data()
    data["plan"]["collection_mode"] = "specified_amount_cap"
    data["pool"]["specified_periods"] = [
        {"id": "p1", "start": "2028-04-25", "end": "2029-03-31", "amount": D("5950.00")},
        {"id": "p2", "start": "2029-04-01", "end": "2030-03-31", "amount": D("99999")},
        {"id": "p3", "start": "2030-04-01", "end": "2031-03-31", "amount": D("99999")},
    ]
    proj = project(build(data))
    _check_cap(proj)
    assert [p.inflow for p in proj.periods[1:]] == [D("6465.00")] * 2


def test_cap_mode_break_even_by_bisection(ex1_cap):
    be = project(ex1_cap).break_even
    assert be.method["uniform"] == "bisection"
    assert be.uniform_haircut_pct == D("23.33")  # the cap does not bind at the break-even
    assert abs(be.collection_rate_pct["residential"] - D("64.84")) <= D("0.01")
