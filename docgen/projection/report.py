"""`docgen project DEAL [--scenario NAME] [--format table|json|csv|xlsx] [-o FILE]`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich import box
from rich.table import Table

from docgen.model.diagnostics import DealError
from docgen.projection.export import _num, projection_hash, to_csv, to_json, to_json_dict, write_xlsx  # noqa: F401
from docgen.projection.result import Projection

FORMATS = ("table", "json", "csv", "xlsx")
EXIT_BAD_INPUT = 2


def _table(title: str) -> Table:
    return Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)


def _m(x) -> str:
    """An amount with thousands separators for the screen."""
    return f"{x:,.2f}"


def tables(proj: Projection) -> list[Table]:
    """The projection as rich tables: cash flow, support and coverage, stress, break-even."""
    what = f"scenario {proj.scenario}" if proj.scenario else "base case"
    ids = list(proj.periods[0].balances) if proj.periods else []
    cash = _table(f"{proj.deal_id} — amounts due and paid ({what}; {proj.amount_unit})")
    for h in ("P", "date", "inflow", "taxes", "fees", "sen. int.", "sen. princ.", "required"):
        cash.add_column(h, justify="right")
    for p in proj.periods:
        mark = "*" if p.calendar_estimated else ""
        cash.add_row(str(p.index), p.payment_date.isoformat() + mark, *map(_m, (
            p.inflow, p.taxes, p.fees, p.senior_interest, p.senior_principal, p.required)))
    t = proj.totals
    cash.add_row("Σ", "", *map(_m, (t["inflow"], t["taxes"], t["fees"], t["senior_interest"], t["senior_principal"],
                                    t["required"])), style="bold")
    if any(p.calendar_estimated for p in proj.periods):
        cash.caption = "* beyond the published holiday calendar: estimated"

    dist = _table("rest of the distribution and balances after each payment date")
    for h in ("P", "reserve c/f", "sub income", "sub princ.", "residual", *ids):
        dist.add_column(h, justify="right")
    for p in proj.periods:
        dist.add_row(str(p.index), *map(_m, (p.reserve_end, p.sub_income, p.sub_principal, p.residual,
                                             *[p.balances[t] for t in ids])))

    cov = _table("coverage and support")
    for h in ("P", "regime", "available", "shortfall", "support", "guarantee", "cov.", "sen. cov.", "unpaid"):
        cov.add_column(h, justify="right")
    for p in proj.periods:
        cov.add_row(str(p.index), p.regime + (" (EoD)" if p.event_of_default else ""), _m(p.available),
                    _m(p.shortfall_due), _m(p.shortfall_paid + p.interim_shortfall_paid), _m(p.guarantee_paid),
                    _num(p.coverage_total, "coverage"), _num(p.coverage_senior, "coverage"), _m(p.unpaid_senior))
    cov.caption = (f"cumulative coverage {_num(proj.cumulative_coverage, 'coverage')}x; "
                   f"gross over-coverage {_num(proj.gross_overcoverage, 'coverage')}x")

    st = _table("stress: coverage against base-case amounts due")
    st.add_column("scenario")
    for p in proj.periods:
        st.add_column(f"P{p.index}", justify="right")
    st.add_column("min", justify="right")
    st.add_column("shortfall", justify="right")
    for s in proj.stress:
        st.add_row(f"{s.id} {s.name_en}", *[_num(c, "coverage") for c in s.coverage], _num(s.min_coverage, "coverage"),
                   _m(sum(s.shortfall)))

    be = _table("break-even (lowest period coverage = 1.00x)")
    for h in ("factor", "level", "method"):
        be.add_column(h)
    b = proj.break_even
    if b:
        be.add_row("uniform inflow haircut (= area or price cut)", f"{_num(b.uniform_haircut_pct, None)} %",
                   f"{b.method.get('uniform', '')}, binding period {b.binding_period}")
        for cid, r in b.collection_rate_pct.items():
            be.add_row(f"collection rate of {cid}", f"{_num(r, None)} %", b.method.get(cid, ""))
    return [cash, dist, cov, st, be]


def render_table(proj: Projection, console: Console) -> None:
    for t in tables(proj):
        console.print(t)
    for w in proj.warnings:
        console.print(f"warning: {w}", style="yellow", markup=False)
    console.print(f"projection hash {projection_hash(proj)}", markup=False)


def project_command(deal_path: Path, *, scenario: str | None = None, fmt: str = "table", output: Path | None = None,
                    out: Console, err: Console) -> None:
    from docgen.model.loader import load_deal
    from docgen.projection.run import UnknownScenario, project

    fmt = (fmt or "table").lower()
    if fmt not in FORMATS:
        err.print(f"docgen project: unknown format '{fmt}' (use one of: {', '.join(FORMATS)})", style="red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    if fmt == "xlsx" and output is None:
        err.print("docgen project: --format xlsx needs -o FILE", style="red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        deal = load_deal(deal_path)
    except DealError as e:
        for d in e.diagnostics:
            err.print(d.format(), style="red" if d.severity == "error" else "yellow", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        proj = project(deal, scenario)
    except UnknownScenario as e:
        err.print(f"docgen project: {e.args[0]}", style="red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)

    if fmt == "xlsx":
        write_xlsx(proj, output)
        err.print(f"wrote {output}", markup=False)
        return
    if fmt == "table":
        if output is None:
            render_table(proj, out)
        else:
            with open(output, "w", encoding="utf-8") as fh:
                render_table(proj, Console(file=fh, width=200, highlight=False, color_system=None))
        return
    text = to_json(proj) if fmt == "json" else to_csv(proj)
    if output is None:
        out.out(text, highlight=False, end="" if text.endswith("\n") else "\n")
    else:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
