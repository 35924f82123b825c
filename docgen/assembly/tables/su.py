"""Tables of the Shortfall Payment Undertaking: the amounts within its scope on each payment date."""

from __future__ import annotations

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._util import ZERO, day, label, money, note, plain, total_label, unit_caption
from docgen.tree import Table

SCOPE = {
    "taxes": ("taxes", "税费", "Taxes"),
    "fees": ("fees", "专项计划费用", "Plan Expenses"),
    "senior_interest": ("senior_interest", "优先级预期收益", "Senior interest"),
    "senior_principal": ("senior_principal", "优先级本金", "Senior principal"),
    "put_amount": ("put_amount", "回售/赎回款", "Put / call monies"),
}


@table("su.amounts")
def amounts(ctx: BuildContext) -> Table:
    """Per payment date: the trigger and transfer dates and the amounts within the undertaking's scope."""
    deal, proj = ctx.deal, ctx.proj
    und = deal.credit_enhancement.undertaking
    scope = list(und.scope) if und else ["taxes", "fees", "senior_interest", "senior_principal"]
    cols = [SCOPE[s] for s in ("taxes", "fees", "senior_interest", "senior_principal") if s in scope]
    if ({"put_amount", "call_amount"} & set(scope)) and any(p.put_amount for p in proj.periods):
        cols.append(SCOPE["put_amount"])
    agreement = bool(und and und.form == "agreement")
    doc_zh, doc_en = ("本协议", "Agreement") if agreement else ("本承诺函", "Undertaking")
    tot = [ZERO] * (len(cols) + 2)
    rows = []
    for p in proj.periods:
        vals = [getattr(p, attr) for attr, _, _ in cols]
        vals += [sum(vals, ZERO), p.shortfall_due]
        tot = [a + b for a, b in zip(tot, vals)]
        rows.append((plain(str(p.index)), day(p.payment_date), day(p.shortfall_trigger_date), day(p.shortfall_transfer_date))
                    + tuple(money(ctx, v) for v in vals))
    rows.append((total_label(ctx), plain(""), plain(""), plain("")) + tuple(money(ctx, v, bold=True) for v in tot))
    head = (label("期次", "Period"), label("兑付日", "Payment Date"), label("差额支付启动日", "Shortfall Trigger Date"),
            label("差额支付划款日", "Shortfall Transfer Date")) + tuple(label(z, e) for _, z, e in cols) + (
        label("承诺范围内应付金额", "Amounts within scope"), label("基准情形差额", "Base-case shortfall"))
    return Table(
        id="su.amounts",
        caption=unit_caption(ctx, "各兑付日差额支付范围内的预计应付金额", "Amounts within the shortfall payment scope expected on each Payment Date"),
        header=(head,),
        rows=tuple(rows),
        align=("c", "c", "c", "c") + ("r",) * (len(cols) + 2),
        total_rows=1,
        note=note(f"本表根据现金流预测编制，仅供参考；承诺人实际应支付的金额以计划管理人依{doc_zh}发出的差额支付通知书为准，不受本表金额限制。",
                  "Prepared from the cash-flow forecast for reference only; the amount the Undertaker must actually pay "
                  f"is that stated in the Shortfall Payment Notice issued under this {doc_en} and is not limited by this table."),
    )
