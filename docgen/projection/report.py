"""The projection as screen tables (cash flow, distribution, coverage, stress, break-even): plain rows of
text for `docgen project --format table` to print."""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.projection.export import _num
from docgen.projection.result import Projection

RIGHT, LEFT = "right", "left"


@dataclass
class ReportTable:
    title: str
    columns: list[tuple[str, str]] = field(default_factory=list)  # (header, RIGHT or LEFT)
    rows: list[tuple[str, ...]] = field(default_factory=list)
    total: tuple[str, ...] | None = None  # a last row, printed bold
    caption: str | None = None

    def column(self, header: str, justify: str = RIGHT) -> None:
        self.columns.append((header, justify))


def _m(x) -> str:
    """An amount with thousands separators for the screen."""
    return f"{x:,.2f}"


def _cov(x) -> str:
    return _num(x, "coverage")


def tables(proj: Projection) -> list[ReportTable]:
    """Cash flow, rest of the distribution, coverage and support, stress, break-even."""
    return [_cash(proj), _distribution(proj), _coverage(proj), _stress(proj), _break_even(proj)]


def _cash(proj: Projection) -> ReportTable:
    what = f"scenario {proj.scenario}" if proj.scenario else "base case"
    cash = ReportTable(f"{proj.deal_id} — amounts due and paid ({what}; {proj.amount_unit})")
    for h in ("P", "date", "inflow", "taxes", "fees", "sen. int.", "sen. princ.", "required"):
        cash.column(h)
    for p in proj.periods:
        mark = "*" if p.calendar_estimated else ""
        cash.rows.append((str(p.index), p.payment_date.isoformat() + mark, *map(_m, (
            p.inflow, p.taxes, p.fees, p.senior_interest, p.senior_principal, p.required))))
    t = proj.totals
    cash.total = ("Σ", "", *map(_m, (t["inflow"], t["taxes"], t["fees"], t["senior_interest"], t["senior_principal"],
                                     t["required"])))
    if any(p.calendar_estimated for p in proj.periods):
        cash.caption = "* beyond the published holiday calendar: estimated"
    return cash


def _distribution(proj: Projection) -> ReportTable:
    ids = list(proj.periods[0].balances) if proj.periods else []
    dist = ReportTable("rest of the distribution and balances after each payment date")
    for h in ("P", "reserve c/f", "sub income", "sub princ.", "residual", *ids):
        dist.column(h)
    for p in proj.periods:
        dist.rows.append((str(p.index), *map(_m, (p.reserve_end, p.sub_income, p.sub_principal, p.residual,
                                                  *[p.balances[t] for t in ids]))))
    return dist


def _coverage(proj: Projection) -> ReportTable:
    cov = ReportTable("coverage and support")
    for h in ("P", "regime", "available", "shortfall", "support", "guarantee", "cov.", "sen. cov.", "unpaid"):
        cov.column(h)
    for p in proj.periods:
        cov.rows.append((str(p.index), p.regime + (" (EoD)" if p.event_of_default else ""), _m(p.available),
                         _m(p.shortfall_due), _m(p.shortfall_paid + p.interim_shortfall_paid), _m(p.guarantee_paid),
                         _cov(p.coverage_total), _cov(p.coverage_senior), _m(p.unpaid_senior)))
    cov.caption = (f"cumulative coverage {_cov(proj.cumulative_coverage)}x; "
                   f"gross over-coverage {_cov(proj.gross_overcoverage_all)}x (all tranches), "
                   f"{_cov(proj.gross_overcoverage_senior)}x (senior)")
    return cov


def _stress(proj: Projection) -> ReportTable:
    st = ReportTable("stress: coverage against base-case amounts due")
    st.column("scenario", LEFT)
    for p in proj.periods:
        st.column(f"P{p.index}")
    st.column("min")
    st.column("shortfall")
    for s in proj.stress:
        st.rows.append((f"{s.id} {s.name_en}", *[_cov(c) for c in s.coverage], _cov(s.min_coverage), _m(sum(s.shortfall))))
    return st


def _break_even(proj: Projection) -> ReportTable:
    be = ReportTable("break-even (lowest period coverage = 1.00x)")
    for h in ("factor", "level", "method"):
        be.column(h, LEFT)
    b = proj.break_even
    if b:
        be.rows.append(("uniform inflow haircut (= area or price cut)", f"{_num(b.uniform_haircut_pct, None)} %",
                        f"{b.method.get('uniform', '')}, binding period {b.binding_period}"))
        for cid, r in b.collection_rate_pct.items():
            be.rows.append((f"collection rate of {cid}", f"{_num(r, None)} %", b.method.get(cid, "")))
    return be
