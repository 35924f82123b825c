"""The document tree: the one contract between content (assembly) and output (writers).

Assembly builds a *bilingual* tree: every piece of text carries its Chinese and English form (`Bi`).
`docgen.layout` turns it into a layout tree for one of the four layouts (`parallel`, `sequential`,
`zh`, `en`) made of the same node types plus `Parallel` rows; the writers only ever see that.
Writers are pure functions of the tree: no deal, no projection, no clock, no file system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, Lang] = ("zh", "en")


@dataclass(frozen=True)
class Bi:
    """The same thing in Chinese and in English (text, or a tuple of blocks)."""

    zh: object
    en: object

    def __getitem__(self, lang: str):
        return self.zh if lang == "zh" else self.en


# ----------------------------------------------------------------------------- inline
@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class TermUse:
    """A defined term as used in running text; `defining` marks its entry in the definitions article."""

    term: str  # term id in clauses/terms.yaml
    text: str
    defining: bool = False


@dataclass(frozen=True)
class XRef:
    """A cross-reference to a clause by id, already resolved to its number text ("第五条" / "Article 5")."""

    target: str  # anchor id of the target clause
    text: str


Inline = Union[Run, TermUse, XRef]


# ----------------------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Para:
    runs: tuple[Inline, ...]
    style: Literal["body", "center", "right", "note", "quote", "address", "small"] = "body"
    indent: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple["Block", ...], ...]
    ordered: bool = True


@dataclass(frozen=True)
class Cell:
    text: str  # a figure or label; bilingual labels are joined by the layout
    bold: bool = False
    colspan: int = 1


@dataclass(frozen=True)
class Table:
    """A table; in a bilingual tree header/row cells are `Bi` of `Cell` where text differs."""

    id: str
    caption: object  # Bi[str] in the bilingual tree, str in a layout tree
    header: tuple[tuple[object, ...], ...]  # header rows
    rows: tuple[tuple[object, ...], ...]
    align: tuple[Literal["l", "r", "c"], ...]
    widths: tuple[int, ...] = ()  # relative column widths; equal when empty
    total_rows: int = 0  # the last n rows are totals (bold, ruled)
    note: object = None  # Bi[str] | str | None: footnote under the table


@dataclass(frozen=True)
class Figure:
    id: str
    caption: object  # Bi[str] | str
    svg: bytes  # for the PDF (text stays text)
    png: bytes  # for the DOCX (Word cannot take SVG through python-docx)
    width_mm: int = 160


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Signatory:
    role: object  # Bi[str] | str, e.g. 甲方（卖方）/ Party A (Seller)
    name: object  # Bi[str] | str
    seal: bool = True  # draw a 盖章 seal box
    signer_label: object = None  # Bi[str] | str, e.g. 法定代表人或授权代表（签字）


@dataclass(frozen=True)
class SignatureBlock:
    signatories: tuple[Signatory, ...]
    note: object = None  # Bi[str] | str: "（以下无正文，为签署页）"
    date_label: object = None  # Bi[str] | str


@dataclass(frozen=True)
class Parallel:
    """Layout node: one aligned row, Chinese block(s) on the left, English on the right."""

    zh: tuple["Block", ...]
    en: tuple["Block", ...]
    heading: int = 0  # > 0: the heading row of a clause/section of that level (each side one Para)


@dataclass(frozen=True)
class Clause:
    """A numbered unit (article, sub-clause, item) with an optional title and nested clauses."""

    id: str  # anchor id, unique in the document (e.g. "apa.purchase-price")
    level: int  # 1 = article / chapter
    number: object  # Bi[str] | str: "第五条" / "Article 5", "5.1", "(a)"
    title: object  # Bi[str] | str | None
    body: object  # Bi[tuple[Block]] in the bilingual tree; tuple[Block] in a layout tree
    children: tuple["Clause", ...] = ()
    page_break_before: bool = False
    in_toc: bool = True
    toc_label: str | None = None  # layout tree: contents/bookmark text when not number + title ("\n" = new line)


@dataclass(frozen=True)
class Section:
    """An unnumbered part: recitals, definitions list heading, annex, fly-leaf statement."""

    id: str
    title: object  # Bi[str] | str | None
    body: object  # Bi[tuple[Block]] | tuple[Block]
    children: tuple[Clause, ...] = ()
    page_break_before: bool = False
    in_toc: bool = True
    kind: Literal["front", "recitals", "annex", "chapter-like", "plain"] = "plain"
    number: object = None  # Bi[str] | str | None: "附件一" / "Annex 1"
    toc_label: str | None = None  # layout tree: contents/bookmark text when not number + title


@dataclass(frozen=True)
class Cover:
    title: object  # Bi[str] | str
    subtitle: object = None
    lines: tuple[object, ...] = ()  # parties, manager, date …
    draft: bool = False


@dataclass(frozen=True)
class Toc:
    title: object  # Bi[str] | str


Block = Union[Para, ListBlock, Table, Figure, PageBreak, SignatureBlock, Parallel, Clause, Section, Toc, Cover]


@dataclass(frozen=True)
class DocMeta:
    deal_id: str
    document: str  # asset-purchase-agreement | pledge-contract | shortfall-undertaking | offering-memorandum
    layout: str  # parallel | sequential | zh | en (bilingual tree: "bilingual")
    title: str  # for PDF metadata / DOCX core properties
    running_header: str  # plan short name + document title
    date: str  # ISO date printed on the draft: from the deal or --date, never the clock
    inputs_hash: str
    version: str
    draft: bool = False
    lang: str = "zh-CN"
    title_bi: object = None  # Bi[str] | None: the title per language (layouts pick one)
    running_header_bi: object = None  # Bi[str] | None: the running header per language


@dataclass(frozen=True)
class Document:
    meta: DocMeta
    blocks: tuple[Block, ...]
    attachments: tuple[tuple[str, bytes], ...] = field(default=())  # (file name, bytes) for PDF/A-3
