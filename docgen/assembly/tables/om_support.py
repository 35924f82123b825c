"""Offering-memorandum tables of the disclosed facts (`deal.disclosures`): the credit-support providers' key
financials, the project's approvals and the security on the project assets.
Words: clauses/tables/offering-memorandum.yaml (om.support-financials, om.project-approvals, om.project-encumbrances)."""

from __future__ import annotations

from docgen.assembly.registry import BuildContext, table
from docgen.assembly.tables._header import header_row
from docgen.assembly.tables._util import bitext, cap, day, lab, money, plain, unit_cap
from docgen.tree import Table

FIGURES = ("total_assets", "net_assets", "revenue", "net_profit", "operating_cash_flow")


def _financials(ctx: BuildContext, pid: str | None, table_id: str) -> Table:
    """One row per figure, one column per financial year; the audit firm of each year in the last row."""
    facts = ctx.deal.disclosures.credit_support.get(pid) if pid else None
    years = facts.financials if facts else []
    rows = [(lab(ctx, f"om.support-financials.row.{f}"),) + tuple(money(ctx, getattr(y, f)) for y in years)
            for f in FIGURES]
    rows.append((lab(ctx, "om.support-financials.row.auditor"),) + tuple(bitext(y.auditor) for y in years))
    name = ctx.deal.parties[pid].name if pid else None
    return Table(
        id=table_id,
        caption=unit_cap(ctx, "om.support-financials.caption", name=name),
        header=((lab(ctx, "om.support-financials.head.item"),)
                + tuple(lab(ctx, "om.support-financials.head.year", year=y.year) for y in years),),
        rows=tuple(rows),
        align=("l",) + ("r",) * len(years),
        widths=(3,) + (2,) * len(years),
        note=cap(ctx, "om.support-financials.note", name=name),
    )


@table("om.support-financials.undertaker")
def undertaker_financials(ctx: BuildContext) -> Table:
    und = ctx.deal.credit_enhancement.undertaking
    return _financials(ctx, und.undertaker if und else None, "om.support-financials.undertaker")


@table("om.support-financials.guarantor")
def guarantor_financials(ctx: BuildContext) -> Table:
    g = ctx.deal.credit_enhancement.guarantee
    return _financials(ctx, g.guarantor if g else None, "om.support-financials.guarantor")


@table("om.project-approvals")
def project_approvals(ctx: BuildContext) -> Table:
    """Each approval, filing or acceptance of the project assets: asset, kind, document, number, authority, date."""
    rows = [(bitext(a.asset), lab(ctx, f"om.project-approvals.kind.{a.kind}"), bitext(a.document), plain(a.number),
             bitext(a.authority), day(a.date))
            for a in ctx.deal.disclosures.project.approvals]
    return Table(
        id="om.project-approvals",
        caption=cap(ctx, "om.project-approvals.caption"),
        header=(header_row(ctx, "om.project-approvals", "asset", "kind", "document", "number", "authority", "date"),),
        rows=tuple(rows),
        align=("l", "l", "l", "l", "l", "c"),
        widths=(3, 2, 4, 3, 3, 2),
    )


@table("om.project-encumbrances")
def project_encumbrances(ctx: BuildContext) -> Table:
    """Each security on the project assets: asset, kind, secured creditor, amount, registration."""
    rows = [(bitext(e.asset), lab(ctx, f"om.project-encumbrances.kind.{e.kind}"), bitext(e.secured_creditor),
             money(ctx, e.secured_amount), lab(ctx, "om.project-encumbrances.registration", registry=e.registry,
                                               number=e.registration_no, day=e.registration_date))
            for e in ctx.deal.disclosures.project.encumbrances or []]
    return Table(
        id="om.project-encumbrances",
        caption=unit_cap(ctx, "om.project-encumbrances.caption"),
        header=(header_row(ctx, "om.project-encumbrances", "asset", "kind", "creditor", "amount", "registration"),),
        rows=tuple(rows),
        align=("l", "l", "l", "r", "l"),
        widths=(4, 2, 3, 2, 4),
    )
