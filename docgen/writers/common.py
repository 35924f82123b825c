"""What both writers read the same way: the layout tree flattened into a stream of printable items.

A layout tree nests clauses; both writers print a flat sequence (headings, paragraphs, runs of
`Parallel` rows that become one two-column table, tables, figures …). `flatten` walks the tree once and
says, for every item, which anchors (clause ids) start on it, whether a page break comes before it, and
which heading it is. The page furniture (seal box, signer and date lines, footer) comes from the tree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from docgen.tree import LAYOUTS, Clause, Cover, Document, PageField, Para, Parallel, Section, number_sep


ITEM_LEVEL = 3  # a paragraph led by the label of an item ((a), (i), 1.) hangs its next lines under its text


def hangs(p: Para) -> bool:
    """Whether a paragraph is an item whose label sits at a tab and whose next lines start under its text."""
    return p.numbered >= ITEM_LEVEL and p.style == "body" and bool(p.runs)

def check_layout_tree(doc: Document) -> None:
    """Writers print layout trees only (see `docgen.layout.apply_layout`)."""
    if doc.meta.layout not in LAYOUTS:
        raise ValueError(f"the writers need a layout tree (meta.layout is '{doc.meta.layout}'): "
                         f"call docgen.layout.apply_layout(doc, one of {', '.join(LAYOUTS)}) first")


def footer_parts(doc: Document) -> list[tuple[str, str]]:
    """The footer as pieces: ("text", s) or ("field", "PAGE"/"NUMPAGES")."""
    parts = doc.meta.footer or ()
    if not isinstance(parts, (tuple, list)):
        raise ValueError("the footer of a layout tree is a sequence of text and PageField: "
                         "call docgen.layout.apply_layout first")
    return [("field", p.name) if isinstance(p, PageField) else ("text", p) for p in parts]


@dataclass(frozen=True)
class SignatureCell:
    role: str
    name: str
    seal: str | None  # the seal-box label, or None: no seal
    signer: str
    date: str


def signature_pairs(s) -> list[list[SignatureCell]]:
    """The signatories two by two (the page's two columns), with every label filled in. Writers print a
    pair as rows — party, seal box, signer line, date line — so the two columns line up."""
    cells = [SignatureCell(role=g.role or "", name=g.name or "",
                           seal=(s.seal_label or "") if g.seal else None,
                           signer=g.signer_label or "", date=s.date_label or "")
             for g in s.signatories]
    return [cells[i:i + 2] for i in range(0, len(cells), 2)]


def is_draft(doc: Document) -> bool:
    return bool(doc.meta.draft) or any(isinstance(b, Cover) and b.draft for b in doc.blocks)


def level_of(n) -> int:
    return n.level if isinstance(n, Clause) else 1


def heading_text(n) -> str:
    """A clause's or section's heading: number and title in its language (`docgen.tree.number_sep`)."""
    parts = [p for p in (getattr(n, "number", None), n.title) if p]
    return number_sep(n.lang, level_of(n)).join(parts)


def metadata(doc: Document) -> dict[str, str]:
    """Title, subject, keywords and dates for the PDF info dictionary and the DOCX core properties."""
    m = doc.meta
    keywords = [f"deal:{m.deal_id}", f"document:{m.document}", f"layout:{m.layout}",
                f"inputs:{m.inputs_hash}", f"docgen:{m.version}"]
    return {
        "title": m.title,
        "subject": f"{m.deal_id} · {m.document} · inputs {m.inputs_hash} · docgen {m.version}",
        "keywords": ", ".join(keywords),
        "generator": f"docgen {m.version}",
        "date": m.date,
    }


def identifier(doc: Document, *extra: str) -> str:
    """A stable document identifier from the metadata and inputs hash (the PDF /ID)."""
    m = doc.meta
    key = "\x1f".join([m.deal_id, m.document, m.layout, m.inputs_hash, m.version, m.date, *extra])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


# ----------------------------------------------------------------------------- contents
@dataclass(frozen=True)
class TocEntry:
    anchor: str
    label: str  # may hold "\n" (bilingual: Chinese line, English line)
    level: int

    @property
    def text(self) -> str:
        """What the contents print: articles on two lines when bilingual, sub-entries on one (shorter contents)."""
        return self.label if self.level <= 1 else self.label.replace("\n", "\u3000")


def node_label(n) -> str:
    if getattr(n, "toc_label", None):
        return n.toc_label
    return heading_text(n)


def toc_entries(doc: Document) -> list[TocEntry]:
    out: list[TocEntry] = []

    def walk(blocks, depth):
        for b in blocks:
            if isinstance(b, (Clause, Section)):
                lvl = level_of(b)
                if b.in_toc and lvl <= 2 and (b.title or isinstance(b, Section)):
                    lab = node_label(b)
                    if lab:
                        out.append(TocEntry(b.id, lab, lvl))
                walk(b.children, depth + 1)

    walk(doc.blocks, 0)
    return out


# ----------------------------------------------------------------------------- flattening
@dataclass
class Heading:
    level: int
    text: str
    bookmark: str | None  # label for the PDF outline / None: not in the outline
    node: object = None  # the Clause or Section it heads


def scheme_of(n, outer: str | None) -> str:
    """The numbering a node's number follows: "articles", "annex" or "front" (unnumbered sections)."""
    if isinstance(n, Section):
        return "annex" if n.kind == "annex" else "front"
    return outer or "articles"


@dataclass
class Item:
    """One printable thing, in order. `block` is a tree block or a `Heading`."""

    block: object
    anchors: list[str] = field(default_factory=list)
    page_break: bool = False
    heading: Heading | None = None  # for a Parallel heading row
    scheme: str | None = None  # the numbering of the clause it sits in (`scheme_of`)


@dataclass
class RowGroup:
    """Consecutive `Parallel` rows: one two-column table."""

    rows: list[Item]
    page_break: bool = False


def flatten(doc: Document) -> list:
    """The document as a flat list of `Item`s and `RowGroup`s."""
    items: list[Item] = []
    pending: list[str] = []
    brk = [False]

    scheme: list[str | None] = [None]

    def emit(block, heading=None):
        it = Item(block, anchors=list(pending), page_break=brk[0], heading=heading, scheme=scheme[-1])
        pending.clear()
        brk[0] = False
        items.append(it)

    def bookmark(n) -> str | None:
        if not n.in_toc or not (n.title or isinstance(n, Section)):
            return None
        return node_label(n).replace("\n", " ") or None

    def node(n, level: int, section: bool):
        scheme.append(scheme_of(n, scheme[-1]))
        try:
            _node(n, level, section)
        finally:
            scheme.pop()

    def _node(n, level: int, section: bool):
        pending.append(n.id)
        if n.page_break_before:
            brk[0] = True
        body = tuple(n.body or ())
        head_text = heading_text(n)
        if body and isinstance(body[0], Parallel) and body[0].heading:
            emit(body[0], Heading(body[0].heading, head_text, bookmark(n), n))
            body = body[1:]
        elif head_text and (n.title or section):
            emit(Heading(level, head_text, bookmark(n), n))
        for b in body:
            block(b)
        for c in n.children:
            node(c, c.level, False)
        if pending and n.id in pending:  # an empty clause: keep its anchor
            emit(None)

    def block(b):
        if isinstance(b, Clause):
            node(b, b.level, False)
        elif isinstance(b, Section):
            node(b, 1, True)
        else:
            emit(b)

    for b in doc.blocks:
        block(b)

    out: list = []
    for it in items:
        if isinstance(it.block, Parallel):
            if out and isinstance(out[-1], RowGroup) and not it.page_break:
                out[-1].rows.append(it)
            else:
                out.append(RowGroup([it], page_break=it.page_break))
                it.page_break = False
        else:
            out.append(it)
    return out
