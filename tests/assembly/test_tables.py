"""Table builders: every registered table builds for the worked example and prints the projection's
own figures, to the fen (shared/domain/model.md §6)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from docgen.assembly.labels import context_for
from docgen.assembly.registry import TABLES, BuildContext, load_builders
from docgen.format import Formatter
from docgen.model import load_deal
from docgen.projection.result import BreakEven, ClassSeason, MonthCash, Period, Projection, ScenarioResult
from docgen.tree import Bi, Cell, Table

PLACEHOLDER = re.compile(r"\bNone\b|\bnan\b|XX|【|】|TODO")
ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "worked-example-1.yaml"


# ----------------------------------------------------------------------------- a hand-built projection
def _minus_bd(d: dt.date, n: int) -> dt.date:
    while n:
        d -= dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def worked_example_projection() -> Projection:
    """Worked example 1 (model.md §6), written out by hand: the figures the tables must print."""
    dates = [dt.date(2029, 4, 25), dt.date(2030, 4, 25), dt.date(2031, 4, 25)]
    starts = [dt.date(2028, 4, 1), dt.date(2029, 4, 1), dt.date(2030, 4, 1)]
    ends = [dt.date(2029, 3, 31), dt.date(2030, 3, 31), dt.date(2031, 3, 31)]
    inflow = D("6465.00")
    fees = [D("24.44"), D("19.04"), D("14.00")]
    custody = [D("16.44"), D("11.04"), D("6.00")]
    s_int = [D("432.50"), D("297.50"), D("150.50")]
    s_pr = [D("4500.00"), D("4200.00"), D("4300.00")]
    req = [D("4956.94"), D("4516.54"), D("4464.50")]
    res_bf = [D("0"), D("316.54"), D("164.50")]
    res_end = [D("316.54"), D("164.50"), D("0")]
    sub_inc = [D("1191.52"), D("2100.50"), D("0")]
    sub_pr = [D("0"), D("0"), D("700.00")]
    resid = [D("0"), D("0"), D("1465.00")]
    cov_t = [D("1.3042"), D("1.4314"), D("1.4481")]
    cov_s = [D("1.3107"), D("1.4375"), D("1.4526")]
    interest = [{"A1": D("135.00"), "A2": D("297.50")}, {"A1": D("0"), "A2": D("297.50")}, {"A1": D("0"), "A2": D("150.50")}]
    principal = [{"A1": D("4500.00"), "A2": D("0")}, {"A1": D("0"), "A2": D("4200.00")}, {"A1": D("0"), "A2": D("4300.00")}]
    balances = [{"A1": D("0"), "A2": D("8500.00"), "Sub": D("700.00")},
                {"A1": D("0"), "A2": D("4300.00"), "Sub": D("700.00")},
                {"A1": D("0"), "A2": D("0"), "Sub": D("0")}]
    periods = []
    for i in range(3):
        T = dates[i]
        periods.append(Period(
            index=i + 1, payment_date=T, unadjusted_date=T, calendar_estimated=False,
            collection_start=starts[i], collection_end=ends[i],
            calculation_date=_minus_bd(T, 10), shortfall_trigger_date=_minus_bd(T, 8),
            shortfall_transfer_date=_minus_bd(T, 6), accrual_days=365, regime="normal",
            inflow=inflow, reserve_bf=res_bf[i], available=inflow + res_bf[i], taxes=D("0"), fees=fees[i],
            fees_by_id={"custody_management": custody[i], "rating_audit": D("8.00")},
            senior_interest=s_int[i], senior_principal=s_pr[i], put_amount=D("0"), required=req[i],
            shortfall_due=D("0"), shortfall_paid=D("0"), guarantee_paid=D("0"), interim_shortfall_paid=D("0"),
            reserve_end=res_end[i], sub_income=sub_inc[i], sub_principal=sub_pr[i], residual=resid[i],
            interest=interest[i], principal=principal[i], interest_due=interest[i], principal_due=principal[i],
            balances=balances[i], coverage_total=cov_t[i], coverage_senior=cov_s[i], unpaid_senior=D("0"),
        ))
    profile = {9: D(5), 10: D(20), 11: D(30), 12: D(25), 1: D(10), 2: D(5), 3: D(5)}
    months = []
    for i in range(3):
        y = 2028 + i
        for k in range(12):
            m = 4 + k
            d = dt.date(y + (m - 1) // 12, (m - 1) % 12 + 1, 1)
            cash = (inflow * profile.get(d.month, D(0)) / 100).quantize(D("0.01"))
            months.append(MonthCash(month=d, cash=cash, transferred=cash, released=D("0"), period=i + 1))
    seasons = []
    for i in range(3):
        s = f"{2028 + i}-{2029 + i}"
        seasons.append(ClassSeason("residential", s, D("200.00"), D("25.00"), D("5000.00"), D("95.00"), D("4750.00"), D("0")))
        seasons.append(ClassSeason("non_residential", s, D("50.00"), D("35.00"), D("1750.00"), D("98.00"), D("1715.00"), D("0")))

    def scen(sid, zh, en, infl, covs, short, mn):
        return ScenarioResult(sid, zh, en, tuple(D(x) for x in infl), tuple(D(x) for x in covs),
                              tuple(D(x) for x in short), D(mn))

    stress = (
        scen("S1", "居民收费率降至85%", "Residential collection rate down to 85%", ["5965.00"] * 3,
             ["1.2034", "1.3207", "1.3361"], ["0"] * 3, "1.2034"),
        scen("S2", "供热面积下降10%", "Heated area down 10%", ["5818.50"] * 3, ["1.1738", "1.2883", "1.3033"], ["0"] * 3, "1.1738"),
        scen("S3", "热价下降10%", "Tariff down 10%", ["5818.50"] * 3, ["1.1738", "1.2883", "1.3033"], ["0"] * 3, "1.1738"),
        scen("S4", "面积下降10%且居民收费率降至85%", "Area down 10% and residential collection rate 85%", ["5368.50"] * 3,
             ["1.0830", "1.1886", "1.2025"], ["0"] * 3, "1.0830"),
        scen("S5", "面积下降10%，收费率降至70%/85%", "Area down 10%, collection rates 70% / 85%", ["4488.75"] * 3,
             ["0.9055", "0.9938", "1.0054"], ["468.19", "27.79", "0"], "0.9055"),
    )
    return Projection(
        deal_id="worked-example-1", amount_unit="wan", periods=tuple(periods), seasons=tuple(seasons),
        months=tuple(months),
        totals={"inflow": D("19395.00"), "required": D("13937.98"), "fees": D("57.48"),
                "senior_interest": D("880.50"), "senior_principal": D("13000.00")},
        cumulative_coverage=D("1.3915"), gross_overcoverage=D("1.4157"), gross_overcoverage_senior=D("1.4919"), stress=stress,
        break_even=BreakEven(uniform_haircut_pct=D("23.33"), binding_period=1,
                             collection_rate_pct={"residential": D("64.84"), "non_residential": D("11.83")},
                             method={"uniform": "closed form", "residential": "closed form", "non_residential": "closed form"}),
    )


def real_or_fixture(deal) -> tuple[Projection, bool]:
    """The projection engine's result when it exists, otherwise the hand-built one."""
    try:
        from docgen.projection.run import project
    except ImportError:
        return worked_example_projection(), False
    return project(deal), True


@pytest.fixture(scope="module")
def deal():
    return load_deal(DEAL)


@pytest.fixture(scope="module")
def ctx(deal):
    proj, _ = real_or_fixture(deal)
    u = deal.plan
    fmt = {lang: Formatter(lang, u.amount_unit, u.display_unit) for lang in ("zh", "en")}
    load_builders()
    return context_for(deal, proj, "offering-memorandum", fmt=fmt)


def text(cell, lang="zh") -> str:
    return cell[lang].text if isinstance(cell, Bi) else cell.text


def rows_text(t: Table, lang="zh") -> list[list[str]]:
    return [[text(c, lang) for c in r] for r in t.rows]


def col(t: Table, name_en: str) -> int:
    heads = [text(c, "en") for c in t.header[-1]]
    return heads.index(name_en)


# ----------------------------------------------------------------------------- every builder
EXPECTED = {
    "pool.classes", "pool.heat-sources", "pool.history-area", "pool.tariffs", "pool.collections", "pool.monthly-profile",
    "pool.plants", "pool.power-history", "pool.schedule", "pool.key-providers",
    "om.tranches", "om.fees", "om.fees-by-period", "om.participants", "om.accounts", "om.triggers", "om.payment-dates",
    "om.assumptions", "om.forecast-seasons", "om.monthly-cash", "om.forecast", "om.coverage", "om.stress",
    "om.stress-detail", "om.break-even", "om.schedule", "om.waterfall", "om.shortfall-reserve", "om.om-coverage",
    "apa.forecast", "apa.specified-amounts", "pledge.secured-amounts", "su.amounts",
}


def test_registered(ctx):
    assert EXPECTED <= set(TABLES)


@pytest.mark.parametrize("tid", sorted(EXPECTED))
def test_builds_clean(ctx, tid):
    t = TABLES[tid](ctx)
    assert isinstance(t, Table)
    assert isinstance(t.caption, Bi) and t.caption.zh and t.caption.en
    width = sum(getattr(c["zh"] if isinstance(c, Bi) else c, "colspan", 1) for c in t.header[-1])
    assert len(t.align) == width
    for r in t.rows:
        assert sum((c["zh"] if isinstance(c, Bi) else c).colspan for c in r) == width, (tid, r)
        for c in r:
            assert isinstance(c, (Bi, Cell))
            for lang in ("zh", "en"):
                s = text(c, lang)
                assert not PLACEHOLDER.search(s), (tid, s)
    for c in t.header[-1]:
        assert isinstance(c, Bi), (tid, "header labels are bilingual")


# ----------------------------------------------------------------------------- figures to the fen
def test_coverage_period_1(ctx):
    t = TABLES["om.coverage"](ctx)
    r = rows_text(t)
    p1 = ctx.proj.periods[0]
    assert r[0][col(t, "Forecast inflow")] == "6,465.00"
    assert r[0][col(t, "Total coverage")] == "1.3042"
    assert r[0][col(t, "Amounts due")] == ctx.fmt["zh"].money_figure(p1.required) == "4,956.94"
    assert r[0][col(t, "Senior coverage")] == "1.3107"
    assert r[-1][col(t, "Total coverage")] == "1.3915"
    assert t.total_rows == 1


def test_forecast_matches_projection(ctx):
    t = TABLES["om.forecast"](ctx)
    r = rows_text(t)
    for i, p in enumerate(ctx.proj.periods):
        for name, attr in (("Forecast inflow", "inflow"), ("Plan Expenses", "fees"), ("Senior interest", "senior_interest"),
                           ("Senior principal", "senior_principal"), ("Amounts due", "required")):
            assert r[i][col(t, name)] == ctx.fmt["zh"].money_figure(getattr(p, attr))
    assert r[-1][col(t, "Amounts due")] == "13,937.98"
    assert r[-1][col(t, "Plan Expenses")] == "57.48"
    assert r[-1][col(t, "Senior interest")] == "880.50"
    assert r[-1][col(t, "Forecast inflow")] == "19,395.00"


def test_stress_and_break_even(ctx):
    t = TABLES["om.stress"](ctx)
    r = rows_text(t, "en")
    assert r[0][0] == "Base case"
    assert r[0][1:4] == ["1.3042", "1.4314", "1.4481"]
    s5 = [x for x in r if x[0].startswith("Area down 10%, collection")][0]
    assert s5[1:5] == ["0.9055", "0.9938", "1.0054", "0.9055"]
    be = rows_text(TABLES["om.break-even"](ctx), "en")
    assert be[0][1] == "23.33%"
    assert any(x[1] == "64.84%" for x in be)


def test_schedule_and_secured_amounts(ctx):
    t = TABLES["om.schedule"](ctx)
    r = rows_text(t, "en")
    a1 = [x for x in r if x[0] == "Class A1 Senior Securities" and x[1] == "2029-04-25"][0]
    assert a1[2:] == ["4,500.00", "135.00", "4,500.00", "4,635.00", "0.00"]
    a2 = [x for x in r if x[0] == "Class A2 Senior Securities" and x[1] == "2031-04-25"][0]
    assert a2[2:] == ["4,300.00", "150.50", "4,300.00", "4,450.50", "0.00"]
    s = rows_text(TABLES["pledge.secured-amounts"](ctx))
    assert s[0][-1] == "4,956.94" and s[-1][-1] == "13,937.98"
    u = rows_text(TABLES["su.amounts"](ctx))
    assert u[1][-2] == "4,516.54"


def test_waterfall_and_reserve(ctx):
    t = TABLES["om.waterfall"](ctx)
    r = rows_text(t, "en")
    assert r[0][col(t, "Reserve carried")] == "316.54"
    assert r[0][col(t, "Sub. period income")] == "1,191.52"
    assert r[2][col(t, "Sub. principal and residual")] == "2,165.00"
    sr = TABLES["om.shortfall-reserve"](ctx)
    assert rows_text(sr)[1][col(sr, "Reserve b/f")] == "316.54"


def test_history_tables(ctx):
    t = TABLES["pool.collections"](ctx)
    r = rows_text(t, "en")
    first = [x for x in r if x[0] == "2025-2026" and x[1] == "Residential customers"][0]
    assert first[2:5] == ["5,000.00", "4,760.00", "95.20%"]
    sub = [x for x in r if x[0] == "2025-2026" and x[1] == "Subtotal"][0]
    assert sub[2:5] == ["6,750.00", "6,478.00", "95.97%"]
    a = rows_text(TABLES["pool.history-area"](ctx), "en")
    assert ["2027-2028", "Subtotal", "250.00", "250.00", "100.00%"] in a
    tar = rows_text(TABLES["pool.tariffs"](ctx), "zh")
    assert any("石发改价格〔2019〕12号" in x[-1] for x in tar)
    mp = rows_text(TABLES["pool.monthly-profile"](ctx), "en")
    assert mp[-1][1:] == ["100.00%", "100.00%", "100.00%"]
    apa = rows_text(TABLES["apa.forecast"](ctx))
    assert apa[0][-1] == "6,465.00" and apa[-1][-1] == "19,395.00"


def test_yuan_display_unit(deal):
    """The same projection printed in yuan: 6,465.00万元 = 64,650,000.00 元."""
    proj, _ = real_or_fixture(deal)
    fmt = {lang: Formatter(lang, "wan", "yuan") for lang in ("zh", "en")}
    load_builders()
    c = context_for(deal, proj, "offering-memorandum", fmt=fmt)
    t = TABLES["om.coverage"](c)
    assert rows_text(t)[0][col(t, "Forecast inflow")] == "64,650,000.00"
    assert "（单位：元）" in t.caption.zh


# ----------------------------------------------------------------------------- other pool kinds
def _variant(kind: str):
    """The worked example turned into a power-sales or scheduled-receivables deal (builders must cope)."""
    import copy

    from ruamel.yaml import YAML

    from docgen.model.deal import Deal

    d = copy.deepcopy(YAML(typ="safe").load(DEAL.read_text()))
    base = {k: v for k, v in d["pool"].items() if k in ("licence", "operating_years")}
    if kind == "power":
        base.update({"kind": "power", "plants": [{"name": {"zh": "景洪水电站", "en": "Jinghong Hydropower Station"},
                                                   "type": "hydro", "capacity_mw": 1750}],
                     "history": [{"year": y, "volume": 60000, "tariff": 0.25, "billed": 15000, "collected": 14900}
                                 for y in (2025, 2026, 2027)],
                     "annual_volume": 60000, "tariff": 0.25, "tariff_approval": {"zh": "云发改价格〔2020〕5号", "en": "Yunnan DRC Price [2020] No. 5"},
                     "collection_rate": 99, "monthly_profile": {m: (8 if m <= 8 else 9) for m in range(1, 13)},
                     "offtaker": {"zh": "云南电网有限责任公司", "en": "Yunnan Power Grid Co., Ltd."}})
        d["plan"]["asset_type"] = "power_sales_revenue"
    else:
        base.update({"kind": "scheduled", "description": {"zh": "租赁合同项下的租金请求权", "en": "rent receivables under lease contracts"},
                     "schedule": [{"date": f"{y}-{m:02d}-15", "amount": 540} for y in (2028, 2029, 2030) for m in range(1, 13)],
                     "specified_periods": [{"id": "sp1", "start": "2028-04-01", "end": "2029-03-31", "amount": 6000}]})
        d["plan"]["asset_type"] = "scheduled_receivable"
        d["plan"]["collection_mode"] = "specified_amount_cap"
    d["pool"] = base
    return Deal.model_validate(d)


@pytest.mark.parametrize("kind", ["power", "scheduled"])
def test_other_pool_kinds(kind):
    deal = _variant(kind)
    fmt = {lang: Formatter(lang, deal.plan.amount_unit, deal.plan.display_unit) for lang in ("zh", "en")}
    load_builders()
    c = context_for(deal, worked_example_projection(), "offering-memorandum", fmt=fmt)
    for tid in sorted(EXPECTED):
        t = TABLES[tid](c)
        assert isinstance(t, Table), tid
        for r in t.rows:
            for cell in r:
                for lang in ("zh", "en"):
                    s = text(cell, lang)
                    assert not PLACEHOLDER.search(s), (tid, s)
        if kind == "power":  # builder-written text (deal names may say anything)
            own = [t.caption.zh, t.caption.en] + [text(h, lang) for h in t.header[-1] for lang in ("zh", "en")]
            if t.note is not None:
                own += [t.note.zh, t.note.en]
            for s in own:
                assert "供热" not in s and "heating" not in s.lower() and "采暖" not in s, (tid, s)
    if kind == "power":
        h = rows_text(TABLES["pool.power-history"](c), "en")
        assert h[0][:6] == ["2025", "60,000.00", "0.2500", "15,000.00", "14,900.00", "99.33%"]
    else:
        s = rows_text(TABLES["apa.specified-amounts"](c))
        assert s[0][3] == "6,000.00"
