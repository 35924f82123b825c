"""Keep-together over page breaks: a caption stays with its table, no data row stands alone on a page, a
total row stays with the rows it adds up, a form's closing lines stay with the text they close.

Each test renders one PDF of several tables (or forms) after fillers of different lengths, so that the
page breaks fall at different places in them, and reads on which page each row landed."""

from __future__ import annotations

import io
import zipfile

from writer_readback import pdftotext
from writer_samples import meta

from docgen.layout import apply_layout
from docgen.tree import Bi, Cell, Clause, Document, Para, Run, Table
from docgen.writers import pdf as pdfw
from docgen.writers.options import WriterOptions
from docgen.writers.docx import write_docx
from docgen.writers.keeps import keeps_with_next

FILLERS = (3, 7, 12, 5, 9, 14, 2, 11, 6, 13, 4, 10)  # lines before each table: breaks fall all over
FORM_FILLERS = tuple(range(17, 29))  # one-line rows before each form: without the keeps, forms 5 and 10 broke

# these tests read the HTML/CSS route; the Typst writer's own are in test_typst_writer.py
WEASYPRINT = WriterOptions(pdf_engine="weasyprint")


def filler(k: int, n: int, text: str = ": a line of running text before the next table."):
    return tuple(Para((Run(f"Filler {k}.{i}{text}"),)) for i in range(n))


def table(k: int, rows: int = 6) -> Table:
    body = tuple((Cell(f"T{k}R{i}"), Cell(f"{i * 1000:,.2f}")) for i in range(1, rows + 1))
    return Table(id=f"t{k}", caption=f"T{k}CAP", header=((Cell("Item"), Cell("Amount")),),
                 rows=body + ((Cell(f"T{k}TOT"), Cell("21,000.00")),), align=("l", "r"), total_rows=1)


def pages_of(pdf: bytes, tmp_path, words) -> dict[str, set[int]]:
    path = tmp_path / "k.pdf"
    path.write_bytes(pdf)
    where: dict[str, set[int]] = {}
    for n, page in enumerate(pdftotext(path).split("\f"), 1):
        tokens = set(page.split())
        for w in words:
            if w in tokens:
                where.setdefault(w, set()).add(n)
    return where


def test_captions_rows_and_totals_keep_together_over_page_breaks(tmp_path):
    blocks = ()
    for k, n in enumerate(FILLERS):
        blocks += filler(k, n) + (table(k),)
    doc = apply_layout(Document(meta=meta(), blocks=blocks), "en")
    words = [f"T{k}{x}" for k in range(len(FILLERS)) for x in ["CAP", "TOT"] + [f"R{i}" for i in range(1, 7)]]
    where = pages_of(pdfw.write_pdf(doc, options=WEASYPRINT), tmp_path, words)
    split = 0
    for k in range(len(FILLERS)):
        page = {w: min(where[f"T{k}{w}"]) for w in ["CAP", "TOT"] + [f"R{i}" for i in range(1, 7)]}
        rows = [page[f"R{i}"] for i in range(1, 7)]
        assert page["CAP"] == rows[0], f"table {k}: caption alone at the foot of a page"
        for p in set(rows):
            assert rows.count(p) >= 2, f"table {k}: one data row alone on page {p}"
        assert page["TOT"] in rows, f"table {k}: total row without its rows"
        split += len(set(rows)) > 1
    assert split >= 2  # the fillers did put page breaks inside tables


def test_the_closing_lines_of_a_form_stay_with_its_text_in_the_parallel_layout(tmp_path):
    blocks = ()
    for k, n in enumerate(FORM_FILLERS):
        text = " ".join(["Running text of the form that fills several lines of the English side."] * 3)
        zh = (Para((Run(f"F{k}TEXT " + "表格正文" * 40 + f" F{k}END"),)), Para((Run(f"F{k}SIGN（盖章）"),), style="right"),
              Para((Run(f"F{k}DATE"),), style="right"))
        en = (Para((Run(f"F{k}TEXTEN " + text),)), Para((Run(f"F{k}SIGNEN (seal)"),), style="right"),
              Para((Run(f"F{k}DATEEN"),), style="right"))
        blocks += (Clause(id=f"c{k}", level=1, number=Bi(f"第{k + 1}条", f"Article {k + 1}"), title=None,
                          body=Bi(filler(k, n, ".") + zh, filler(k, n, ".") + en)),)
    doc = apply_layout(Document(meta=meta(), blocks=blocks), "parallel")
    words = [f"F{k}{x}" for k in range(len(FORM_FILLERS)) for x in ("TEXT", "END", "SIGN（盖章）", "DATE")]
    where = pages_of(pdfw.write_pdf(doc, options=WEASYPRINT), tmp_path, words)
    for k in range(len(FORM_FILLERS)):
        end = max(where[f"F{k}END"])  # the last line of the text the closing lines close
        assert min(where[f"F{k}SIGN（盖章）"]) == end == min(where[f"F{k}DATE"]), k
    # and in the DOCX: the row before a row of closing lines keeps with it
    xml = zipfile.ZipFile(io.BytesIO(write_docx(doc))).read("word/document.xml").decode()
    row = xml[:xml.index("F0SIGN")].rsplit("<w:tr>", 2)[-2]  # the row before the first closing row
    assert "<w:keepNext/>" in row and "F0TEXT" in row


def test_which_rows_keep_with_the_next():
    def kept(n, first_total):
        return [i for i in range(n) if keeps_with_next(i, n, first_total)]

    assert kept(8, 7) == [0, 5, 6]  # first with second, last but one with last, last with the total
    assert kept(6, 6) == [0, 4]
    assert kept(2, 2) == [0]
    assert kept(1, 1) == []
    assert kept(6, 4) == [0, 2, 3, 4]  # two total rows keep together



def test_a_reference_prints_the_page_its_heading_moved_to():
    # in this sample the headings of Clause 13.3 and Article 18 are first placed at the foot of a page and
    # move on with their text (keep with next); WeasyPrint's target-counter kept the first page
    # ("Clause 13.3 (p. 17)" for a heading on p. 18): the writer lays out again with the final pages
    from pathlib import Path

    from docgen import pipeline
    from docgen.resources import library_root
    from docgen.review.extract import pdf_text
    from docgen.review.xrefpages import split_pages, wrong_pages

    deal = pipeline.read_deal(Path(__file__).parents[2] / "deals" / "heating-two-class-growth.yaml")
    tree = pipeline.assemble(deal, pipeline.project(deal), root=library_root(), figures=False)["asset-purchase-agreement"]
    data = pdfw.write_pdf(pipeline.lay_out(pipeline.stamp(tree), "en"), options=WEASYPRINT)
    assert not list(wrong_pages(split_pages(pdf_text(data))))
