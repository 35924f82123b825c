"""Typed table cells: one formatting step prints every figure through docgen/format and every word
from the label files; the OM tranche table prints coupons exactly as the clause texts do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest

from docgen.assembly.cells import Blank, Day, Join, Label, Money, Multiple, Num, Pct, Text, format_cell, format_table
from docgen.assembly.labels import context_for
from docgen.assembly.registry import TABLES, load_builders
from docgen.model import load_deal
from docgen.tree import Bi, Cell, Table

DEALS = Path(__file__).resolve().parents[2] / "deals"


@pytest.fixture(scope="module")
def deal():
    return load_deal(DEALS / "heating-semiannual.yaml")


@pytest.fixture(scope="module")
def ctx(deal):
    load_builders()
    return context_for(deal, None, "offering-memorandum")


def test_figures_print_once_through_the_formatter(ctx):
    f = ctx.fmt["zh"]
    x = D("12345.675")
    assert format_cell(ctx, Money(x)) == Cell(f.money_figure(x))
    assert format_cell(ctx, Num(x, 1, bold=True)) == Cell(f.num(x, 1), bold=True)
    assert format_cell(ctx, Multiple(D("1.30425"))) == Cell(f.num(D("1.30425"), 4))
    assert format_cell(ctx, Pct(D("3.125"))) == Cell(f.pct(D("3.125")))
    assert format_cell(ctx, Day(dt.date(2029, 4, 25))) == Cell("2029-04-25")
    assert format_cell(ctx, Blank(colspan=2)) == Cell("", colspan=2)


def test_words_come_from_labels_and_deal_texts(ctx):
    total = ctx.labels.text("table.total")
    assert format_cell(ctx, Label("table.total", bold=True)) == Bi(Cell(total.zh, bold=True), Cell(total.en, bold=True))
    p3 = ctx.labels.text("table.period", n=3)
    assert format_cell(ctx, Label("table.period", (("n", 3),))) == Bi(Cell(p3.zh), Cell(p3.en))
    assert format_cell(ctx, Text("A1")) == Cell("A1")
    assert format_cell(ctx, Text("甲", "A")) == Bi(Cell("甲"), Cell("A"))
    # a label that reads the same in both languages prints as one plain cell
    one = format_cell(ctx, Label("om.payment-dates.collection_period", (("start", "2028-04-01"), ("end", "2029-03-31")), one=True))
    assert isinstance(one, Cell) and "2028-04-01" in one.text and "2029-03-31" in one.text


def test_join_uses_the_separator_label(ctx):
    sep = ctx.labels.text("om.participants.role_sep")
    roles = [ctx.labels.text(f"enum.role.{r}") for r in ("originator", "servicer")]
    c = format_cell(ctx, Join((Label("enum.role.originator"), Label("enum.role.servicer")), "om.participants.role_sep"))
    assert c.zh.text == sep.zh.join(r.zh for r in roles)
    assert c.en.text == sep.en.join(r.en for r in roles)


def test_cells_and_unknown_values(ctx):
    cell = Cell("x", bold=True)
    assert format_cell(ctx, cell) is cell
    with pytest.raises(TypeError):
        format_cell(ctx, D(1))
    t = format_table(Table(id="t", caption=Label("om.fees.caption"), header=((Label("table.total"),),),
                           rows=((Money(D(1)),),), align=("r",)), ctx)
    assert t.caption == ctx.labels.text("om.fees.caption")
    assert isinstance(t.header[0][0], Bi) and isinstance(t.rows[0][0], Cell)


@pytest.mark.parametrize("rates", [("3.125", "3.135", "4.005")])
def test_coupon_in_table_equals_coupon_in_text(deal, rates):
    """Issue 11/14: the tranche table rounded coupons half-even (3.125 -> 3.12%) while the text says 3.13%."""
    fixed = [t for t in deal.tranches if t.coupon.type == "fixed"]
    assert len(fixed) >= len(rates)
    new = {t.id: D(r) for t, r in zip(fixed, rates)}
    tranches = [t.model_copy(update={"coupon": t.coupon.model_copy(update={"rate": new[t.id]})}) if t.id in new else t
                for t in deal.tranches]
    d = deal.model_copy(update={"tranches": tranches})
    load_builders()
    c = context_for(d, None, "offering-memorandum")
    table = TABLES["om.tranches"](c)
    # one column per tranche (named in the last header row), one row per term
    names = [h.en.text for h in table.header[-1]]
    row = next(r for r in table.rows if r[0].en.text == c.labels.text("om.tranches.head.coupon").en)
    printed = dict(zip(names[1:-1], row[1:-1]))
    for t in fixed[:len(rates)]:
        for lang in ("zh", "en"):
            in_text = c.labels.api[lang]["pct"](new[t.id])  # what `pct()` prints in a clause text
            cell = printed[t.name.en][lang].text
            assert in_text in cell, (t.id, lang, cell, in_text)
            assert cell == c.labels.text("om.tranches.coupon.fixed", rate=new[t.id])[lang]
    assert c.labels.api["en"]["pct"](D("3.125")) != f"{D('3.125'):.2f}%"  # the half-even print this replaces
