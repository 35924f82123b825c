"""Tables of the Pledge Contract: the secured amounts per payment date."""

from __future__ import annotations

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._util import ZERO, day, label, money, note, plain, put_in_scope, total_label, unit_caption
from docgen.tree import Table


@table("pledge.secured-amounts")
def secured_amounts(ctx: BuildContext) -> Table:
    """Per payment date: taxes and fees, senior interest, senior principal (and put monies) due."""
    proj = ctx.proj
    put = put_in_scope(ctx) and any(p.put_amount for p in proj.periods)
    keys = ("taxes", "fees", "senior_interest", "senior_principal") + (("put_amount",) if put else ()) + ("required",)
    tot = dict.fromkeys(keys, ZERO)
    rows = []
    for p in proj.periods:
        for k in keys:
            tot[k] += getattr(p, k)
        rows.append((plain(str(p.index)), day(p.payment_date)) + tuple(money(ctx, getattr(p, k)) for k in keys))
    rows.append((total_label(ctx), plain("")) + tuple(money(ctx, tot[k], bold=True) for k in keys))
    head = (label("期次", "Period"), label("兑付日", "Payment Date"), label("税费", "Taxes"),
            label("专项计划费用", "Plan Expenses"), label("优先级预期收益", "Senior interest"),
            label("优先级本金", "Senior principal")) + ((label("回售/赎回款", "Put / call monies"),) if put else ()) + (
        label("合计", "Total"),)
    return Table(
        id="pledge.secured-amounts",
        caption=unit_caption(ctx, "各兑付日预计应付金额（主债权参考）", "Amounts expected to fall due on each Payment Date (secured claims, for reference)"),
        header=(head,),
        rows=tuple(rows),
        align=("c", "c") + ("r",) * len(keys),
        total_rows=1,
        note=note("本表根据现金流预测编制，实际应付金额以《标准条款》的约定及计划管理人届时的计算为准。",
                  "Prepared from the cash-flow forecast; the amounts actually due are those determined under the "
                  "Standard Terms by the Plan Manager at the time."),
    )
