"""Offering Memorandum tables on the securities and the plan: tranche terms, fees, participants,
accounts, credit triggers and the payment calendar. Words come from clauses/tables/offering-memorandum.yaml
(`om.<table>.…`) and clauses/labels/enums.yaml."""

from __future__ import annotations

from decimal import Decimal

from docgen.assembly.cells import Blank, Join, Text
from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._header import labelled_table
from docgen.assembly.tables._util import (
    ZERO,
    bitext,
    cap,
    day,
    enum_label,
    lab,
    money,
    one_lab,
    percent,
    plain,
    ratio,
    total_label,
    unit_cap,
)
from docgen.tree import Table

HUNDRED = Decimal(100)


def coupon_label(ctx: BuildContext, t):
    """The expected yield of tranche `t` as the table prints it (rates through the formatter, half-up)."""
    c = t.coupon
    if c.type == "fixed":
        return lab(ctx, "om.tranches.coupon.fixed", rate=c.rate)
    if c.type == "floating":
        return lab(ctx, "om.tranches.coupon.floating", benchmark=c.benchmark, spread_bp=c.spread_bp, rate=c.rate)
    return lab(ctx, "om.tranches.coupon.none")


@table("om.tranches")
def tranches(ctx: BuildContext) -> Table:
    """The terms of the securities grouped in one table: a column per tranche under its class (a header
    cell across the tranches of each class), a row per term, and a total column for size and share."""
    deal = ctx.deal
    trs = list(deal.tranches)
    total = sum((t.size for t in trs), ZERO)
    groups = []  # (class, number of consecutive tranches of it)
    for t in trs:
        if groups and groups[-1][0] == t.tranche_class:
            groups[-1] = (t.tranche_class, groups[-1][1] + 1)
        else:
            groups.append((t.tranche_class, 1))
    classes = tuple(lab(ctx, f"enum.tranche_class.{getattr(c, 'value', c)}", colspan=n) for c, n in groups)
    header = ((lab(ctx, "om.tranches.head.class"),) + classes + (Blank(),),
              (lab(ctx, "om.col.tranche"),) + tuple(bitext(t.name) for t in trs) + (total_label(ctx),))

    def row(term: str, cells, in_total=None):
        return (lab(ctx, f"om.tranches.head.{term}"),) + tuple(cells) + (in_total or Blank(),)

    rows = (
        row("size", (money(ctx, t.size) for t in trs), money(ctx, total, bold=True)),
        row("share", (percent(ctx, ratio(t.size * 100, total, 2)) for t in trs), percent(ctx, HUNDRED, bold=True)),
        row("coupon", (coupon_label(ctx, t) for t in trs)),
        row("interest", (enum_label(ctx, "interest_frequency", t.interest_frequency) if t.coupon.type != "none"
                         else lab(ctx, "om.col.not_applicable") for t in trs)),
        row("principal", (enum_label(ctx, "amortisation", t.amortisation.type) for t in trs)),
        row("maturity", (day(t.expected_maturity) for t in trs)),
        row("rating", (plain(t.rating.rating) if t.rating and t.rating.rating else lab(ctx, "om.tranches.unrated")
                       for t in trs)),
    )
    return Table(
        id="om.tranches",
        caption=unit_cap(ctx, "om.tranches.caption"),
        header=tuple(tuple(c for c in r) for r in header),
        rows=rows,
        align=("l",) + ("c",) * (len(trs) + 1),
        widths=(3,) + (2,) * (len(trs) + 1),  # the terms' names a little wider than a tranche's figures
        note=cap(ctx, "om.tranches.note", legal_maturity=deal.dates.legal_maturity.isoformat(),
                 day_count=deal.dates.day_count),
    )


@table("om.fees")
def fees(ctx: BuildContext) -> Table:
    deal = ctx.deal
    rows = []
    for fee in deal.fees:
        amt = (lab(ctx, "om.fees.rate", rate=fee.rate) if fee.rate is not None
               else lab(ctx, "om.fees.amount", amount=fee.amount))
        payee = (bitext(deal.party(fee.payee).short_name) if fee.payee and fee.payee in deal.parties
                 else lab(ctx, "om.fees.any_payee"))
        rows.append((bitext(fee.name), enum_label(ctx, "fee_basis", fee.basis), amt,
                     enum_label(ctx, "fee_payer", fee.payer), payee))
    return labelled_table(ctx, "om.fees", ("fee", "basis", "amount", "payer", "payee"), rows, ("l", "l", "r", "c", "l"),
                          part="head", widths=(3, 4, 2, 2, 3))


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
    rows.append((total_label(ctx), Blank()) + tuple(money(ctx, v, bold=True) for v in totals))
    names = {fee.id: fee.name for fee in deal.fees}
    return labelled_table(
        ctx, "om.fees-by-period",
        (lab(ctx, "om.col.period"), lab(ctx, "om.col.payment_date"), *(bitext(names[i]) for i in ids), "expenses",
         lab(ctx, "om.col.taxes")),
        rows, ("c", "c") + ("r",) * (len(ids) + 2), part="head", unit=True, total_rows=1)


@table("om.participants")
def participants(ctx: BuildContext) -> Table:
    deal = ctx.deal
    rows = []
    # the depository of an exchange-listed plan is derived from the exchange, whatever the party list says
    depository = f"institution.depository.{deal.plan.exchange}"
    for p in deal.parties.values():
        c = p.contact
        derived = "registrar" in p.roles and ctx.labels.has(depository)
        rows.append((
            Join(tuple(enum_label(ctx, "role", r) for r in p.roles), "om.participants.role_sep"),
            lab(ctx, depository) if derived else bitext(p.name),
            bitext(p.registered_address),
            bitext(p.legal_rep),
            Join((bitext(c.person), Text(c.phone), Text(c.email)), "om.participants.contact_sep"),
        ))
    return labelled_table(ctx, "om.participants", ("role", "name", "address", "legal_rep", "contact"), rows,
                          ("l", "l", "l", "l", "l"), part="head", widths=(3, 4, 4, 2, 4))


@table("om.accounts")
def accounts(ctx: BuildContext) -> Table:
    rows = [(enum_label(ctx, "account_purpose", a.purpose), bitext(a.branch), bitext(a.name), plain(a.number))
            for a in ctx.deal.accounts]
    return labelled_table(ctx, "om.accounts", ("account", "bank", "name", "number"), rows, ("l", "l", "l", "l"),
                          part="head", widths=(2, 3, 3, 3))


@table("om.triggers")
def triggers(ctx: BuildContext) -> Table:
    rows = []
    for t in ctx.deal.triggers:
        cure = lab(ctx, "om.triggers.cure_days", n=t.cure_days, unit=t.cure_unit) if t.cure_days else lab(ctx, "om.triggers.no_cure")
        cons = Join(tuple(enum_label(ctx, "consequence", c) for c in t.consequences), "om.triggers.consequence_sep")
        rows.append((enum_label(ctx, "trigger_category", t.category), bitext(t.condition), cure, cons))
    return labelled_table(ctx, "om.triggers", ("category", "condition", "cure", "consequences"), rows,
                          ("l", "l", "c", "l"), part="head", widths=(2, 6, 1, 4))


@table("om.payment-dates")
def payment_dates(ctx: BuildContext) -> Table:
    rows = []
    est = False
    for p in ctx.proj.periods:
        est = est or p.calendar_estimated
        pay = (one_lab(ctx, "om.payment-dates.estimated", day=p.payment_date.isoformat())
               if p.calendar_estimated else day(p.payment_date))
        span = one_lab(ctx, "om.payment-dates.collection_period", start=p.collection_start.isoformat(),
                       end=p.collection_end.isoformat())
        rows.append((plain(str(p.index)), pay, span,
                     day(p.calculation_date), day(p.shortfall_trigger_date), day(p.shortfall_transfer_date),
                     plain(str(p.accrual_days))))
    return labelled_table(
        ctx, "om.payment-dates",
        (lab(ctx, "om.col.period"), lab(ctx, "om.col.payment_date"), "collection_period", "calculation_date",
         "trigger_date", "transfer_date", "accrual_days"),
        rows, ("c", "c", "c", "c", "c", "c", "r"), part="head", widths=(1, 2, 4, 2, 2, 2, 1),
        note=cap(ctx, "om.payment-dates.note") if est else None)
