"""Column widths of tables that do not set their own: figures never break over two lines."""

from __future__ import annotations

import re

from writer_readback import pdftotext
from writer_samples import meta

from docgen.layout import apply_layout
from docgen.tree import Cell, Document, Table
from docgen.writers import pdf as pdfw
from docgen.writers.colwidths import column_widths, em, table_widths


def wide_table() -> Table:
    """Ten columns like the memorandum's waterfall: a period number, a date and eight amounts of 万元."""
    header = ((Cell("期次 / Period"), Cell("兑付日 / Payment Date"))
              + tuple(Cell(f"金额{i} / Amount {i}") for i in range(8)),)
    rows = tuple((Cell(str(i)), Cell(f"2029-04-{20 + i}")) + tuple(Cell(f"{26_132.40 + 1_000 * k + i:,.2f}") for k in range(8))
                 for i in range(1, 7))
    return Table(id="t.wide", caption="", header=header, rows=rows, align=("c", "c") + ("r",) * 8)


def test_a_date_column_is_wider_than_a_period_column_and_fits_its_dates():
    w = column_widths(wide_table().header, wide_table().rows, 10)
    assert w[0] < w[1]  # the period number needs less room than a date
    assert w[1] >= em("2029-04-26")
    assert table_widths(Table(id="x", caption="", header=(), rows=((Cell("a"), Cell("b")),), align=("l", "l"),
                              widths=(1, 3))) == [1.0, 3.0]  # a table's own widths win


def test_no_date_or_amount_breaks_in_the_pdf(tmp_path):
    doc = apply_layout(Document(meta=meta(), blocks=(wide_table(),)), "zh")
    path = tmp_path / "t.pdf"
    path.write_bytes(pdfw.write_pdf(doc))
    text = pdftotext(path)
    assert len(re.findall(r"2029-04-2\d", text)) == 6
    for i in range(1, 7):
        assert f"{26_132.40 + 7_000 + i:,.2f}" in text  # each row's last amount, whole
