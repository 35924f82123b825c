"""Tables of the Offering Memorandum (计划说明书): tranche terms, fees, participants, dates, forecast,
coverage, stress, break-even, payment schedule, waterfall, reserve and shortfall, O&M coverage.

Every figure comes from the one projection run (`ctx.proj`); totals are sums of the printed periods.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._util import (
    ZERO,
    enum_label,
    enum_text,
    bitext,
    caption,
    coverage,
    day,
    label,
    money,
    note,
    number,
    percent,
    plain,
    put_in_scope,
    ratio,
    season_of,
    total_label,
    unit_caption,
)
from docgen.tree import Table

FREQ = {
    "annual": ("按年付息", "Annual"),
    "semi_annual": ("按半年付息", "Semi-annual"),
    "quarterly": ("按季付息", "Quarterly"),
    "at_maturity": ("到期一次付息", "At maturity"),
}
AMORT = {
    "bullet": ("到期一次还本", "Bullet"),
    "scheduled": ("按计划摊还", "Scheduled amortisation"),
    "pass_through": ("过手摊还", "Pass-through"),
}
FEE_BASIS = {
    "pct_opening_total_principal": ("按期初全部资产支持证券未偿本金余额计提", "On the opening principal of all Securities"),
    "pct_opening_senior_principal": ("按期初优先级资产支持证券未偿本金余额计提", "On the opening senior principal"),
    "fixed": ("每个兑付日固定金额", "Fixed amount each Payment Date"),
    "upfront": ("一次性支付", "One-off"),
}
ACCOUNT_PURPOSE = {
    "proceeds": ("募集资金专户", "Subscription proceeds account"),
    "plan": ("专项计划账户", "Plan Account"),
    "collection": ("收款账户", "Collection account"),
    "supervised": ("专项监管账户", "Supervised collection account"),
    "margin": ("保证金账户", "Margin account"),
    "operating": ("一般存款账户", "Operating account"),
}
TRIGGER_CATEGORY = {
    "perfection": ("权利完善事件", "Perfection Event"),
    "acceleration": ("加速清偿事件", "Acceleration Event"),
    "default": ("违约事件", "Event of Default"),
    "servicer_termination": ("资产服务机构解任事件", "Servicer Termination Event"),
    "early_termination": ("提前终止事件", "Early Termination Event"),
}
CONSEQUENCE = {
    "notify_customers_pay_plan_account": ("通知付款义务人直接向专项计划账户付款", "payers notified to pay the Plan Account directly"),
    "switch_to_direct_sweep": ("回收款直接划入专项计划账户", "collections paid straight into the Plan Account"),
    "shorten_sweep_interval": ("缩短回收款归集周期", "shorter sweep interval"),
    "stop_sub_period_income": ("停止支付次级期间收益", "subordinated period income suspended"),
    "accelerated_waterfall": ("按加速清偿后的顺序分配", "accelerated priority of payments"),
    "post_default_waterfall": ("按违约事件后的顺序分配", "post-default priority of payments"),
    "call_holders_meeting": ("召开资产支持证券持有人会议", "holders' meeting convened"),
    "enforce_pledge": ("实现质权", "pledge enforced"),
    "claim_guarantee": ("要求履行保证责任", "claim under the guarantee"),
}


def _sub_in_waterfall(p) -> Decimal:
    return p.sub_income + p.sub_principal + p.residual


# ----------------------------------------------------------------------------- terms of the securities
def coupon_label(t) -> tuple[str, str]:
    c = t.coupon
    if c.type == "fixed":
        return f"固定利率{c.rate:.2f}%", f"Fixed {c.rate:.2f}%"
    if c.type == "floating":
        init_zh = f"，初始{c.rate:.2f}%" if c.rate is not None else ""
        init_en = f", initially {c.rate:.2f}%" if c.rate is not None else ""
        return (f"浮动利率：{c.benchmark.zh}＋{c.spread_bp:.0f}bp{init_zh}",
                f"Floating: {c.benchmark.en} + {c.spread_bp:.0f} bp{init_en}")
    return "无票面利率", "No coupon"


@table("om.tranches")
def tranches(ctx: BuildContext) -> Table:
    deal = ctx.deal
    rows = []
    total = sum((t.size for t in deal.tranches), ZERO)
    for t in deal.tranches:
        rating = t.rating.rating if t.rating else None
        rows.append((
            bitext(t.name),
            enum_label(ctx, "tranche_class", t.tranche_class),
            money(ctx, t.size),
            percent(ctx, ratio(t.size * 100, total, 2)),
            label(*coupon_label(t)),
            label(*FREQ[t.interest_frequency]) if t.coupon.type != "none" else label("不适用", "n/a"),
            label(*AMORT[t.amortisation.type]),
            day(t.expected_maturity),
            plain(rating) if rating else label("未评级", "Unrated"),
        ))
    rows.append((total_label(ctx), plain(""), money(ctx, total, bold=True), percent(ctx, Decimal(100), bold=True),
                 plain(""), plain(""), plain(""), plain(""), plain("")))
    return Table(
        id="om.tranches",
        caption=unit_caption(ctx, "资产支持证券基本要素", "Terms of the Securities"),
        header=((label("证券", "Tranche"), label("类别", "Class"), label("规模", "Size"), label("占比", "Share"),
                 label("预期收益率", "Expected yield"), label("付息方式", "Interest"), label("还本方式", "Principal"),
                 label("预期到期日", "Expected maturity"), label("评级", "Rating")),),
        rows=tuple(rows),
        align=("l", "c", "r", "r", "l", "c", "c", "c", "c"),
        widths=(4, 2, 2, 2, 4, 2, 2, 2, 2),
        total_rows=1,
        note=note(f"法定到期日：{deal.dates.legal_maturity.isoformat()}。预期收益率为年化利率，按"
                  f"{deal.dates.day_count}计息。",
                  f"Legal final maturity: {deal.dates.legal_maturity.isoformat()}. Expected yields are annual rates, "
                  f"accrued on an {deal.dates.day_count} basis."),
    )


@table("om.fees")
def fees(ctx: BuildContext) -> Table:
    deal = ctx.deal
    f = ctx.fmt["zh"]
    rows = []
    for fee in deal.fees:
        if fee.rate is not None:
            amt = (f"{f.pct(fee.rate, 3)}/年", f"{f.pct(fee.rate, 3)} a year")
        else:
            amt = (ctx.fmt["zh"].money(fee.amount), ctx.fmt["en"].money(fee.amount))
        payer = ("专项计划", "the Plan") if fee.payer == "plan" else ("原始权益人", "the Originator")
        payee = bitext(deal.party(fee.payee).short_name) if fee.payee and fee.payee in deal.parties else label("相关服务机构", "the relevant agent")
        rows.append((bitext(fee.name), label(*FEE_BASIS[fee.basis]), label(*amt), label(*payer), payee))
    return Table(
        id="om.fees",
        caption=caption("专项计划费用", "Plan Expenses"),
        header=((label("费用", "Fee"), label("计提基础", "Basis"), label("费率或金额", "Rate or amount"),
                 label("承担方", "Borne by"), label("收取方", "Payee")),),
        rows=tuple(rows),
        align=("l", "l", "r", "c", "l"),
        widths=(3, 4, 2, 2, 3),
    )


@table("om.fees-by-period")
def fees_by_period(ctx: BuildContext) -> Table:
    deal, proj = ctx.deal, ctx.proj
    ids = [fee.id for fee in deal.fees if fee.payer == "plan" and fee.basis != "upfront"]
    rows = []
    totals = [ZERO] * (len(ids) + 2)
    for p in proj.periods:
        vals = [p.fees_by_id.get(i, ZERO) for i in ids] + [p.fees, p.taxes]
        totals = [a + b for a, b in zip(totals, vals)]
        rows.append((plain(str(p.index)), day(p.payment_date)) + tuple(money(ctx, v) for v in vals))
    rows.append((total_label(ctx), plain("")) + tuple(money(ctx, v, bold=True) for v in totals))
    names = {fee.id: fee.name for fee in deal.fees}
    return Table(
        id="om.fees-by-period",
        caption=unit_caption(ctx, "各兑付日预测专项计划费用及税费", "Forecast Plan Expenses and taxes per Payment Date"),
        header=((label("期次", "Period"), label("兑付日", "Payment Date"))
                + tuple(bitext(names[i]) for i in ids)
                + (label("费用合计", "Expenses"), label("税费", "Taxes")),),
        rows=tuple(rows),
        align=("c", "c") + ("r",) * (len(ids) + 2),
        total_rows=1,
    )


@table("om.participants")
def participants(ctx: BuildContext) -> Table:
    deal = ctx.deal
    rows = []
    for p in deal.parties.values():
        roles = [(b.zh, b.en) for b in (enum_text(ctx, "role", r) for r in p.roles)]
        rows.append((
            label("、".join(z for z, _ in roles), "; ".join(e for _, e in roles)),
            bitext(p.name),
            bitext(p.registered_address),
            bitext(p.legal_rep),
            label(f"{p.contact.person.zh}；{p.contact.phone}；{p.contact.email}",
                  f"{p.contact.person.en}; {p.contact.phone}; {p.contact.email}"),
        ))
    return Table(
        id="om.participants",
        caption=caption("专项计划业务参与人", "Participants in the Plan"),
        header=((label("角色", "Role"), label("名称", "Name"), label("住所", "Registered address"),
                 label("法定代表人/负责人", "Legal representative"), label("联系人及联系方式", "Contact")),),
        rows=tuple(rows),
        align=("l", "l", "l", "l", "l"),
        widths=(3, 4, 4, 2, 4),
    )


@table("om.accounts")
def accounts(ctx: BuildContext) -> Table:
    deal = ctx.deal
    rows = []
    for a in deal.accounts:
        rows.append((label(*ACCOUNT_PURPOSE[a.purpose]), bitext(a.branch), bitext(a.name), plain(a.number)))
    return Table(
        id="om.accounts",
        caption=caption("专项计划相关账户", "Accounts of the Plan"),
        header=((label("账户", "Account"), label("开户行", "Bank"), label("户名", "Account name"),
                 label("账号", "Account number")),),
        rows=tuple(rows),
        align=("l", "l", "l", "l"),
        widths=(2, 3, 3, 3),
    )


@table("om.triggers")
def triggers(ctx: BuildContext) -> Table:
    deal = ctx.deal
    rows = []
    for t in deal.triggers:
        cons = [CONSEQUENCE[c] for c in t.consequences]
        cure = (f"{t.cure_days}日", f"{t.cure_days} days") if t.cure_days else ("无", "none")
        rows.append((label(*TRIGGER_CATEGORY[t.category]), bitext(t.condition), label(*cure),
                     label("；".join(z for z, _ in cons), "; ".join(e for _, e in cons))))
    return Table(
        id="om.triggers",
        caption=caption("信用触发机制", "Credit triggers"),
        header=((label("类别", "Category"), label("触发条件", "Condition"), label("补救期", "Cure period"),
                 label("触发后果", "Consequences")),),
        rows=tuple(rows),
        align=("l", "l", "c", "l"),
        widths=(2, 6, 1, 4),
    )


@table("om.payment-dates")
def payment_dates(ctx: BuildContext) -> Table:
    proj = ctx.proj
    rows = []
    est = False
    for p in proj.periods:
        est = est or p.calendar_estimated
        mark = "*" if p.calendar_estimated else ""
        rows.append((plain(str(p.index)), plain(p.payment_date.isoformat() + mark),
                     plain(f"{p.collection_start.isoformat()} – {p.collection_end.isoformat()}"),
                     day(p.calculation_date), day(p.shortfall_trigger_date), day(p.shortfall_transfer_date),
                     plain(str(p.accrual_days))))
    foot = None
    if est:
        foot = note("带*的日期已超出国务院已公布的节假日安排，系按近年放假惯例（不含调休）估算，以届时公布的安排为准。",
                    "Dates marked * fall beyond the holiday calendar published by the State Council and are estimated "
                    "on the pattern of recent years (without make-up working days); the calendar published in due "
                    "course governs.")
    return Table(
        id="om.payment-dates",
        caption=caption("兑付日、回收款归集期间及相关日期", "Payment Dates, Collection Periods and related dates"),
        header=((label("期次", "Period"), label("兑付日", "Payment Date"), label("回收款归集期间", "Collection Period"),
                 label("计算日", "Calculation Date"), label("差额支付启动日", "Shortfall Trigger Date"),
                 label("差额支付划款日", "Shortfall Transfer Date"), label("计息天数", "Accrual days")),),
        rows=tuple(rows),
        align=("c", "c", "c", "c", "c", "c", "r"),
        widths=(1, 2, 4, 2, 2, 2, 1),
        note=foot,
    )


# ----------------------------------------------------------------------------- forecast
def _forecast_rate(ctx: BuildContext, cls) -> Decimal:
    for s in ctx.proj.seasons:
        if s.class_id == cls.id:
            return s.collection_rate
    if cls.collection_rate is not None:
        return cls.collection_rate
    return min(h.collection_rate for h in cls.history)


@table("om.assumptions")
def assumptions(ctx: BuildContext) -> Table:
    deal = ctx.deal
    pool = deal.pool
    f = ctx.fmt["zh"]
    rows = []
    if pool.kind == "heating":
        for c in pool.customer_classes:
            last = max(c.history, key=lambda h: h.season)
            rates = [ratio(h.collected * 100, h.billed, 2) for h in c.history]
            avg = ratio(sum(rates, ZERO), Decimal(len(rates)), 2)
            changes = ("；".join(f"{pc.effective_season}起{f.num(pc.new_price)}元/㎡" for pc in c.price_changes),
                       "; ".join(f"RMB {f.num(pc.new_price)}/m² from {pc.effective_season}" for pc in c.price_changes))
            rows.append((
                bitext(c.name),
                number(ctx, last.billable_area),
                percent(ctx, c.area_growth),
                number(ctx, last.price),
                label(*changes) if c.price_changes else label("无", "none"),
                label(f"{f.pct(min(rates))} / {f.pct(avg)}", f"{f.pct(min(rates))} / {f.pct(avg)}"),
                percent(ctx, _forecast_rate(ctx, c)),
                percent(ctx, c.arrears_recovery_rate),
            ))
        header = (label("用户类别", "Customer class"), label("基期收费面积（万㎡）", "Base billable area (10,000 m²)"),
                  label("面积年增长率", "Area growth a season"), label("热价（元/㎡）", "Tariff (RMB/m²)"),
                  label("已批准调价", "Approved changes"), label("历史收费率（最低/平均）", "Historical rate (low / average)"),
                  label("预测收费率", "Forecast rate"), label("欠费回收率", "Arrears recovery"))
        align = ("l", "r", "r", "r", "l", "c", "r", "r")
    elif pool.kind == "power":
        rows = [
            (label("首个预测年度售电量（万kWh）", "Volume sold, first forecast year (10,000 kWh)"), number(ctx, pool.annual_volume)),
            (label("售电量年增长率", "Volume growth a year"), percent(ctx, pool.volume_growth)),
            (label("上网电价（元/kWh）", "Tariff (RMB/kWh)"), number(ctx, pool.tariff, 4)),
            (label("电价批复文件", "Tariff approval"), bitext(pool.tariff_approval)),
            (label("电费回收率", "Collection rate"), percent(ctx, pool.collection_rate)),
            (label("购电方", "Offtaker"), bitext(pool.offtaker)),
        ]
        header = (label("假设", "Assumption"), label("取值", "Value"))
        align = ("l", "r")
    else:
        flows = sorted(pool.schedule, key=lambda x: x.date)
        rows = [
            (label("应收款项笔数", "Number of instalments"), plain(str(len(flows)))),
            (label(f"计划回款金额合计（{f.unit_label()}）", f"Scheduled amount ({ctx.fmt['en'].unit_label()})"),
             money(ctx, sum((x.amount for x in flows), ZERO))),
            (label("回款时点", "Timing"), label("按合同约定的到期日回款", "Paid on the contractual due dates")),
        ]
        header = (label("假设", "Assumption"), label("取值", "Value"))
        align = ("l", "r")
    return Table(
        id="om.assumptions",
        caption=caption("现金流预测主要假设", "Principal forecast assumptions"),
        header=(header,),
        rows=tuple(rows),
        align=align,
        note=note(f"专项计划承担的税费按现金流入的{f.pct(deal.taxes_rate)}计算；回收款归集方式为"
                  f"{'全额归集' if deal.plan.collection_mode == 'full_sweep' else '特定期间特定金额归集'}。",
                  f"Taxes borne by the Plan are taken at {f.pct(deal.taxes_rate)} of inflow; collections are swept "
                  f"{'in full' if deal.plan.collection_mode == 'full_sweep' else 'up to the specified amount of each specified period'}."),
    )


@table("om.forecast-seasons")
def forecast_seasons(ctx: BuildContext) -> Table:
    """The projection by class (plant) and season (year): area (volume) × price, billed, rate, collected."""
    deal, proj = ctx.deal, ctx.proj
    pool = deal.pool
    if pool.kind == "scheduled" or not proj.seasons:
        return monthly_cash(ctx)
    names = {}
    if pool.kind == "heating":
        names = {c.id: c.name for c in pool.customer_classes}
    rows = []
    tb = tc = ta = ZERO
    for s in proj.seasons:
        tb += s.billed
        tc += s.collected
        ta += s.arrears_recovered
        name = bitext(names[s.class_id]) if s.class_id in names else plain(s.class_id)
        rows.append((plain(s.season), name, number(ctx, s.area), number(ctx, s.price, 2 if pool.kind == "heating" else 4),
                     money(ctx, s.billed), percent(ctx, s.collection_rate), money(ctx, s.collected),
                     money(ctx, s.arrears_recovered)))
    rows.append((total_label(ctx), plain(""), plain(""), plain(""), money(ctx, tb, bold=True), plain(""),
                 money(ctx, tc, bold=True), money(ctx, ta, bold=True)))
    if pool.kind == "heating":
        head = (label("采暖季", "Season"), label("用户类别", "Customer class"), label("收费面积（万㎡）", "Area (10,000 m²)"),
                label("热价（元/㎡）", "Tariff (RMB/m²)"), label("应收热费", "Billed"), label("收费率", "Collection rate"),
                label("实收热费", "Collected"), label("欠费回收", "Arrears recovered"))
        cap = ("预测期各采暖季供热收费预测（按用户类别）", "Forecast heating fees by season and customer class")
    else:
        head = (label("年度", "Year"), label("项目", "Item"), label("售电量（万kWh）", "Volume (10,000 kWh)"),
                label("电价（元/kWh）", "Tariff (RMB/kWh)"), label("应收电费", "Billed"), label("回收率", "Collection rate"),
                label("实收电费", "Collected"), label("欠费回收", "Arrears recovered"))
        cap = ("预测期各年度售电收入预测", "Forecast power sales by year")
    return Table(
        id="om.forecast-seasons",
        caption=unit_caption(ctx, *cap),
        header=(head,),
        rows=tuple(rows),
        align=("c", "l", "r", "r", "r", "r", "r", "r"),
        total_rows=1,
    )


@table("om.monthly-cash")
def monthly_cash(ctx: BuildContext) -> Table:
    """Forecast pool cash per month, swept to the Plan and (cap mode) released to the Originator."""
    deal, proj = ctx.deal, ctx.proj
    cap = deal.plan.collection_mode == "specified_amount_cap"
    rows = []
    tc = tt = tr = ZERO
    for m in proj.months:
        tc += m.cash
        tt += m.transferred
        tr += m.released
        row = (plain(f"{m.month.year:04d}-{m.month.month:02d}"), plain(str(m.period) if m.period else "—"),
               money(ctx, m.cash), money(ctx, m.transferred))
        rows.append(row + ((money(ctx, m.released),) if cap else ()))
    rows.append((total_label(ctx), plain(""), money(ctx, tc, bold=True), money(ctx, tt, bold=True))
                + ((money(ctx, tr, bold=True),) if cap else ()))
    head = (label("月份", "Month"), label("所属期次", "Period"), label("预测回收款", "Forecast collections"),
            label("归集至专项计划", "Swept to the Plan")) + ((label("释放予原始权益人", "Released to the Originator"),) if cap else ())
    return Table(
        id="om.monthly-cash",
        caption=unit_caption(ctx, "预测期各月回收款及归集情况", "Forecast monthly collections and sweep"),
        header=(head,),
        rows=tuple(rows),
        align=("c", "c", "r", "r") + (("r",) if cap else ()),
        total_rows=1,
    )


@table("om.forecast")
def forecast(ctx: BuildContext) -> Table:
    """Per period: forecast inflow and the amounts due (taxes, fees, senior interest and principal)."""
    proj = ctx.proj
    put = put_in_scope(ctx) and any(p.put_amount for p in proj.periods)
    rows = []
    keys = ("inflow", "taxes", "fees", "senior_interest", "senior_principal") + (("put_amount",) if put else ()) + ("required",)
    tot = dict.fromkeys(keys, ZERO)
    for p in proj.periods:
        for k in keys:
            tot[k] += getattr(p, k)
        rows.append((plain(str(p.index)), day(p.payment_date)) + tuple(money(ctx, getattr(p, k)) for k in keys))
    rows.append((total_label(ctx), plain("")) + tuple(money(ctx, tot[k], bold=True) for k in keys))
    head = (label("期次", "Period"), label("兑付日", "Payment Date"), label("预测现金流入", "Forecast inflow"),
            label("税费", "Taxes"), label("专项计划费用", "Plan Expenses"), label("优先级预期收益", "Senior interest"),
            label("优先级应付本金", "Senior principal")) + ((label("回售/赎回款", "Put / call monies"),) if put else ()) + (
        label("应付金额合计", "Amounts due"),)
    return Table(
        id="om.forecast",
        caption=unit_caption(ctx, "各兑付期预测现金流入与应付金额", "Forecast inflow and amounts due per period"),
        header=(head,),
        rows=tuple(rows),
        align=("c", "c") + ("r",) * len(keys),
        total_rows=1,
    )


@table("om.coverage")
def coverage_table(ctx: BuildContext) -> Table:
    """Per period: inflow, amounts due, surplus, total and senior coverage; cumulative coverage."""
    proj = ctx.proj
    rows = []
    ti = tr = ts = ZERO
    for p in proj.periods:
        sen = p.senior_interest + p.senior_principal
        ti += p.inflow
        tr += p.required
        ts += sen
        rows.append((plain(str(p.index)), day(p.payment_date), money(ctx, p.inflow), money(ctx, p.required),
                     money(ctx, p.inflow - p.required), coverage(ctx, p.coverage_total), coverage(ctx, p.coverage_senior)))
    rows.append((label("合计/累计", "Total / cumulative", bold=True), plain(""), money(ctx, ti, bold=True),
                 money(ctx, tr, bold=True), money(ctx, ti - tr, bold=True), coverage(ctx, proj.cumulative_coverage, bold=True),
                 coverage(ctx, ratio(ti, ts), bold=True)))
    mn = min((p.coverage_total for p in proj.periods), default=ZERO)
    f = ctx.fmt
    return Table(
        id="om.coverage",
        caption=unit_caption(ctx, "各兑付期现金流覆盖倍数", "Cash-flow coverage per period"),
        header=((label("期次", "Period"), label("兑付日", "Payment Date"), label("预测现金流入", "Forecast inflow"),
                 label("应付金额", "Amounts due"), label("超额现金流", "Surplus"), label("总覆盖倍数", "Total coverage"),
                 label("优先级覆盖倍数", "Senior coverage")),),
        rows=tuple(rows),
        align=("c", "c", "r", "r", "r", "r", "r"),
        total_rows=1,
        note=note(f"总覆盖倍数＝预测现金流入÷（税费＋专项计划费用＋优先级预期收益＋优先级应付本金），不含储备金；"
                  f"优先级覆盖倍数仅以优先级预期收益和本金为分母。最低单期总覆盖倍数为{f['zh'].num(mn, 4)}倍。",
                  f"Total coverage = forecast inflow ÷ (taxes + Plan Expenses + senior interest + senior principal due), "
                  f"reserve excluded; senior coverage uses senior interest and principal only. The lowest period total "
                  f"coverage is {f['en'].num(mn, 4)}x."),
    )


# ----------------------------------------------------------------------------- stress and break-even
@table("om.stress")
def stress(ctx: BuildContext) -> Table:
    """Coverage per period under the base case and each stress scenario; minimum; total shortfall."""
    proj = ctx.proj
    periods = proj.periods if len(proj.periods) <= 10 else ()  # many periods: see om.stress-detail
    base_min = min((p.coverage_total for p in proj.periods), default=ZERO)
    rows = [(label("基准情形", "Base case"),) + tuple(coverage(ctx, p.coverage_total) for p in periods)
            + (coverage(ctx, base_min), money(ctx, sum((p.shortfall_due for p in proj.periods), ZERO)))]
    for s in proj.stress:
        rows.append((label(s.name_zh, s.name_en),) + tuple(coverage(ctx, c) for c in s.coverage[:len(periods)])
                    + (coverage(ctx, s.min_coverage), money(ctx, sum(s.shortfall, ZERO))))
    head = ((label("情景", "Scenario"),) + tuple(label(f"第{p.index}期", f"P{p.index}") for p in periods)
            + (label("最低覆盖倍数", "Minimum"), label(f"差额合计（{ctx.fmt['zh'].unit_label()}）",
                                                      f"Shortfall ({ctx.fmt['en'].unit_label()})")))
    return Table(
        id="om.stress",
        caption=caption("压力测试：各兑付期总覆盖倍数", "Stress tests: total coverage per period"),
        header=(head,),
        rows=tuple(rows),
        align=("l",) + ("r",) * (len(periods) + 2),
        widths=(4,) + (1,) * len(periods) + (2, 2),
        note=note("压力情景下的覆盖倍数以基准情形的应付金额为分母，不考虑储备金及差额支付；差额合计为各期压力情景现金流入低于应付金额的部分之和。",
                  "Coverage under stress is measured against the base-case amounts due, ignoring reserves and shortfall "
                  "payments; the shortfall is the sum over periods of the amounts by which stressed inflow falls short."),
    )


@table("om.stress-detail")
def stress_detail(ctx: BuildContext) -> Table:
    """Each scenario, each period: stressed inflow, coverage and shortfall."""
    proj = ctx.proj
    rows = []
    for s in proj.stress:
        for p, inflow, cov, sh in zip(proj.periods, s.inflow, s.coverage, s.shortfall):
            rows.append((label(s.name_zh, s.name_en), plain(str(p.index)), money(ctx, inflow), money(ctx, p.required),
                         coverage(ctx, cov), money(ctx, sh)))
    return Table(
        id="om.stress-detail",
        caption=unit_caption(ctx, "压力测试明细", "Stress tests in detail"),
        header=((label("情景", "Scenario"), label("期次", "Period"), label("压力现金流入", "Stressed inflow"),
                 label("应付金额", "Amounts due"), label("覆盖倍数", "Coverage"), label("差额", "Shortfall")),),
        rows=tuple(rows),
        align=("l", "c", "r", "r", "r", "r"),
        widths=(5, 1, 2, 2, 2, 2),
    )


@table("om.break-even")
def break_even(ctx: BuildContext) -> Table:
    deal, proj = ctx.deal, ctx.proj
    be = proj.break_even
    rows = []
    if be is None:
        rows.append((label("临界值", "Break-even"), label("未计算", "not computed"), plain(""), plain("")))
    else:
        meth = {"closed form": ("解析解", "closed form"), "bisection": ("二分法", "bisection")}
        m = meth.get(be.method.get("uniform", "closed form"), ("解析解", "closed form"))
        rows.append((label("现金流入整体下降（等同面积或价格下降）", "Uniform fall in inflow (= area or tariff cut)"),
                     percent(ctx, be.uniform_haircut_pct), plain(str(be.binding_period)), label(*m)))
        names = {}
        if deal.pool.kind == "heating":
            names = {c.id: c.name for c in deal.pool.customer_classes}
        for cid, rate in be.collection_rate_pct.items():
            nm = names.get(cid)
            lab = (label(f"{nm.zh}收费率降至", f"{nm.en}: collection rate down to") if nm
                   else label("回收率降至", "Collection rate down to"))
            mm = meth.get(be.method.get(cid, "closed form"), ("解析解", "closed form"))
            if rate == 0:  # coverage stays at or above 1.00x whatever this class collects: no break-even
                rows.append((lab, label("降至0%仍不低于1.00倍", "none: ≥ 1.00x even at 0%"), label("不适用", "n/a"),
                             label(*mm)))
                continue
            rows.append((lab, percent(ctx, rate), plain(str(be.binding_period)), label(*mm)))
    return Table(
        id="om.break-even",
        caption=caption("盈亏平衡（临界值）分析", "Break-even analysis"),
        header=((label("压力因素", "Stress factor"), label("临界值", "Break-even level"), label("约束期次", "Binding period"),
                 label("求解方法", "Method")),),
        rows=tuple(rows),
        align=("l", "r", "c", "c"),
        widths=(6, 2, 2, 2),
        note=note("临界值指在其他假设不变的情况下，使最低单期总覆盖倍数恰为1.00倍的压力水平。",
                  "The break-even level is the stress, other assumptions unchanged, at which the lowest period total "
                  "coverage is exactly 1.00x."),
    )


# ----------------------------------------------------------------------------- payments
@table("om.schedule")
def schedule(ctx: BuildContext) -> Table:
    """Expected payment schedule of each senior tranche: opening balance, interest, principal, closing."""
    deal, proj = ctx.deal, ctx.proj
    rows = []
    for t in deal.senior:
        bal = t.size
        ti = tp = ZERO
        for p in proj.periods:
            i = p.interest.get(t.id, ZERO)
            pr = p.principal.get(t.id, ZERO)
            if not bal and not i and not pr:
                continue
            close = p.balances.get(t.id, bal - pr)
            ti += i
            tp += pr
            rows.append((bitext(t.name), day(p.payment_date), money(ctx, bal), money(ctx, i), money(ctx, pr),
                         money(ctx, i + pr), money(ctx, close)))
            bal = close
        rows.append((bitext(t.name, bold=True), label("小计", "Subtotal", bold=True), plain(""), money(ctx, ti, bold=True),
                     money(ctx, tp, bold=True), money(ctx, ti + tp, bold=True), plain("")))
    return Table(
        id="om.schedule",
        caption=unit_caption(ctx, "优先级资产支持证券预期兑付计划", "Expected payment schedule of the Senior Securities"),
        header=((label("证券", "Tranche"), label("兑付日", "Payment Date"), label("期初本金余额", "Opening balance"),
                 label("预期收益", "Interest"), label("本金", "Principal"), label("本息合计", "Total"),
                 label("期末本金余额", "Closing balance")),),
        rows=tuple(rows),
        align=("l", "c", "r", "r", "r", "r", "r"),
        widths=(4, 2, 2, 2, 2, 2, 2),
    )


@table("om.waterfall")
def waterfall(ctx: BuildContext) -> Table:
    """Base-case distribution per period along the priority of payments."""
    proj = ctx.proj
    keys = ("available", "taxes", "fees", "senior_interest", "senior_principal", "reserve_end", "sub_income")
    rows = []
    tot = dict.fromkeys(keys + ("sub_rest",), ZERO)
    for p in proj.periods:
        vals = [getattr(p, k) for k in keys] + [p.sub_principal + p.residual]
        for k, v in zip(keys + ("sub_rest",), vals):
            tot[k] += v
        rows.append((plain(str(p.index)), day(p.payment_date)) + tuple(money(ctx, v) for v in vals))
    rows.append((total_label(ctx), plain(""), plain(""))
                + tuple(money(ctx, tot[k], bold=True) for k in keys[1:5]) + (plain(""),)
                + (money(ctx, tot["sub_income"], bold=True), money(ctx, tot["sub_rest"], bold=True)))
    return Table(
        id="om.waterfall",
        caption=unit_caption(ctx, "基准情形下各兑付日的分配", "Base-case distributions on each Payment Date"),
        header=((label("期次", "Period"), label("兑付日", "Payment Date"), label("可分配资金", "Available funds"),
                 label("税费", "Taxes"), label("费用", "Expenses"), label("优先级收益", "Senior interest"),
                 label("优先级本金", "Senior principal"), label("储备金余额", "Reserve carried"),
                 label("次级期间收益", "Sub. period income"), label("次级本金及剩余收益", "Sub. principal and residual")),),
        rows=tuple(rows),
        align=("c", "c") + ("r",) * 8,
        total_rows=1,
        note=note("可分配资金＝当期现金流入＋上期结转储备金；储备金为下一兑付日优先级预期收益与专项计划费用之和。",
                  "Available funds = inflow of the period + reserve brought forward; the reserve equals the senior "
                  "interest and Plan Expenses of the next Payment Date."),
    )


@table("om.shortfall-reserve")
def shortfall_reserve(ctx: BuildContext) -> Table:
    deal, proj = ctx.deal, ctx.proj
    g = deal.has_guarantor
    it = deal.credit_enhancement.interim_shortfall is not None
    rows = []
    for p in proj.periods:
        row = [plain(str(p.index)), day(p.payment_date), money(ctx, p.reserve_bf), money(ctx, p.available),
               money(ctx, p.required), money(ctx, p.shortfall_due), money(ctx, p.shortfall_paid)]
        if it:
            row.append(money(ctx, p.interim_shortfall_paid))
        if g:
            row.append(money(ctx, p.guarantee_paid))
        row.append(money(ctx, p.reserve_end))
        rows.append(tuple(row))
    head = [label("期次", "Period"), label("兑付日", "Payment Date"), label("上期结转储备金", "Reserve b/f"),
            label("可分配资金", "Available funds"), label("应付金额", "Amounts due"), label("差额支付需求", "Shortfall due"),
            label("差额支付金额", "Shortfall paid")]
    if it:
        head.append(label("临时差额支付", "Interim shortfall paid"))
    if g:
        head.append(label("保证金额", "Guarantee paid"))
    head.append(label("期末储备金", "Reserve carried"))
    return Table(
        id="om.shortfall-reserve",
        caption=unit_caption(ctx, "基准情形下各期储备金及差额支付", "Reserve and shortfall payments per period, base case"),
        header=(tuple(head),),
        rows=tuple(rows),
        align=("c", "c") + ("r",) * (len(head) - 2),
    )


@table("om.om-coverage")
def om_coverage(ctx: BuildContext) -> Table:
    """O&M-cost coverage test: the Originator's cash after the sweep against O&M costs and taxes per season."""
    deal, proj = ctx.deal, ctx.proj
    pool = deal.pool
    start = pool.season_start_month
    cash: dict[str, list[Decimal]] = {}
    for m in proj.months:
        s = season_of(m.month, start)
        c = cash.setdefault(s, [ZERO, ZERO])
        c[0] += m.cash
        c[1] += m.transferred
    orig = deal.first("originator")
    sub_holder = any(t.holder and (t.holder == orig or (t.holder in deal.parties and deal.party(t.holder).affiliate_of == orig))
                     for t in deal.subordinated)
    sub: dict[str, Decimal] = {}
    if sub_holder:
        for p in proj.periods:
            s = season_of(p.payment_date, start)
            sub[s] = sub.get(s, ZERO) + p.sub_income + p.residual
    rows = []
    for oc in pool.om_costs:
        c, tr = cash.get(oc.season, [ZERO, ZERO])
        kept = c - tr
        avail = kept + sub.get(oc.season, ZERO) + oc.other_operating_cash
        need = oc.cost + oc.taxes
        rows.append((plain(oc.season), money(ctx, c), money(ctx, tr), money(ctx, kept), money(ctx, sub.get(oc.season, ZERO)),
                     money(ctx, oc.other_operating_cash), money(ctx, avail), money(ctx, oc.cost), money(ctx, oc.taxes),
                     coverage(ctx, ratio(avail, need)) if need else label("不适用", "n/a")))
    return Table(
        id="om.om-coverage",
        caption=unit_caption(ctx, "原始权益人运营成本覆盖测算", "Coverage of the Originator's operating costs"),
        header=((label("年度", "Season" if start != 1 else "Year"), label("预测回收款", "Collections"), label("归集至专项计划", "Swept to the Plan"),
                 label("留存回收款", "Retained collections"), label("次级收益", "Subordinated returns"),
                 label("其他经营现金流入", "Other operating cash"), label("可用资金", "Cash available"),
                 label("运营成本", "O&M costs"), label("税费", "Taxes"), label("覆盖倍数", "Coverage")),),
        rows=tuple(rows),
        align=("c",) + ("r",) * 9,
        note=note("覆盖倍数＝（留存回收款＋原始权益人取得的次级收益＋其他经营现金流入）÷（运营成本＋税费）。",
                  "Coverage = (retained collections + subordinated returns received by the Originator + other operating "
                  "cash) ÷ (O&M costs + taxes)."),
    )
