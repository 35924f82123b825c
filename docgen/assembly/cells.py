"""Typed table cells: what a table builder puts in a row, and the one step that prints them.

Builders return rows of plain values — an amount, a rate, a date, a label key, a deal text — and
`format_table` (applied by `registry.table` to every registered builder) turns each into a
`docgen.tree.Cell` through `docgen/format` and the label files. Figures are printed once, the same in
both languages (a plain `Cell`); words are `Bi(Cell(zh), Cell(en))`. `Cell` and `Bi` values pass
through unchanged, so a builder may still build a cell by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from docgen.tree import LANGS, Bi, Cell, Table


@dataclass(frozen=True)
class Num:
    """A number to `places` decimals, printed once: the same in both languages."""

    value: Decimal
    places: int = 2
    bold: bool = False

    def figure(self, f) -> str:
        """The printed figure, by the formatter `f`."""
        return f.num(Decimal(self.value), self.places)


class Money(Num):
    """An amount in the deal's amount unit, printed as a bare figure in the display unit (whose places
    it takes; `places` is not read)."""

    def figure(self, f) -> str:
        return f.money_figure(Decimal(self.value))


@dataclass(frozen=True)
class Multiple(Num):
    """A coverage multiple, printed bare (the header says what it is): 1.3042."""

    places: int = 4


class Pct(Num):
    def figure(self, f) -> str:
        return f.pct(Decimal(self.value), self.places)


@dataclass(frozen=True)
class Day:
    """A date in a table: ISO form, the same in both languages."""

    value: dt.date
    bold: bool = False


@dataclass(frozen=True)
class Label:
    """A label of the label files with the values its `vars` declare. `one`: the label reads the same
    in both languages and prints as one plain cell (a date range, a marked date)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    bold: bool = False
    colspan: int = 1
    one: bool = False


@dataclass(frozen=True)
class Text:
    """Text printed as given: a deal's bilingual text (`en` set) or one string for both languages."""

    zh: str
    en: str | None = None
    bold: bool = False
    colspan: int = 1


@dataclass(frozen=True)
class Join:
    """Several cell values in one cell, joined by the separator label `sep` (between roles, say)."""

    parts: tuple
    sep: str
    bold: bool = False


@dataclass(frozen=True)
class Blank:
    colspan: int = 1


def label_text(ctx, v: Label) -> Bi:
    return ctx.labels.text(v.key, **dict(v.values))


def _figure(ctx, v) -> str | None:
    if isinstance(v, Num):
        return v.figure(ctx.fmt["zh"])  # figures print alike in both languages
    if isinstance(v, Day):
        return v.value.isoformat()
    return None


def format_cell(ctx, v):
    """One table cell: a plain `Cell` (figures, one text) or `Bi(Cell, Cell)` (words)."""
    if isinstance(v, (Cell, Bi)):
        return v
    fig = _figure(ctx, v)
    if fig is not None:
        return Cell(fig, bold=v.bold)
    if isinstance(v, Text):
        if v.en is None:
            return Cell(v.zh, bold=v.bold, colspan=v.colspan)
        return Bi(Cell(v.zh, bold=v.bold, colspan=v.colspan), Cell(v.en, bold=v.bold, colspan=v.colspan))
    if isinstance(v, Label):
        b = label_text(ctx, v)
        if v.one:
            return Cell(b.zh, bold=v.bold, colspan=v.colspan)
        return Bi(Cell(b.zh, bold=v.bold, colspan=v.colspan), Cell(b.en, bold=v.bold, colspan=v.colspan))
    if isinstance(v, Join):
        sep = ctx.labels.text(v.sep)
        parts = [_texts(ctx, p) for p in v.parts]
        return Bi(*(Cell(sep[lang].join(p[lang] for p in parts), bold=v.bold) for lang in LANGS))
    if isinstance(v, Blank):
        return Cell("", colspan=v.colspan)
    raise TypeError(f"not a table cell value: {v!r}")


def _texts(ctx, v) -> Bi:
    """The printed text of a cell value in each language."""
    c = format_cell(ctx, v)
    return Bi(c.zh.text, c.en.text) if isinstance(c, Bi) else Bi(c.text, c.text)


def _words(ctx, v):
    return label_text(ctx, v) if isinstance(v, Label) else v


def format_table(table: Table, ctx) -> Table:
    """Every cell of `table` printed; a caption or note given as a `Label` rendered to its text."""
    return dataclasses.replace(
        table,
        caption=_words(ctx, table.caption),
        header=tuple(tuple(format_cell(ctx, c) for c in row) for row in table.header),
        rows=tuple(tuple(format_cell(ctx, c) for c in row) for row in table.rows),
        note=_words(ctx, table.note),
    )
