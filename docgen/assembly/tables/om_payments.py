"""Offering Memorandum tables of the payments: the senior payment schedule, the base-case waterfall,
reserve and shortfall payments, and the Originator's O&M-cost coverage."""

from __future__ import annotations

from decimal import Decimal

from docgen.assembly.cells import Blank
from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._util import (
    ZERO,
    bitext,
    cap,
    coverage,
    day,
    lab,
    money,
    plain,
    ratio,
    season_of,
    total_label,
    unit_cap,
)
from docgen.tree import Table


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
        rows.append((bitext(t.name, bold=True), lab(ctx, "om.schedule.subtotal", bold=True), Blank(),
                     money(ctx, ti, bold=True), money(ctx, tp, bold=True), money(ctx, ti + tp, bold=True), Blank()))
    return Table(
        id="om.schedule",
        caption=unit_cap(ctx, "om.schedule.caption"),
        header=((lab(ctx, "om.col.tranche"), lab(ctx, "om.col.payment_date"))
                + tuple(lab(ctx, "om.schedule.head." + k) for k in ("opening", "interest", "principal", "total", "closing")),),
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
    rows.append((total_label(ctx), Blank(), Blank())
                + tuple(money(ctx, tot[k], bold=True) for k in keys[1:5]) + (Blank(),)
                + (money(ctx, tot["sub_income"], bold=True), money(ctx, tot["sub_rest"], bold=True)))
    h = "om.waterfall.head."
    return Table(
        id="om.waterfall",
        caption=unit_cap(ctx, "om.waterfall.caption"),
        header=(tuple(lab(ctx, "om.col." + k) for k in ("period", "payment_date", "available", "taxes"))
                + (lab(ctx, h + "expenses"), lab(ctx, h + "senior_interest"), lab(ctx, h + "senior_principal"),
                   lab(ctx, h + "reserve"), lab(ctx, h + "sub_income"), lab(ctx, h + "sub_rest")),),
        rows=tuple(rows),
        align=("c", "c") + ("r",) * 8,
        total_rows=1,
        note=cap(ctx, "om.waterfall.note"),
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
    h = "om.shortfall-reserve.head."
    head = [lab(ctx, "om.col.period"), lab(ctx, "om.col.payment_date"), lab(ctx, h + "reserve_bf"),
            lab(ctx, "om.col.available"), lab(ctx, "om.col.amounts_due"), lab(ctx, h + "due"), lab(ctx, h + "paid")]
    if it:
        head.append(lab(ctx, h + "interim"))
    if g:
        head.append(lab(ctx, h + "guarantee"))
    head.append(lab(ctx, "om.col.reserve_carried"))
    return Table(
        id="om.shortfall-reserve",
        caption=unit_cap(ctx, "om.shortfall-reserve.caption"),
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
                     coverage(ctx, ratio(avail, need)) if need else lab(ctx, "om.col.not_applicable")))
    h = "om.om-coverage.head."
    return Table(
        id="om.om-coverage",
        caption=unit_cap(ctx, "om.om-coverage.caption"),
        header=((lab(ctx, h + ("season" if start != 1 else "year")), lab(ctx, h + "collections"), lab(ctx, "om.col.swept"))
                + tuple(lab(ctx, h + k) for k in ("retained", "sub_returns", "other_cash", "available", "om_costs"))
                + (lab(ctx, "om.col.taxes"), lab(ctx, "om.col.coverage")),),
        rows=tuple(rows),
        align=("c",) + ("r",) * 9,
        note=cap(ctx, "om.om-coverage.note"),
    )
