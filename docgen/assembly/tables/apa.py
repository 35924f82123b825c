"""Tables of the Asset Purchase Agreement: the per-period forecast (Annex 2) and, in cap mode, the
specified periods and specified amounts. Words: clauses/tables/asset-purchase-agreement.yaml."""

from __future__ import annotations

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._header import labelled_table
from docgen.assembly.tables._util import ZERO, cap, day, lab, money, plain, total_label
from docgen.tree import Bi, Table


def _party(ctx: BuildContext, role: str) -> Bi:
    """The seller or the buyer as the document calls it: the APA's own words in the APA, the
    originator's and the Plan Manager's elsewhere (these tables also serve the OM)."""
    own = "asset-purchase-agreement" if ctx.document == "asset-purchase-agreement" else "other"
    return cap(ctx, f"apa.{role}.{own}")



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
    return labelled_table(ctx, "apa.forecast", ("period", "collection_period", "payment_date", "collections", "inflow"),
                          rows, ("c", "c", "c", "r", "r"), unit=True, widths=(1, 4, 2, 2, 2), total_rows=1,
                          note=cap(ctx, "apa.forecast.note", seller=_party(ctx, "seller")))


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
        rows.append((lab(ctx, "apa.specified-amounts.period", n=i), day(sp.start), day(sp.end), money(ctx, sp.amount),
                     money(ctx, c), money(ctx, t), money(ctx, r)))
    rows.append((total_label(ctx), plain(""), plain(""), money(ctx, ta, bold=True), money(ctx, tc, bold=True),
                 money(ctx, tt, bold=True), money(ctx, tr, bold=True)))
    return labelled_table(
        ctx, "apa.specified-amounts", ("period", "start", "end", "amount", "collections", "sweep", "release"), rows,
        ("c", "c", "c", "r", "r", "r", "r"), unit=True, total_rows=1,
        note=cap(ctx, "apa.specified-amounts.note", buyer=_party(ctx, "buyer"), seller=_party(ctx, "seller")))
