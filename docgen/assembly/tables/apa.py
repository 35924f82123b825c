"""Tables of the Asset Purchase Agreement: the per-period forecast (Annex 2) and, in cap mode, the
specified periods and specified amounts."""

from __future__ import annotations

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._util import ZERO, caption, day, label, money, note, plain, total_label, unit_caption
from docgen.tree import Table


def _seller(ctx: BuildContext) -> tuple[str, str]:
    """The originator as the document calls it: 卖方 in the APA, 原始权益人 elsewhere (these tables also serve the OM)."""
    return ("卖方", "Seller") if ctx.document == "asset-purchase-agreement" else ("原始权益人", "Originator")


def _buyer(ctx: BuildContext) -> tuple[str, str]:
    if ctx.document == "asset-purchase-agreement":
        return "买方", "Purchaser"
    return "计划管理人（代表专项计划）", "Plan Manager (for the Plan)"


@table("apa.forecast")
def forecast(ctx: BuildContext) -> Table:
    """Per payment period: collection period, payment date, forecast collections and inflow to the Plan."""
    proj = ctx.proj
    rows = []
    cash_by_period: dict[int, object] = {}
    for m in proj.months:
        if m.period:
            cash_by_period[m.period] = cash_by_period.get(m.period, ZERO) + m.cash
    tc = ti = ZERO
    for p in proj.periods:
        c = cash_by_period.get(p.index, p.inflow)
        tc += c
        ti += p.inflow
        rows.append((plain(str(p.index)), plain(f"{p.collection_start.isoformat()} – {p.collection_end.isoformat()}"),
                     day(p.payment_date), money(ctx, c), money(ctx, p.inflow)))
    rows.append((total_label(ctx), plain(""), plain(""), money(ctx, tc, bold=True), money(ctx, ti, bold=True)))
    return Table(
        id="apa.forecast",
        caption=unit_caption(ctx, "各期预测回收款及专项计划现金流入", "Forecast collections and inflow to the Plan per period"),
        header=((label("期次", "Period"), label("回收款归集期间", "Collection Period"), label("兑付日", "Payment Date"),
                 label("预测回收款", "Forecast collections"), label("预测现金流入", "Forecast inflow to the Plan")),),
        rows=tuple(rows),
        align=("c", "c", "c", "r", "r"),
        widths=(1, 4, 2, 2, 2),
        total_rows=1,
        note=note(f"本表为现金流预测结果，仅供参考，不构成{_seller(ctx)[0]}对回收款金额的保证。",
                  f"This table shows forecast figures for reference only; it is not a warranty by the {_seller(ctx)[1]} "
                  "of the amount of Collections."),
    )


@table("apa.specified-amounts")
def specified_amounts(ctx: BuildContext) -> Table:
    """Cap mode: each specified period, its specified amount, forecast collections, sweep and release."""
    deal, proj = ctx.deal, ctx.proj
    rows = []
    ta = tc = tt = tr = ZERO
    for i, sp in enumerate(deal.pool.specified_periods, start=1):
        c = t = r = ZERO
        for m in proj.months:
            if sp.start <= m.month <= sp.end:
                c += m.cash
                t += m.transferred
                r += m.released
        ta += sp.amount
        tc += c
        tt += t
        tr += r
        rows.append((label(f"第{i}期", f"No. {i}"), day(sp.start), day(sp.end), money(ctx, sp.amount), money(ctx, c), money(ctx, t),
                     money(ctx, r)))
    rows.append((total_label(ctx), plain(""), plain(""), money(ctx, ta, bold=True), money(ctx, tc, bold=True),
                 money(ctx, tt, bold=True), money(ctx, tr, bold=True)))
    return Table(
        id="apa.specified-amounts",
        caption=unit_caption(ctx, "特定期间及特定金额", "Specified Periods and Specified Amounts"),
        header=((label("特定期间", "Specified Period"), label("起始日", "From"), label("截止日", "To"),
                 label("特定金额", "Specified Amount"), label("预测回收款", "Forecast collections"),
                 label("预测归集金额", "Forecast sweep"), label("预测释放金额", "Forecast release")),),
        rows=tuple(rows),
        align=("c", "c", "c", "r", "r", "r", "r"),
        total_rows=1,
        note=note(f"特定期间内归集至专项计划账户的回收款累计达到该期间特定金额后，该期间剩余回收款由{_buyer(ctx)[0]}放弃并释放予"
                  f"{_seller(ctx)[0]}。",
                  "Once the Collections swept to the Plan Account in a Specified Period reach its Specified Amount, the "
                  f"{_buyer(ctx)[1]} waives the remaining Collections of that period and they are released to the "
                  f"{_seller(ctx)[1]}."),
    )
