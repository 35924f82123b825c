"""A table's header row from the label files: one label a column, `<table id>.header.<column>`."""

from __future__ import annotations

from docgen.assembly.registry import BuildContext
from docgen.assembly.tables._util import lab


def header_row(ctx: BuildContext, table_id: str, *columns: str) -> tuple:
    """The labels `<table_id>.header.<column>` of `columns`, in order (clauses/tables/*.yaml)."""
    return tuple(lab(ctx, f"{table_id}.header.{c}") for c in columns)
