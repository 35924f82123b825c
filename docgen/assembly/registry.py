"""Registries of the tables and figures that clause bodies name (`{table: ID}`, `{figure: ID}`).

A builder is a pure function of a `BuildContext` returning a `docgen.tree.Table` / `Figure`. A table
builder fills its rows with typed values (`docgen.assembly.cells`: amounts, rates, dates, label keys,
deal texts); the registry prints every cell through `cells.format_table`, so each table comes out with
`Cell`s (figures) and `Bi(Cell, Cell)`s (words).
Builders live in `docgen/assembly/tables/*.py` and `docgen/assembly/figures.py` and register
themselves on import.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from docgen.assembly.cells import format_table

from docgen.format import Formatter
from docgen.model.deal import Deal
from docgen.projection.result import Projection


@dataclass(frozen=True)
class BuildContext:
    deal: Deal
    proj: Projection
    fmt: dict[str, Formatter]  # "zh" / "en"
    document: str  # the document being assembled
    labels: object = None  # docgen.assembly.labels.Labels: every printed word of a table or chart


TABLES: dict[str, Callable[[BuildContext], object]] = {}
FIGURES: dict[str, Callable[[BuildContext], object]] = {}


def table(table_id: str):
    def register(fn):
        if table_id in TABLES:
            raise ValueError(f"table '{table_id}' is registered twice")

        @functools.wraps(fn)
        def build(ctx: BuildContext):
            return format_table(fn(ctx), ctx)

        TABLES[table_id] = build
        return build

    return register


def figure(figure_id: str):
    def register(fn):
        if figure_id in FIGURES:
            raise ValueError(f"figure '{figure_id}' is registered twice")
        FIGURES[figure_id] = fn
        return fn

    return register


def load_builders() -> None:
    """Import every builder module so that they register."""
    import importlib
    import pkgutil

    import docgen.assembly.tables as pkg

    for m in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{m.name}")
    try:
        importlib.import_module("docgen.assembly.figures")
    except ModuleNotFoundError as e:
        if e.name != "docgen.assembly.figures":
            raise
