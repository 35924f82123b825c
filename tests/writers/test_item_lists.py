"""Items and lists of the parallel layout, read back from the PDF's word boxes (Typst; the items through WeasyPrint too): an item's
wrapped lines start under its text, not under its label; the text of (a) and (b) starts at one place; a
list beside its translation is aligned item by item."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from writer_samples import EN_SENT, ZH_SENT, body, meta

from docgen.layout import apply_layout
from docgen.tree import Bi, Clause, Document, ListBlock, Para, Run
from docgen.writers import pdf as pdfw
from docgen.writers.options import WriterOptions

TYPST = WriterOptions(pdf_engine="typst")


def item(n: int, zh_label: str, en_label: str, zh: str, en: str) -> Clause:
    return Clause(id=f"t.c1.1.{n}", level=3, number=Bi(zh_label, en_label), title=None,
                  body=body((Para((Run(zh),)), Para((Run(en),)))))


def lst(texts: list[str]) -> ListBlock:
    return ListBlock(tuple((Para((Run(t),)),) for t in texts))


def sample() -> Document:
    items = (item(1, "（一）", "(a)", "甲项" + ZH_SENT * 2, "Alpha " + EN_SENT * 2),
             item(2, "（二）", "(b)", "乙项" + ZH_SENT * 2, "Bravo " + EN_SENT * 2))
    sub = Clause(id="t.c1.1", level=2, number=Bi("1.1", "1.1"), title=None,
                 body=body((Para((Run("卖方承诺："),)), Para((Run("The Seller undertakes:"),)))), children=items)
    lists = (lst(["丙项" + ZH_SENT * 3, "丁项。", "戊项" + ZH_SENT]),
             lst(["Charlie.", "Delta " + EN_SENT * 3, "Echo."]))
    c1 = Clause(id="t.c1", level=1, number=Bi("第一条", "Article 1"), title=Bi("承诺", "Undertakings"),
                body=body(lists), children=(sub,))
    return apply_layout(Document(meta=meta(), blocks=(c1,)), "parallel")


def lines(path: Path) -> list[list[tuple[float, float, str]]]:
    """Each text line of the PDF as its words (x0, y0, text), page by page in reading order."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    out = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", xml, re.S):
        out.append([(float(x), float(y), t) for x, y, t in
                    re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', line)])
    return out


def printed(tmp_path_factory, engine: str):
    path = tmp_path_factory.mktemp(f"lists-{engine}") / "p.pdf"
    path.write_bytes(pdfw.write_pdf(sample(), options=WriterOptions(pdf_engine=engine)))
    return lines(path)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return printed(tmp_path_factory, TYPST.pdf_engine)


@pytest.fixture(scope="module", params=["typst", "weasyprint"])
def item_page(request, tmp_path_factory):
    """Items hang under their text in both engines."""
    return printed(tmp_path_factory, request.param)


def starting(page, first: str):
    """The line whose first word is `first` (or starts with it), and the line after it in its column."""
    for i, ln in enumerate(page):
        if ln and ln[0][2].startswith(first):
            x = ln[0][0]
            after = [m for m in page[i + 1:] if m and abs(m[0][0] - x) < 60 and m[0][1] > ln[0][1]]
            return ln, after[0]
    raise AssertionError(f"no line starts with {first!r}")


@pytest.mark.parametrize("label, word", [("(a)", "Alpha"), ("(b)", "Bravo"), ("（一）", "甲项"), ("（二）", "乙项")])
def test_a_wrapped_item_continues_under_its_text_not_its_label(item_page, label, word):
    first, nxt = starting(item_page, label)
    text_x = next(x for x, _, t in first if t.startswith(word))
    assert text_x > first[0][0] + 8, "a gap between label and text"
    assert abs(nxt[0][0] - text_x) < 1.0, (first[:2], nxt[:1])


def test_the_text_of_each_item_starts_at_one_place(item_page):
    xs = {w: next(x for x, _, t in starting(item_page, label)[0] if t.startswith(w))
          for label, w in (("(a)", "Alpha"), ("(b)", "Bravo"))}
    assert abs(xs["Alpha"] - xs["Bravo"]) < 0.5, xs  # (a) and (b) differ in width; the tab does not


def test_a_list_beside_its_translation_is_aligned_item_by_item(page):
    def top(word):
        return next(y for ln in page for x, y, t in ln if t.startswith(word))

    # 丙 is three sentences long, Charlie one word: Delta still starts beside 丁, Echo beside 戊
    assert abs(top("丁项") - top("Delta")) < 1.5
    assert abs(top("戊项") - top("Echo")) < 1.5
    assert top("丁项") > top("丙项") + 20

