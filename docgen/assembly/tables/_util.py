"""Helpers shared by the table builders: typed cell values, captions from the label files.

A builder fills its rows with the values these helpers return (`docgen.assembly.cells`); the registry
prints them all in one step: money through `Formatter.money_figure` in the deal's display unit,
coverage multiples to four places, rates to two, dates in ISO form, labels from the label files.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from docgen.assembly.cells import Day, Label, Money, Multiple, Num, Pct, Text
from docgen.assembly.registry import BuildContext
from docgen.tree import Bi

ZERO = Decimal(0)
CENT = Decimal("0.01")


def bitext(text, bold: bool = False) -> Text:
    """A cell from a deal `BiText`."""
    return Text(text.zh, text.en, bold=bold)


def plain(text: str, bold: bool = False, colspan: int = 1) -> Text:
    """One text for both languages (an index, a season, a rating)."""
    return Text(text, bold=bold, colspan=colspan)


def money(ctx: BuildContext, x: Decimal, bold: bool = False) -> Money:
    """An amount (in the deal's amount unit) as a bare figure in the display unit."""
    return Money(Decimal(x), bold=bold)


def number(ctx: BuildContext, x: Decimal, places: int = 2, bold: bool = False) -> Num:
    return Num(Decimal(x), places, bold)


def coverage(ctx: BuildContext, x: Decimal, bold: bool = False) -> Multiple:
    """A coverage multiple to four places, as the projection rounds it (1.3042)."""
    return Multiple(Decimal(x), 4, bold)


def percent(ctx: BuildContext, x: Decimal, places: int = 2, bold: bool = False) -> Pct:
    return Pct(Decimal(x), places, bold)


def day(d: dt.date, bold: bool = False) -> Day:
    """A date in a table: ISO form, the same in both languages."""
    return Day(d, bold)


def units(ctx: BuildContext) -> Bi:
    """The display unit in both languages (wan yuan / RMB 10,000), for a label's `t(unit)`."""
    return Bi(ctx.fmt["zh"].unit_label(), ctx.fmt["en"].unit_label())


def totals(items, *fields: str) -> tuple[Decimal, ...]:
    """The sum of each attribute in `fields` over `items`, in order (the figures of a total row)."""
    items = list(items)
    return tuple(sum((getattr(x, f) for x in items), ZERO) for f in fields)


def ratio(a: Decimal, b: Decimal, places: int = 4) -> Decimal:
    """a / b rounded half-up (0 when b is 0)."""
    if not b:
        return ZERO
    return (Decimal(a) / Decimal(b)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def lab(ctx: BuildContext, key: str, bold: bool = False, colspan: int = 1, **values) -> Label:
    """A bilingual label cell from the label files (clauses/tables/*.yaml, clauses/labels/*.yaml)."""
    return Label(key, tuple(values.items()), bold, colspan)


def one_lab(ctx: BuildContext, key: str, **values) -> Label:
    """A label that reads the same in both languages (a date range), printed as one plain cell."""
    return Label(key, tuple(values.items()), one=True)


def enum_label(ctx: BuildContext, group: str, value, bold: bool = False) -> Label:
    """The printed name of a deal enum value: `enum.<group>.<value>` (clauses/labels/enums.yaml)."""
    return Label(f"enum.{group}.{getattr(value, 'value', value)}", bold=bold)


def enum_text(ctx: BuildContext, group: str, value) -> Bi:
    return ctx.labels.text(f"enum.{group}.{getattr(value, 'value', value)}")


def cap(ctx: BuildContext, key: str, **values) -> Bi:
    """A caption (or a note) from the label files."""
    return ctx.labels.text(key, **values)


def unit_cap(ctx: BuildContext, key: str, **values) -> Bi:
    """A caption naming the display unit (label `table.unit_caption`)."""
    return _with_unit(ctx, ctx.labels.text(key, **values))


def _with_unit(ctx: BuildContext, c: Bi) -> Bi:
    zh = ctx.labels.text("table.unit_caption", caption=c.zh, unit=ctx.fmt["zh"].unit_label()).zh
    en = ctx.labels.text("table.unit_caption", caption=c.en, unit=ctx.fmt["en"].unit_label()).en
    return Bi(zh, en)


def total_label(ctx: BuildContext, bold: bool = True) -> Label:
    return lab(ctx, "table.total", bold=bold)


def period_label(ctx: BuildContext, n: int) -> Label:
    return lab(ctx, "table.period", n=n)


def month_label(ctx: BuildContext, m: int) -> Label:
    return lab(ctx, f"enum.month.{m}")


def season_months(start_month: int) -> list[int]:
    """The twelve calendar months of a season year, starting with `start_month`."""
    return [((start_month - 1 + i) % 12) + 1 for i in range(12)]


def season_of(d: dt.date, start_month: int) -> str:
    """The season ('2028-2029') a date falls in, a season running 12 months from `start_month`; a
    calendar year ('2028') when seasons start in January."""
    if start_month == 1:
        return str(d.year)
    y = d.year if d.month >= start_month else d.year - 1
    return f"{y}-{y + 1}"


def put_in_scope(ctx: BuildContext) -> bool:
    und = ctx.deal.credit_enhancement.undertaking
    return bool(ctx.deal.has_put or ctx.deal.has_call) or bool(
        und and ({"put_amount", "call_amount"} & set(und.scope)))
