"""The text of a rendered document as the consistency rules of `docgen check` read it: units of one
language (a paragraph of a DOCX, a sentence of a PDF), each with where it stands — the page of a PDF, the
paragraph of a DOCX (Word repaginates, so a DOCX has no fixed pages) — and, in a parallel DOCX, the
Chinese and English paragraphs that face each other.

PDF text comes from poppler's word boxes, page by page; a line is Chinese or English by its characters,
so the parallel, sequential and single-language layouts read alike. Page furniture (running heads, page
numbers) is what repeats on most pages, and is dropped.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from docgen.review.extract import pdf_pages

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
# a sentence ends at 。 in Chinese, at a full stop followed by a capital or an opening quotation mark in English
_ZH_END = re.compile(r"(?<=[。])")
_EN_END = re.compile(r"(?<=[.])\s+(?=[A-Z“\"])")


def lang_of(text: str) -> str | None:
    """zh, en, or None for a text with neither (figures, punctuation)."""
    zh, en = len(CJK.findall(text)), len(LATIN.findall(text))
    if not zh and not en:
        return None
    return "zh" if zh * 2 >= en else "en"


@dataclass(frozen=True)
class Unit:
    lang: str
    text: str
    where: str  # "p. 12" (PDF) or "paragraph 34" (DOCX)
    cell: bool = False  # a cell of a data table or of the signature blocks (short texts that repeat by design)


@dataclass
class DocText:
    file: str        # the file of the pack, e.g. offering-memorandum-parallel.pdf
    document: str    # offering-memorandum
    group: str       # layout and format: documents of one group are compared with each other
    units: list[Unit] = field(default_factory=list)
    pairs: list[tuple[Unit, Unit]] = field(default_factory=list)  # (zh, en) facing paragraphs
    table_rows: list[tuple[Unit, ...]] = field(default_factory=list)  # the cells of each data-table row

    def of(self, lang: str) -> list[Unit]:
        return [u for u in self.units if u.lang == lang]


def _name_parts(name: str) -> tuple[str, str]:
    stem, ext = name.rsplit(".", 1)
    document, layout = stem.rsplit("-", 1)
    return document, f"{layout}.{ext}"


def columns_of(name: str) -> int:
    """Text columns on a page of a file (or group) of the pack: the parallel layout alone sets Chinese and
    English side by side."""
    return 2 if name.rsplit("-", 1)[-1].startswith("parallel") else 1


# ------------------------------------------------------------------------------------------------ DOCX
def docx_doc(name: str, data: bytes) -> DocText:
    import docx
    from docx.table import Table

    document, group = _name_parts(name)
    out = DocText(name, document, group)
    d = docx.Document(io.BytesIO(data))
    n = 0

    def unit(text: str, cell: bool = False) -> Unit | None:
        nonlocal n
        n += 1
        text = text.strip()
        lang = lang_of(text)
        return Unit(lang, text, f"paragraph {n}", cell) if lang and text else None

    def para_text(p) -> str:
        return "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))

    def table(tbl):
        for row in tbl.rows:
            cells = row.cells
            langs = [lang_of(c.text) for c in cells]
            facing = len(cells) == 2 and langs == ["zh", "en"] and not any(c.tables for c in cells)
            cell_units = []
            per_cell = []
            for c in cells:
                us = [u for u in (unit(para_text(p._p), not facing) for p in c.paragraphs) if u]
                per_cell.append(us)
                cell_units += us
                for t in c.tables:
                    table(t)
            out.units.extend(cell_units)
            if facing and len(per_cell[0]) == len(per_cell[1]):
                out.pairs.extend(zip(per_cell[0], per_cell[1]))
            elif not facing and len(cells) > 2:
                out.table_rows.append(tuple(u for us in per_cell for u in us))

    for block in d.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            u = unit(para_text(block))
            if u:
                out.units.append(u)
        elif tag == "tbl":
            table(Table(block, d))
    return out


# ------------------------------------------------------------------------------------------------- PDF
def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines that repeat on at least half the pages (running heads), once digits are masked (page numbers)."""
    if len(pages) < 3:
        return set()
    counts: Counter = Counter()
    for page in pages:
        counts.update({re.sub(r"\d+", "#", x) for x in page})
    return {x for x, c in counts.items() if c * 2 >= len(pages)}


def _join(parts: list[str], lang: str) -> str:
    if lang == "zh":
        return "".join(p.replace(" ", "") if CJK.search(p) else p for p in parts)
    return " ".join(parts)


def pdf_doc(name: str, data: bytes | list[list[str]]) -> DocText:
    """The units of a PDF, from its bytes or from its lines already read (`extract.pdf_pages`)."""
    document, group = _name_parts(name)
    out = DocText(name, document, group)
    pages = pdf_pages(data, columns_of(group)) if isinstance(data, bytes) else data
    furniture = _furniture(pages)
    # one stream per language, each character knowing its page: a sentence wrapped over a page break is whole
    for lang in ("zh", "en"):
        parts: list[tuple[int, str]] = []
        for no, page in enumerate(pages, 1):
            for line in page:
                if re.sub(r"\d+", "#", line) in furniture or lang_of(line) != lang:
                    continue
                parts.append((no, line.strip()))
        text, starts = "", []
        for no, line in parts:
            starts.append((len(text), no))
            text = _join([text, line], lang) if text else line
        splitter = _ZH_END if lang == "zh" else _EN_END
        pos = 0
        for sentence in splitter.split(text):
            page = next((no for at, no in reversed(starts) if at <= pos), 1)
            pos += len(sentence) + (0 if lang == "zh" else 1)
            s = sentence.strip()
            if s:
                out.units.append(Unit(lang, s, f"p. {page}"))
    return out


def excerpt(text: str, at: int = 0, width: int = 60) -> str:
    start = max(0, at - width // 3)
    s = text[start:start + width]
    return ("…" if start else "") + s + ("…" if start + width < len(text) else "")
