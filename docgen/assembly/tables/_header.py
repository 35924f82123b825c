"""A table with its words from the label files: the caption `<labels>.caption`, one header label a column
`<labels>.header.<column>` (clauses/tables/*.yaml)."""

from __future__ import annotations

from collections.abc import Iterable

from docgen.assembly.registry import BuildContext
from docgen.assembly.tables._util import cap, lab, unit_cap
from docgen.tree import Table


def header_row(ctx: BuildContext, table_id: str, *columns, part: str = "header") -> tuple:
    """The labels `<table_id>.<part>.<column>` of `columns`, in order; a column given as a cell (a label
    shared by several tables, a deal text) stays as it is."""
    return tuple(lab(ctx, f"{table_id}.{part}.{c}") if isinstance(c, str) else c for c in columns)


def labelled_table(ctx: BuildContext, tid: str, columns: Iterable, rows: Iterable, align: Iterable[str], *,
                   labels: str | None = None, part: str = "header", unit: bool = False, widths: tuple[int, ...] = (),
                   total_rows: int = 0, note=None) -> Table:
    """Table `tid` with one header row: caption and column labels under `labels` (default: `tid`), see
    `header_row`; the caption names the display unit when `unit`."""
    key = labels or tid
    return Table(
        id=tid,
        caption=(unit_cap if unit else cap)(ctx, f"{key}.caption"),
        header=(header_row(ctx, key, *columns, part=part),),
        rows=tuple(rows),
        align=tuple(align),
        widths=widths,
        total_rows=total_rows,
        note=note,
    )
