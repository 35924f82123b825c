"""Pool projection: growth, tariff changes, arrears, default collection rate, partial seasons,
power and scheduled pools, delay."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from docgen.projection.run import project
from tests.projection.conftest import D, build, deal_data


def _season(proj, cid, season):
    return next(s for s in proj.seasons if s.class_id == cid and s.season == season)


def test_growth_price_change_and_arrears_recovery():
    data = deal_data()
    res = data["pool"]["customer_classes"][0]
    res.update(area_growth=D(2), arrears_recovery_rate=D(50),
               price_changes=[{"effective_season": "2029-2030", "new_price": D(26),
                               "approval": {"zh": "价格文件", "en": "price notice"}}])
    proj = project(build(data))
    s1, s2 = _season(proj, "residential", "2028-2029"), _season(proj, "residential", "2029-2030")
    assert (s1.area, s1.price, s1.billed, s1.collected) == (D("204.00"), D("25.00"), D("5100.00"), D("4845.00"))
    assert s1.arrears_recovered == D("112.50")  # 50 % of the 2027-2028 arrears 5,000 − 4,775
    assert (s2.area, s2.price, s2.billed, s2.collected) == (D("208.08"), D("26.00"), D("5410.08"), D("5139.58"))
    assert s2.arrears_recovered == D("127.50")  # 50 % of 5,100.00 − 4,845.00
    assert proj.periods[0].inflow == D("4845.00") + D("112.50") + D("1715.00")


def test_default_collection_rate_is_the_lowest_of_history():
    data = deal_data()
    for c in data["pool"]["customer_classes"]:
        c.pop("collection_rate", None)
    proj = project(build(data))
    # history 95.2 / 95.0 / 95.5 % and 98.17 / 98.0 / 98.4 %: the lowest, not the average
    assert _season(proj, "residential", "2028-2029").collection_rate == D("95.00")
    assert _season(proj, "non_residential", "2028-2029").collection_rate == D("98.00")


def test_partial_first_season_pro_rata_by_heating_days():
    """Established 2028-12-31: 75 of the 121 heating days (11-15 → 03-15) belong to the plan."""
    data = deal_data()
    data["dates"]["establishment"] = dt.date(2028, 12, 31)
    data["dates"]["cutoff"] = dt.date(2028, 12, 31)
    proj = project(build(data))
    r = _season(proj, "residential", "2028-2029")
    assert r.covered_share == Decimal(75) / 121
    assert (r.billed, r.collected) == (D("3099.17"), D("2944.21"))
    assert proj.periods[0].inflow == D("2944.21") + D("1063.02")  # non-res: 1,084.71 × 98 %
    assert {m.month for m in proj.months if m.period == 1} == {dt.date(y, m, 1) for y, m in
                                                              ((2028, 12), (2029, 1), (2029, 2), (2029, 3))}


def test_forecast_seasons_reach_the_last_payment_date():
    data = deal_data()
    data["dates"]["payment_dates"].append(dt.date(2032, 4, 26))
    data["tranches"][2]["expected_maturity"] = dt.date(2032, 4, 26)
    proj = project(build(data))
    assert proj.periods[-1].inflow == D("6465.00")
    assert "2031-2032" in {s.season for s in proj.seasons}


def test_yuan_deals_convert_wan_billing():
    """万㎡ × 元/㎡ is 万元: a deal kept in yuan bills 10,000 times the figure."""
    data = deal_data()
    data["plan"]["amount_unit"] = "yuan"
    proj = project(build(data))
    assert _season(proj, "residential", "2028-2029").billed == D("50000000.00")


def _power_data():
    data = deal_data()
    data["pool"] = {
        "kind": "power", "licence": data["pool"]["licence"], "operating_years": 10, "season_start_month": 1,
        "plants": [{"name": {"zh": "电厂", "en": "Plant"}, "type": "hydro", "capacity_mw": D(100)}],
        "history": [{"year": 2027, "volume": D(10000), "tariff": D("0.35"), "billed": D(3500), "collected": D(3430)}],
        "annual_volume": D(10000), "tariff": D("0.35"), "tariff_approval": {"zh": "批复", "en": "approval"},
        "collection_rate": D(98), "offtaker": {"zh": "电网", "en": "Grid"},
        "monthly_profile": {1: 10, 2: 10, 3: 10, 4: 10, 5: 10, 6: 10, 7: 5, 8: 5, 9: 5, 10: 10, 11: 10, 12: 5},
    }
    data["scenarios"] = []
    return data


def test_power_pool_volume_times_tariff_by_month():
    proj = project(build(_power_data()))
    s2028 = _season(proj, "sales", "2028")
    # 10,000 万kWh × 0.35 元/kWh = 3,500 万元 a year; Apr–Dec 2028 (70 % of the profile) is in the plan
    assert (s2028.area, s2028.price, s2028.billed, s2028.collected) == (D("10000.00"), D("0.35"), D("2450.00"), D("2401.00"))
    # P1 = Apr–Dec 2028 + Jan–Mar 2029 (30 % of 3,430.00)
    assert [p.inflow for p in proj.periods] == [D("3430.00")] * 3
    assert [s.id for s in proj.stress] == ["CR-10", "AREA-10", "PRICE-10", "COMBO", "DELAY-20"]
    assert proj.stress[0].inflow[0] == D("3080.00")  # 88 % of 3,500


def test_scheduled_pool_takes_the_given_flows():
    data = deal_data()
    flows = [("2028-10-15", "3000"), ("2029-01-15", "3465"), ("2029-10-15", "3000"), ("2030-01-15", "3465"),
             ("2030-10-15", "3000"), ("2031-01-15", "3465"), ("2031-06-15", "100")]
    data["pool"] = {"kind": "scheduled", "licence": data["pool"]["licence"], "operating_years": 10,
                    "description": {"zh": "应收账款", "en": "receivables"},
                    "schedule": [{"date": dt.date.fromisoformat(a), "amount": D(b)} for a, b in flows]}
    data["scenarios"] = []
    proj = project(build(data))
    assert [p.inflow for p in proj.periods] == [D("6465.00")] * 3  # the June 2031 flow is after the plan
    assert [p.sub_income for p in proj.periods] == [D("1191.52"), D("2100.50"), 0]


def test_delay_moves_cash_to_the_next_season(ex1):
    data = deal_data()
    data["scenarios"] = []
    proj = project(build(data))
    delay = next(s for s in proj.stress if s.id == "DELAY-20")
    # 20 % of each season slips a year; the last season's slips past the plan
    assert delay.inflow == (D("5172.00"), D("6465.00"), D("6465.00"))
    assert delay.coverage[0] == D("1.0434")


def test_tariffs_keep_four_places():
    data = _power_data()
    data["pool"]["tariff"] = D("0.2755")
    s = _season(project(build(data)), "sales", "2029")
    assert (s.price, s.billed) == (D("0.2755"), D("2755.00"))  # 10,000 万kWh × 0.2755 元/kWh
