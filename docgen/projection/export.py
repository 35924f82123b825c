"""A projection as plain data: canonical JSON (and its hash for the render manifest), CSV, xlsx.

Amounts are decimal strings to the fen ("6465.00"), coverage multiples to four places ("1.3042"),
dates ISO. The JSON is canonical (sorted keys, no spaces) when hashed, so one projection run is
identified by one hash across every document that prints its figures.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docgen.projection.result import Projection

FOUR_PLACES = {"coverage_total", "coverage_senior", "cumulative_coverage", "gross_overcoverage", "gross_overcoverage_all",
               "gross_overcoverage_senior", "coverage", "min_coverage"}
SIX_PLACES = {"covered_share"}
XLSX_CREATED = dt.datetime(2000, 1, 1)  # fixed: the workbook is byte-identical run to run

PERIOD_COLUMNS = (
    "index", "payment_date", "unadjusted_date", "calendar_estimated", "collection_start", "collection_end",
    "calculation_date", "shortfall_trigger_date", "shortfall_transfer_date", "accrual_days", "regime",
    "inflow", "reserve_bf", "available", "taxes", "fees", "senior_interest", "senior_principal", "put_amount",
    "required", "shortfall_due", "shortfall_paid", "interim_shortfall_paid", "guarantee_paid", "reserve_end",
    "sub_income", "sub_principal", "residual", "released", "coverage_total", "coverage_senior", "unpaid_senior",
)


def _num(x: Decimal, key: str | None) -> str:
    places = 4 if key in FOUR_PLACES else 6 if key in SIX_PLACES else 2
    return str(x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _plain(obj, key: str | None = None):
    if isinstance(obj, Decimal):
        return _num(obj, key)
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj):
        return {f.name: _plain(getattr(obj, f.name), f.name) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _plain(v, key) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v, key) for v in obj]
    raise TypeError(f"cannot export {type(obj).__name__}")


def to_json_dict(proj: Projection) -> dict:
    """The whole projection as JSON-ready data (top-level keys: periods, totals, stress, break_even, …).
    `gross_overcoverage` (the key older scripts read) and `gross_overcoverage_all` are the same figure."""
    out = {}
    for key, value in _plain(proj).items():
        out[key] = value
        if key == "gross_overcoverage":  # beside it, in the same order as the fields
            out["gross_overcoverage_all"] = value
    return out


def canonical_json(proj: Projection) -> str:
    return json.dumps(to_json_dict(proj), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def projection_hash(proj: Projection) -> str:
    """sha256 of the canonical JSON: names one projection run in the render manifest."""
    return hashlib.sha256(canonical_json(proj).encode("utf-8")).hexdigest()


def to_json(proj: Projection) -> str:
    return json.dumps(to_json_dict(proj), ensure_ascii=False, indent=2)


def _tranche_ids(proj: Projection) -> list[str]:
    return list(proj.periods[0].balances) if proj.periods else []


def to_csv(proj: Projection) -> str:
    """One row per period; tranche balances after each payment date as balance_<id> columns."""
    ids = _tranche_ids(proj)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(PERIOD_COLUMNS) + [f"balance_{t}" for t in ids])
    for p in proj.periods:
        d = _plain(p)
        w.writerow([d[c] for c in PERIOD_COLUMNS] + [d["balances"][t] for t in ids])
    return buf.getvalue()


def _sheets(proj: Projection) -> list[tuple[str, list[str], list[list]]]:
    """(sheet name, header, rows) for every table; cells are Decimal, int, str or date."""
    ids = _tranche_ids(proj)
    periods = [[getattr(p, c) for c in PERIOD_COLUMNS] + [p.balances[t] for t in ids] for p in proj.periods]
    seasons = [[s.class_id, s.season, s.area, s.price, s.billed, s.collection_rate, s.collected, s.arrears_recovered,
                s.covered_share] for s in proj.seasons]
    months = [[m.month, m.period if m.period is not None else "", m.cash, m.transferred, m.released] for m in proj.months]
    stress = []
    for s in proj.stress:
        for p, x, c, sh in zip(proj.periods, s.inflow, s.coverage, s.shortfall):
            stress.append([s.id, s.name_en, p.index, x, c, sh])
    be = proj.break_even
    breakeven = []
    if be:
        breakeven.append(["uniform inflow haircut", be.uniform_haircut_pct, be.binding_period, be.method.get("uniform", "")])
        for cid, r in be.collection_rate_pct.items():
            breakeven.append([f"collection rate: {cid}", r, "", be.method.get(cid, "")])
    totals = [[k, v] for k, v in proj.totals.items()]
    totals += [["cumulative_coverage", proj.cumulative_coverage], ["gross_overcoverage", proj.gross_overcoverage],
               ["gross_overcoverage_all", proj.gross_overcoverage_all],
               ["gross_overcoverage_senior", proj.gross_overcoverage_senior]]
    return [
        ("Periods", list(PERIOD_COLUMNS) + [f"balance_{t}" for t in ids], periods),
        ("Seasons", ["class", "season", "area", "price", "billed", "collection_rate_pct", "collected",
                     "arrears_recovered", "covered_share"], seasons),
        ("Months", ["month", "period", "cash", "transferred", "released"], months),
        ("Stress", ["scenario", "name", "period", "inflow", "coverage", "shortfall"], stress),
        ("Break-even", ["factor", "level_pct", "binding_period", "method"], breakeven),
        ("Totals", ["item", "amount"], totals),
        ("Warnings", ["warning"], [[w] for w in proj.warnings]),
    ]


def write_xlsx(proj: Projection, path: Path) -> None:
    """One sheet per table, numbers as numbers, header row frozen; deterministic bytes."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"title": f"Projection {proj.deal_id}", "created": XLSX_CREATED})
    head = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0.00"})
    cov = wb.add_format({"num_format": "0.0000"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, header, rows in _sheets(proj):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, header, head)
        ws.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                key = header[c]
                if isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, Decimal):
                    # a multiple: by its column, or in the Totals sheet by its row's name
                    ws.write_number(r, c, v, cov if key in FOUR_PLACES or row[0] in FOUR_PLACES else money)
                elif isinstance(v, int):
                    ws.write_number(r, c, v)
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), day)
                else:
                    ws.write_string(r, c, str(v))
        ws.set_column(0, max(len(header) - 1, 0), 14)
    wb.close()
