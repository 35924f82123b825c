"""The document tree: the one contract between content (assembly) and output (writers).

Assembly builds a *bilingual* tree: every piece of text carries its Chinese and English form (`Bi`).
`docgen.layout` turns it into a layout tree for one of the four layouts (`parallel`, `sequential`,
`zh`, `en`) made of the same node types plus `Parallel` rows; the writers only ever see that.
Writers are pure functions of the tree and their options: no deal, no projection, no clock, no file
system, no clause library.

Language. `apply_layout` records on every node that prints text the language it placed there
(`lang`: "zh" or "en"; None in the bilingual tree, where every text is `Bi`): paragraphs (`Para`),
clause and section headings (`Clause`/`Section`: the language of their `number` and `title`), tables
(caption, header and cells, note), figures (caption), signature blocks, the cover, the contents. The
two sides of a `Parallel` row are its `zh` and `en` fields. A label that the bilingual layouts join
into one string ("<Chinese> / <English>", or one line each) takes the language of its first, Chinese, part —
the language of the document (`DocMeta.lang`). `LANG_TAGS` gives a language's BCP 47 tag, as the
writers print it (`lang="en"`, the DOCX core property).

Page furniture. The fixed words printed around the text — contents title (`Toc.title`), seal box,
signer and date lines (`SignatureBlock`), footer and draft stamp (`DocMeta.footer`, `DocMeta.draft_label`)
— come from the clause library's label file `clauses/common/page-furniture.yaml`, put into the tree by
assembly; writers print what the tree says. The footer is a sequence of text pieces and `PageField`s
(the current page, the number of pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, Union

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, Lang] = ("zh", "en")
LANG_TAGS: dict[str, str] = {"zh": "zh-CN", "en": "en"}  # BCP 47, as printed in HTML and DOCX

LAYOUTS = ("parallel", "sequential", "zh", "en")
BILINGUAL = ("parallel", "sequential")  # the layouts that print both languages


def number_sep(lang: str | None, level: int) -> str:
    """What sets a clause number off from the title or text after it: in Chinese an ideographic space
    after a level-1 number (article, chapter, annex: a word), a space after a numeral ("5.1", "(a)");
    a space in English."""
    return "\u3000" if lang == "zh" and level == 1 else " "


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
class PageField:
    """A page number the page itself fills in (footer): `PAGE` (this page) or `NUMPAGES` (all pages)."""

    name: Literal["PAGE", "NUMPAGES"]


@dataclass(frozen=True)
class TermUse:
    """A defined term as used in running text; `defining` marks its entry in the definitions article."""

    term: str  # term id in clauses/terms.yaml
    text: str
    defining: bool = False


@dataclass(frozen=True)
class XRef:
    """A cross-reference to a clause by id, already resolved to its number text in its paragraph's language ("Article 5")."""

    target: str  # anchor id of the target clause
    text: str


Inline = Union[Run, TermUse, XRef]


# ----------------------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Para:
    runs: tuple[Inline, ...]
    style: Literal["body", "center", "right", "note", "quote", "address", "small"] = "body"
    indent: int = 0
    lang: Lang | None = None  # set by the layout
    # > 0: the text starts with the number of a clause of this level, `number` as printed (the layout ran
    # a title-less clause's number into its first paragraph, or wrote a `Parallel` heading row); the
    # DOCX writer leaves it to Word's list numbering
    numbered: int = 0
    number: str | None = None

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
    lang: Lang | None = None  # of caption, labels and note; set by the layout


@dataclass(frozen=True)
class Figure:
    id: str
    caption: object  # Bi[str] | str
    svg: bytes  # for the PDF (text stays text)
    png: bytes  # for the DOCX (Word cannot take SVG through python-docx)
    width_mm: int = 160
    lang: Lang | None = None  # of the caption; set by the layout
    langs: tuple = ()  # ((lang, svg, png), ...): the same chart labelled in one language only

    def only(self, lang: str | None) -> "Figure":
        """The chart as a one-language layout prints it: labelled in `lang` only (itself if not drawn so)."""
        for code, svg, png in self.langs:
            if code == lang:
                return replace(self, svg=svg, png=png, langs=())
        return self


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Signatory:
    role: object  # Bi[str] | str, e.g. Party A (Seller)
    name: object  # Bi[str] | str
    seal: bool = True  # draw a seal box
    signer_label: object = None  # Bi[str] | str: the signer line; assembly fills the default


@dataclass(frozen=True)
class SignatureBlock:
    signatories: tuple[Signatory, ...]
    note: object = None  # Bi[str] | str: "(no text follows: signature page)"
    date_label: object = None  # Bi[str] | str
    seal_label: object = None  # Bi[str] | str: the word in the seal box
    lang: Lang | None = None  # set by the layout


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
    number: object  # Bi[str] | str: Bi(zh, "Article 5") at level 1, "5.1", "(a)" below
    title: object  # Bi[str] | str | None
    body: object  # Bi[tuple[Block]] in the bilingual tree; tuple[Block] in a layout tree
    children: tuple["Clause", ...] = ()
    page_break_before: bool = False
    in_toc: bool = True
    toc_label: str | None = None  # layout tree: contents/bookmark text when not number + title ("\n" = new line)
    lang: Lang | None = None  # of number and title; set by the layout


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
    number: object = None  # Bi[str] | str | None: Bi(zh, "Annex 1")
    toc_label: str | None = None  # layout tree: contents/bookmark text when not number + title
    lang: Lang | None = None  # of number and title; set by the layout


@dataclass(frozen=True)
class Cover:
    title: object  # Bi[str] | str
    subtitle: object = None
    lines: tuple[object, ...] = ()  # parties, manager, date …
    draft: bool = False
    lang: Lang | None = None  # set by the layout


@dataclass(frozen=True)
class Toc:
    title: object  # Bi[str] | str
    lang: Lang | None = None  # set by the layout


Block = Union[Para, ListBlock, Table, Figure, PageBreak, SignatureBlock, Parallel, Clause, Section, Toc, Cover]


@dataclass(frozen=True)
class NumberPatterns:
    """The numbering labels of one numbering style (clauses/labels/numbering.yaml) as `str.format`
    patterns per language, level 1 first: what the DOCX writer turns into Word list levels. `name`:
    "articles" (the outline's articles or chapters), "annex", or "page" (one pattern: the page printed
    after a cross-reference, `{page}`)."""

    name: str
    zh: tuple[str, ...]
    en: tuple[str, ...]


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
    lang: str = "zh-CN"  # BCP 47 tag of the document's language (`LANG_TAGS`)
    title_bi: object = None  # Bi[str] | None: the title per language (layouts pick one)
    running_header_bi: object = None  # Bi[str] | None: the running header per language
    # Bi[tuple[str | PageField, ...]] in the bilingual tree, tuple[str | PageField, ...] in a layout tree
    footer: object = ()
    draft_label: object = None  # Bi[str] | str | None: the draft stamp of the running header
    numbering: tuple[NumberPatterns, ...] = ()  # the numbering labels, for Word's list numbering
    final: bool = False  # the execution version: no draft stamp, version or page numbers in cross-references


@dataclass(frozen=True)
class Document:
    meta: DocMeta
    blocks: tuple[Block, ...]
    attachments: tuple[tuple[str, bytes], ...] = field(default=())  # (file name, bytes) for PDF/A-3
