"""The Typst writer turns a table that cannot fit the text width even at the least size to landscape
pages of its own, as the WeasyPrint route does (`colwidths.table_plan` decides for both)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from writer_samples import meta

from docgen.layout import apply_layout
from docgen.review import check_layout
from docgen.review.extract import pdf_bbox
from docgen.tree import Cell, Document, Para, Run, Table
from docgen.writers import pdf as pdfw
from docgen.writers.colwidths import table_plan
from docgen.writers.options import WriterOptions
from docgen.writers.typst_data import document_data

TYPST = WriterOptions(pdf_engine="typst")
AMOUNT = re.compile(r"^12,345,6\d\d\.12$")


def wide(ncols: int, nrows: int = 3) -> Table:
    """Long amounts in every column: past 9 columns no size leaves room for them on a portrait page."""
    header = ((Cell("期次 / Period"),) + tuple(Cell(f"金额 / Outstanding {i}") for i in range(ncols - 1)),)
    rows = tuple((Cell(str(i)),) + tuple(Cell(f"{12_345_600.12 + i:,.2f}") for _ in range(ncols - 1))
                 for i in range(nrows))
    return Table(id="t.wide", caption="", header=header, rows=rows, align=("c",) + ("r",) * (ncols - 1))


def doc_with(*tables: Table, layout: str = "zh") -> Document:
    blocks = (Para((Run("before"),)),) + tuple(x for t in tables for x in (t, Para((Run("after"),))))
    return apply_layout(Document(meta=meta(), blocks=blocks), layout)


@pytest.fixture(scope="module", params=["zh", "parallel"])
def turned(request):
    """A tree and its PDF: prose, a 14-column table of long amounts, prose."""
    doc = doc_with(wide(14), layout=request.param)
    data = pdfw.write_pdf(doc, options=TYPST)
    return doc, data


def test_the_plan_turns_the_wide_table_and_the_data_says_so(turned):
    doc, _ = turned
    assert table_plan(wide(14)).landscape and table_plan(wide(14)).fits
    assert not table_plan(wide(5)).landscape
    tables = [b for b in document_data(doc)["blocks"] if b["k"] == "table"]
    assert [b["land"] for b in tables] == [True]
    narrow = [b for b in document_data(doc_with(wide(5)))["blocks"] if b["k"] == "table"]
    assert [b["land"] for b in narrow] == [False]


def test_the_wide_table_has_a_landscape_page_and_the_text_around_it_stays_portrait(turned):
    _, data = turned
    pages = PdfReader(io.BytesIO(data)).pages
    boxes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages]
    turned_pages = [w > h for w, h in boxes]
    assert turned_pages == [False, True, False], boxes
    text = [p.extract_text() for p in pages]
    assert "before" in text[0] and "after" in text[2]
    amounts = [w for line in text[1].splitlines() for w in line.split() if AMOUNT.match(w)]
    assert len(amounts) == 3 * 13, amounts  # every amount whole, on the landscape page


def test_the_layout_lint_finds_no_broken_figure_on_the_landscape_page(turned):
    _, data = turned
    found = list(check_layout.check({"t-zh.pdf": check_layout.read(data, pdf_bbox(data))}))
    assert not [f for f in found if f[1] == "layout-broken-token"], found
    assert not found


def test_a_table_that_fits_portrait_keeps_the_page_portrait():
    data = pdfw.write_pdf(doc_with(wide(5)), options=TYPST)
    pages = PdfReader(io.BytesIO(data)).pages
    assert all(float(p.mediabox.width) < float(p.mediabox.height) for p in pages)
    assert len(pages) == 1


def test_a_long_wide_table_runs_over_landscape_pages_with_its_header_repeated():
    data = pdfw.write_pdf(doc_with(wide(14, nrows=60)), options=TYPST)
    pages = PdfReader(io.BytesIO(data)).pages
    turned_pages = [float(p.mediabox.width) > float(p.mediabox.height) for p in pages]
    assert turned_pages[0] is False and turned_pages[-1] is False
    middle = turned_pages[1:-1]
    assert len(middle) >= 2 and all(middle), turned_pages
    for p in pages[1:-1]:
        words = p.extract_text().split()
        assert "Period" in words and words.count("Outstanding") == 13  # the header on every landscape page
