"""Fixtures: the mini clause library, the worked-example deal, a tiny fake projection, test builders."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.assembly import registry
from docgen.model import load_deal
from docgen.projection.result import Projection
from docgen.tree import Bi, Cell, Figure, Table

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "data" / "clauses" / "mini"
DEAL = REPO / "deals" / "worked-example-1.yaml"


def _tranches_table(ctx: registry.BuildContext) -> Table:
    rows = tuple((Cell(tr.id), Cell(ctx.fmt["zh"].money_figure(tr.size))) for tr in ctx.deal.tranches)
    return Table(id="test.tranches", caption=Bi("证券", "Securities"),
                 header=((Bi(Cell("档次"), Cell("Tranche")), Bi(Cell("规模"), Cell("Size"))),),
                 rows=rows, align=("l", "r"))


def _chart(ctx: registry.BuildContext) -> Figure:
    return Figure(id="test.chart", caption=Bi("图", "Chart"), svg=b"<svg/>", png=b"")


# Register once per process (the registry refuses a second registration of an id).
if "test.tranches" not in registry.TABLES:
    registry.table("test.tranches")(_tranches_table)
if "test.chart" not in registry.FIGURES:
    registry.figure("test.chart")(_chart)


@pytest.fixture(scope="session")
def deal():
    return load_deal(DEAL)


@pytest.fixture(scope="session")
def proj(deal):
    return fake_projection(deal)


def fake_projection(deal) -> Projection:
    return Projection(deal_id=deal.plan.id, amount_unit=deal.plan.amount_unit, periods=(), seasons=(), months=(),
                      totals={"inflow": Decimal("20000.00")}, cumulative_coverage=Decimal("1.4"),
                      gross_overcoverage=Decimal("1.5"), gross_overcoverage_senior=Decimal("1.6"), stress=(),
                      break_even=None)


@pytest.fixture
def lib_copy(tmp_path) -> Path:
    """A private copy of the mini library a test may edit."""
    dst = tmp_path / "lib"
    shutil.copytree(MINI, dst)
    return dst
