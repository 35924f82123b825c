"""Tables of the Pledge Contract: the secured amounts per payment date.
Words: clauses/tables/pledge-contract.yaml."""

from __future__ import annotations

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._header import header_row
from docgen.assembly.tables._util import ZERO, cap, day, money, plain, put_in_scope, total_label, unit_cap
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
    return Table(
        id="pledge.secured-amounts",
        caption=unit_cap(ctx, "pledge.secured-amounts.caption"),
        header=(header_row(ctx, "pledge.secured-amounts", "period", "payment_date", *keys),),
        rows=tuple(rows),
        align=("c", "c") + ("r",) * len(keys),
        total_rows=1,
        note=cap(ctx, "pledge.secured-amounts.note"),
    )
