"""Tables on the pool: scope, history (area, tariff, billed, collected, collection rate), monthly profile.

Heating pools show customer classes and seasons; power pools their plants and years (volume × tariff);
scheduled-receivable pools their schedule. A heating-only table built for another pool kind shows that
kind's counterpart, so that no builder fails whatever the clauses ask for.
"""

from __future__ import annotations

import functools

from collections import OrderedDict
from decimal import Decimal

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._util import (
    ZERO,
    enum_label,
    bitext,
    caption,
    label,
    money,
    month_label,
    note,
    number,
    percent,
    plain,
    ratio,
    season_months,
    total_label,
    unit_caption,
)
from docgen.tree import Table

PLANT_TYPE = {
    "hydro": ("水电", "Hydro"),
    "thermal": ("火电", "Thermal"),
    "wind": ("风电", "Wind"),
    "solar": ("光伏", "Solar"),
}
SOURCE_TYPE = {
    "chp": ("热电联产", "Combined heat and power"),
    "boiler": ("锅炉房", "Boiler plant"),
    "geothermal": ("地热", "Geothermal"),
    "heat_pump": ("热泵", "Heat pump"),
    "industrial_waste_heat": ("工业余热", "Industrial waste heat"),
}


def _seasons(pool) -> list[str]:
    return sorted({h.season for c in pool.customer_classes for h in c.history})


# ----------------------------------------------------------------------------- scope
@table("pool.classes")
def classes(ctx: BuildContext) -> Table:
    """Scope of the Underlying Assets: customer classes (heating), plants (power) or the schedule."""
    pool = ctx.deal.pool
    if pool.kind == "power":
        return plants(ctx)
    if pool.kind == "scheduled":
        return _schedule_summary(ctx, "pool.classes")
    rows = []
    tot_h = tot_b = ZERO
    for c in pool.customer_classes:
        last = max(c.history, key=lambda h: h.season)
        tot_h += last.heated_area
        tot_b += last.billable_area
        rows.append((
            bitext(c.name),
            plain(last.season),
            number(ctx, last.heated_area),
            number(ctx, last.billable_area),
            number(ctx, last.price),
            enum_label(ctx, "price_basis", last.price_basis),
            bitext(last.price_approval),
        ))
    rows.append((total_label(ctx), plain(""), number(ctx, tot_h, bold=True), number(ctx, tot_b, bold=True),
                 plain(""), plain(""), plain("")))
    return Table(
        id="pool.classes",
        caption=caption("基础资产范围：用户类别、供热面积及热价", "Scope of the Underlying Assets: customer classes, areas and tariffs"),
        header=((label("用户类别", "Customer class"), label("采暖季", "Season"),
                 label("供热面积（万㎡）", "Heated area (10,000 m²)"),
                 label("收费面积（万㎡）", "Billable area (10,000 m²)"),
                 label("热价（元/㎡·采暖季）", "Tariff (RMB/m² a season)"),
                 label("计费方式", "Basis"), label("价格批复文件", "Tariff approval")),),
        rows=tuple(rows),
        align=("l", "c", "r", "r", "r", "l", "l"),
        widths=(3, 2, 2, 2, 2, 2, 4),
        total_rows=1,
        note=note(
            f"供热区域：{pool.licence.area_scope.zh}；供热经营许可证号：{pool.licence.number}。",
            f"Heating area: {pool.licence.area_scope.en}; heat supply licence No. {pool.licence.number}."),
    )


@table("pool.heat-sources")
def heat_sources(ctx: BuildContext) -> Table:
    pool = ctx.deal.pool
    if pool.kind != "heating":
        return plants(ctx)
    rows = [(bitext(s.name), label(*SOURCE_TYPE[s.type]), number(ctx, s.capacity_mw), number(ctx, s.area_capacity))
            for s in pool.heat_sources]
    if pool.heat_sources:
        rows.append((total_label(ctx), plain(""),
                     number(ctx, sum((s.capacity_mw for s in pool.heat_sources), ZERO), bold=True),
                     number(ctx, sum((s.area_capacity for s in pool.heat_sources), ZERO), bold=True)))
    return Table(
        id="pool.heat-sources",
        caption=caption("热源情况", "Heat sources"),
        header=((label("热源", "Heat source"), label("类型", "Type"), label("装机容量（MW）", "Capacity (MW)"),
                 label("可供热面积（万㎡）", "Area capacity (10,000 m²)")),),
        rows=tuple(rows),
        align=("l", "l", "r", "r"),
        widths=(4, 3, 2, 2),
        total_rows=1 if pool.heat_sources else 0,
    )


# ----------------------------------------------------------------------------- heating history
def _heating_history(build):
    """A heating-history table asked for in a power or scheduled deal gives that pool's history instead."""

    @functools.wraps(build)
    def dispatch(ctx: BuildContext) -> Table:
        kind = ctx.deal.pool.kind
        if kind == "power":
            return power_history(ctx)
        if kind == "scheduled":
            return schedule(ctx)
        return build(ctx)

    return dispatch


@table("pool.history-area")
@_heating_history
def history_area(ctx: BuildContext) -> Table:
    """Heated and billable area by class, for each historical season, with season totals."""
    pool = ctx.deal.pool
    rows = []
    for s in _seasons(pool):
        th = tb = ZERO
        for c in pool.customer_classes:
            for h in c.history:
                if h.season == s:
                    th += h.heated_area
                    tb += h.billable_area
                    rows.append((plain(s), bitext(c.name), number(ctx, h.heated_area), number(ctx, h.billable_area),
                                 percent(ctx, ratio(h.billable_area * 100, h.heated_area, 2))))
        rows.append((plain(s, bold=True), label("小计", "Subtotal", bold=True), number(ctx, th, bold=True),
                     number(ctx, tb, bold=True), percent(ctx, ratio(tb * 100, th, 2), bold=True)))
    return Table(
        id="pool.history-area",
        caption=caption("历史采暖季供热面积及收费面积（按用户类别）", "Heated and billable area by customer class, past heating seasons"),
        header=((label("采暖季", "Season"), label("用户类别", "Customer class"),
                 label("供热面积（万㎡）", "Heated area (10,000 m²)"),
                 label("收费面积（万㎡）", "Billable area (10,000 m²)"),
                 label("收费面积占比", "Billable share")),),
        rows=tuple(rows),
        align=("c", "l", "r", "r", "r"),
        widths=(2, 3, 2, 2, 2),
    )


@table("pool.tariffs")
@_heating_history
def tariffs(ctx: BuildContext) -> Table:
    """Tariff by class and season with the approving government document; approved changes after."""
    pool = ctx.deal.pool
    rows = []
    for c in pool.customer_classes:
        for h in sorted(c.history, key=lambda h: h.season):
            rows.append((bitext(c.name), plain(h.season), number(ctx, h.price), enum_label(ctx, "price_basis", h.price_basis),
                         bitext(h.price_approval)))
        for pc in c.price_changes:
            rows.append((bitext(c.name), plain(pc.effective_season), number(ctx, pc.new_price),
                         label("已批准调整", "Approved change"), bitext(pc.approval)))
    return Table(
        id="pool.tariffs",
        caption=caption("热价标准及政府价格批复文件", "Heating tariffs and government price approvals"),
        header=((label("用户类别", "Customer class"), label("采暖季", "Season"),
                 label("热价（元/㎡·采暖季）", "Tariff (RMB/m² a season)"), label("计费方式", "Basis"),
                 label("批复文件", "Approval document")),),
        rows=tuple(rows),
        align=("l", "c", "r", "l", "l"),
        widths=(3, 2, 2, 2, 5),
    )


@table("pool.collections")
@_heating_history
def collections(ctx: BuildContext) -> Table:
    """Billed fees, fees collected and collection rate by class and season, with season totals."""
    pool = ctx.deal.pool
    rows = []
    rates = []
    for s in _seasons(pool):
        tb = tc = ta = ZERO
        for c in pool.customer_classes:
            for h in c.history:
                if h.season == s:
                    tb += h.billed
                    tc += h.collected
                    ta += h.arrears_recovered
                    rows.append((plain(s), bitext(c.name), money(ctx, h.billed), money(ctx, h.collected),
                                 percent(ctx, ratio(h.collected * 100, h.billed, 2)), money(ctx, h.arrears_recovered)))
        r = ratio(tc * 100, tb, 2)
        rates.append(r)
        rows.append((plain(s, bold=True), label("小计", "Subtotal", bold=True), money(ctx, tb, bold=True),
                     money(ctx, tc, bold=True), percent(ctx, r, bold=True), money(ctx, ta, bold=True)))
    f = ctx.fmt["zh"]
    foot = None
    if rates:
        avg = ratio(sum(rates, ZERO), Decimal(len(rates)), 2)
        foot = note(
            f"收费率＝当季实收热费÷当季应收热费。报告期内整体收费率最低{f.pct(min(rates))}，最高{f.pct(max(rates))}，"
            f"算术平均{f.pct(avg)}。",
            f"Collection rate = fees collected in the season ÷ fees billed for the season. Over the period the overall "
            f"rate ranged from {f.pct(min(rates))} to {f.pct(max(rates))}, with a simple average of {f.pct(avg)}.")
    return Table(
        id="pool.collections",
        caption=unit_caption(ctx, "历史应收热费、实收热费及收费率（按用户类别及采暖季）",
                             "Fees billed, fees collected and collection rate by customer class and season"),
        header=((label("采暖季", "Season"), label("用户类别", "Customer class"), label("应收热费", "Billed"),
                 label("实收热费", "Collected"), label("收费率", "Collection rate"),
                 label("收回往季欠费", "Arrears recovered")),),
        rows=tuple(rows),
        align=("c", "l", "r", "r", "r", "r"),
        widths=(2, 3, 2, 2, 2, 2),
        note=foot,
    )


@table("pool.monthly-profile")
def monthly_profile(ctx: BuildContext) -> Table:
    """Share of a season's (year's) cash arriving in each calendar month, by class, and the pool."""
    pool = ctx.deal.pool
    if pool.kind == "scheduled":
        return schedule(ctx)
    months = season_months(pool.season_start_month)
    if pool.kind == "power":
        cols = [(label("售电回款占比", "Share of sales cash"), pool.monthly_profile)]
        weights = [Decimal(1)]
    else:
        cols = [(bitext(c.name), c.seasonality) for c in pool.customer_classes]
        weights = [max(c.history, key=lambda h: h.season).collected for c in pool.customer_classes]
    wsum = sum(weights, ZERO)
    rows = []
    totals = [ZERO] * len(cols)
    tot_w = ZERO
    for m in months:
        shares = [Decimal(prof.get(m, 0)) for _, prof in cols]
        if not any(shares):
            continue
        w = (sum((s * wt for s, wt in zip(shares, weights)), ZERO) / wsum) if wsum else ZERO
        tot_w += w
        totals = [a + b for a, b in zip(totals, shares)]
        row = [month_label(ctx, m)] + [percent(ctx, s) for s in shares]
        if len(cols) > 1:
            row.append(percent(ctx, w))
        rows.append(tuple(row))
    trow = [total_label(ctx)] + [percent(ctx, t, bold=True) for t in totals]
    header = [label("月份", "Month")] + [c for c, _ in cols]
    align = ["l"] + ["r"] * len(cols)
    if len(cols) > 1:
        trow.append(percent(ctx, tot_w, bold=True))
        header.append(label("加权合计", "Pool (weighted)"))
        align.append("r")
    rows.append(tuple(trow))
    kind_zh, kind_en = ("采暖季热费", "a season's heating fees") if pool.kind == "heating" else ("年度售电收入", "a year's power sales")
    return Table(
        id="pool.monthly-profile",
        caption=caption("月度回款分布", "Monthly collection profile"),
        header=(tuple(header),),
        rows=tuple(rows),
        align=tuple(align),
        total_rows=1,
        note=note(f"表中数字为{kind_zh}在各自然月收回的比例；加权合计以最近一个完整年度的实收金额为权重。",
                     f"Figures are the share of {kind_en} received in each calendar month; the pool column weights "
                     f"each class by its collections in the latest full year."),
    )


# ----------------------------------------------------------------------------- power
@table("pool.plants")
def plants(ctx: BuildContext) -> Table:
    pool = ctx.deal.pool
    if pool.kind == "heating":
        return heat_sources(ctx) if pool.heat_sources else classes(ctx)
    if pool.kind == "scheduled":
        return _schedule_summary(ctx, "pool.plants")
    rows = [(bitext(p.name), label(*PLANT_TYPE[p.type]), number(ctx, p.capacity_mw)) for p in pool.plants]
    rows.append((total_label(ctx), plain(""), number(ctx, sum((p.capacity_mw for p in pool.plants), ZERO), bold=True)))
    return Table(
        id="pool.plants",
        caption=caption("电站情况", "Power plants"),
        header=((label("电站", "Plant"), label("类型", "Type"), label("装机容量（MW）", "Installed capacity (MW)")),),
        rows=tuple(rows),
        align=("l", "l", "r"),
        widths=(5, 2, 3),
        total_rows=1,
        note=note(f"购电方：{pool.offtaker.zh}；上网电价批复：{pool.tariff_approval.zh}。",
                     f"Offtaker: {pool.offtaker.en}; tariff approval: {pool.tariff_approval.en}."),
    )


@table("pool.power-history")
def power_history(ctx: BuildContext) -> Table:
    """Power sales history: volume × tariff, billed, collected, collection rate per year."""
    pool = ctx.deal.pool
    if pool.kind == "heating":
        return collections(ctx)
    if pool.kind == "scheduled":
        return schedule(ctx)
    rows = []
    tv = tb = tc = ZERO
    for y in sorted(pool.history, key=lambda y: y.year):
        tv += y.volume
        tb += y.billed
        tc += y.collected
        rows.append((plain(str(y.year)), number(ctx, y.volume), number(ctx, y.tariff, 4), money(ctx, y.billed),
                     money(ctx, y.collected), percent(ctx, ratio(y.collected * 100, y.billed, 2))))
    rows.append((total_label(ctx), number(ctx, tv, bold=True), plain(""), money(ctx, tb, bold=True),
                 money(ctx, tc, bold=True), percent(ctx, ratio(tc * 100, tb, 2), bold=True)))
    return Table(
        id="pool.power-history",
        caption=unit_caption(ctx, "历史售电量、电价及电费回收情况", "Power sold, tariff and collections, past years"),
        header=((label("年度", "Year"), label("售电量（万kWh）", "Volume (10,000 kWh)"),
                 label("电价（元/kWh）", "Tariff (RMB/kWh)"), label("应收电费", "Billed"),
                 label("实收电费", "Collected"), label("回收率", "Collection rate")),),
        rows=tuple(rows),
        align=("c", "r", "r", "r", "r", "r"),
        total_rows=1,
    )


# ----------------------------------------------------------------------------- scheduled receivables
def _by_month(flows) -> "OrderedDict[str, tuple[int, Decimal]]":
    out: OrderedDict[str, tuple[int, Decimal]] = OrderedDict()
    for f in sorted(flows, key=lambda f: f.date):
        k = f"{f.date.year:04d}-{f.date.month:02d}"
        n, a = out.get(k, (0, ZERO))
        out[k] = (n + 1, a + f.amount)
    return out


@table("pool.schedule")
def schedule(ctx: BuildContext) -> Table:
    """Scheduled receivables by month due (number of instalments, amount)."""
    pool = ctx.deal.pool
    if pool.kind == "heating":
        return collections(ctx)
    if pool.kind == "power":
        return power_history(ctx)
    rows = []
    tn, ta = 0, ZERO
    for k, (n, a) in _by_month(pool.schedule).items():
        tn += n
        ta += a
        rows.append((plain(k), plain(str(n)), money(ctx, a)))
    rows.append((total_label(ctx), plain(str(tn), bold=True), money(ctx, ta, bold=True)))
    return Table(
        id="pool.schedule",
        caption=unit_caption(ctx, "应收款项回款计划（按到期月份）", "Scheduled receivables by month due"),
        header=((label("到期月份", "Month due"), label("笔数", "Instalments"), label("应收金额", "Amount due")),),
        rows=tuple(rows),
        align=("c", "r", "r"),
        total_rows=1,
    )


def _schedule_summary(ctx: BuildContext, tid: str) -> Table:
    pool = ctx.deal.pool
    flows = sorted(pool.schedule, key=lambda f: f.date)
    total = sum((f.amount for f in flows), ZERO)
    rows = (
        (label("基础资产", "Underlying Assets"), bitext(pool.description)),
        (label("应收款项笔数", "Number of instalments"), plain(str(len(flows)))),
        (label("首笔到期日", "First due date"), plain(flows[0].date.isoformat())),
        (label("末笔到期日", "Last due date"), plain(flows[-1].date.isoformat())),
        (label(f"应收金额合计（{ctx.fmt['zh'].unit_label()}）", f"Total amount due ({ctx.fmt['en'].unit_label()})"),
         money(ctx, total)),
    )
    return Table(
        id=tid,
        caption=caption("基础资产范围", "Scope of the Underlying Assets"),
        header=((label("项目", "Item"), label("内容", "Particulars")),),
        rows=rows,
        align=("l", "l"),
        widths=(2, 5),
    )


@table("pool.key-providers")
def key_providers(ctx: BuildContext) -> Table:
    pool = ctx.deal.pool
    rows = [(bitext(k.name), percent(ctx, k.share), label("是", "Yes") if k.related_party else label("否", "No"))
            for k in pool.key_cash_providers]
    return Table(
        id="pool.key-providers",
        caption=caption("重要现金流提供方", "Key cash-flow providers"),
        header=((label("名称", "Name"), label("现金流占比", "Share of cash flow"), label("是否关联方", "Related party")),),
        rows=tuple(rows),
        align=("l", "r", "c"),
        widths=(5, 2, 2),
    )
