"""Tables of the Shortfall Payment Undertaking: the amounts within its scope on each payment date.
Words: clauses/tables/shortfall-undertaking.yaml; the scope columns: enum.undertaking_scope."""

from __future__ import annotations

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._header import header_row
from docgen.assembly.tables._util import ZERO, cap, day, enum_label, money, plain, total_label, unit_cap
from docgen.tree import Table

SCOPE = ("taxes", "fees", "senior_interest", "senior_principal")  # in column order; each a Period field


@table("su.amounts")
def amounts(ctx: BuildContext) -> Table:
    """Per payment date: the trigger and transfer dates and the amounts within the undertaking's scope."""
    deal, proj = ctx.deal, ctx.proj
    und = deal.credit_enhancement.undertaking
    scope = list(und.scope) if und else list(SCOPE)
    cols = [s for s in SCOPE if s in scope]
    if ({"put_amount", "call_amount"} & set(scope)) and any(p.put_amount for p in proj.periods):
        cols.append("put_amount")
    instrument = "agreement" if und and und.form == "agreement" else "letter"
    tot = [ZERO] * (len(cols) + 2)
    rows = []
    for p in proj.periods:
        vals = [getattr(p, attr) for attr in cols]
        vals += [sum(vals, ZERO), p.shortfall_due]
        tot = [a + b for a, b in zip(tot, vals)]
        rows.append((plain(str(p.index)), day(p.payment_date), day(p.shortfall_trigger_date), day(p.shortfall_transfer_date))
                    + tuple(money(ctx, v) for v in vals))
    rows.append((total_label(ctx), plain(""), plain(""), plain("")) + tuple(money(ctx, v, bold=True) for v in tot))
    head = (header_row(ctx, "su.amounts", "period", "payment_date", "trigger_date", "transfer_date")
            + tuple(enum_label(ctx, "undertaking_scope", c) for c in cols)
            + header_row(ctx, "su.amounts", "within_scope", "shortfall"))
    return Table(
        id="su.amounts",
        caption=unit_cap(ctx, "su.amounts.caption"),
        header=(head,),
        rows=tuple(rows),
        align=("c", "c", "c", "c") + ("r",) * (len(cols) + 2),
        total_rows=1,
        note=cap(ctx, "su.amounts.note", instrument=cap(ctx, f"su.amounts.instrument.{instrument}")),
    )
