"""Helpers shared by the table builders: bilingual label cells, figure cells, captions.

Every figure a table prints is the projection's own figure, formatted once here: money through
`Formatter.money_figure` in the deal's display unit, coverage multiples to four places, rates to two.
Labels are `Bi(Cell(zh), Cell(en))`; figures are plain `Cell`s (the same in both languages).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from docgen.assembly.registry import BuildContext
from docgen.tree import Bi, Cell

ZERO = Decimal(0)
CENT = Decimal("0.01")


def label(zh: str, en: str, bold: bool = False, colspan: int = 1) -> Bi:
    """A bilingual label cell."""
    return Bi(Cell(zh, bold=bold, colspan=colspan), Cell(en, bold=bold, colspan=colspan))


def bitext(text, bold: bool = False) -> Bi:
    """A label cell from a deal `BiText`."""
    return Bi(Cell(text.zh, bold=bold), Cell(text.en, bold=bold))


def plain(text: str, bold: bool = False, colspan: int = 1) -> Cell:
    return Cell(text, bold=bold, colspan=colspan)


def money(ctx: BuildContext, x: Decimal, bold: bool = False) -> Cell:
    """An amount (in the deal's amount unit) as a bare figure in the display unit."""
    return Cell(ctx.fmt["zh"].money_figure(Decimal(x)), bold=bold)


def number(ctx: BuildContext, x: Decimal, places: int = 2, bold: bool = False) -> Cell:
    return Cell(ctx.fmt["zh"].num(Decimal(x), places), bold=bold)


def coverage(ctx: BuildContext, x: Decimal, bold: bool = False) -> Cell:
    """A coverage multiple to four places, as the projection rounds it (1.3042)."""
    return Cell(ctx.fmt["zh"].num(Decimal(x), 4), bold=bold)


def percent(ctx: BuildContext, x: Decimal, places: int = 2, bold: bool = False) -> Cell:
    return Cell(ctx.fmt["zh"].pct(Decimal(x), places), bold=bold)


def day(d: dt.date, bold: bool = False) -> Cell:
    """A date in a table: ISO form, the same in both languages."""
    return Cell(d.isoformat(), bold=bold)


def unit_caption(ctx: BuildContext, zh: str, en: str) -> Bi:
    """A caption naming the display unit: 标题（单位：万元） / Title (RMB 10,000)."""
    return Bi(f"{zh}（单位：{ctx.fmt['zh'].unit_label()}）", f"{en} ({ctx.fmt['en'].unit_label()})")


def caption(zh: str, en: str) -> Bi:
    return Bi(zh, en)


def note(zh: str, en: str) -> Bi:
    """A footnote under a table."""
    return Bi(zh, en)


def ratio(a: Decimal, b: Decimal, places: int = 4) -> Decimal:
    """a / b rounded half-up (0 when b is 0)."""
    if not b:
        return ZERO
    return (Decimal(a) / Decimal(b)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def lab(ctx: BuildContext, key: str, bold: bool = False, colspan: int = 1, **values) -> Bi:
    """A bilingual label cell from the label files (clauses/tables/*.yaml, clauses/labels/*.yaml)."""
    return ctx.labels.cell(key, bold=bold, colspan=colspan, **values)


def enum_label(ctx: BuildContext, group: str, value, bold: bool = False) -> Bi:
    """The printed name of a deal enum value: `enum.<group>.<value>` (clauses/labels/enums.yaml)."""
    return ctx.labels.cell(f"enum.{group}.{getattr(value, 'value', value)}", bold=bold)


def enum_text(ctx: BuildContext, group: str, value) -> Bi:
    return ctx.labels.text(f"enum.{group}.{getattr(value, 'value', value)}")


def cap(ctx: BuildContext, key: str, **values) -> Bi:
    """A caption (or a note) from the label files."""
    return ctx.labels.text(key, **values)


def unit_cap(ctx: BuildContext, key: str, **values) -> Bi:
    """A caption naming the display unit: 标题（单位：万元） / Title (RMB 10,000)."""
    c = ctx.labels.text(key, **values)
    zh = ctx.labels.text("table.unit_caption", caption=c.zh, unit=ctx.fmt["zh"].unit_label()).zh
    en = ctx.labels.text("table.unit_caption", caption=c.en, unit=ctx.fmt["en"].unit_label()).en
    return Bi(zh, en)


def total_label(ctx: BuildContext, bold: bool = True) -> Bi:
    return lab(ctx, "table.total", bold=bold)


def period_label(ctx: BuildContext, n: int) -> Bi:
    return lab(ctx, "table.period", n=n)


def month_label(ctx: BuildContext, m: int) -> Bi:
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
