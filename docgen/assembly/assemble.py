"""The assembly driver: outline + clauses + deal + projection → one bilingual `docgen.tree.Document`.

Two passes. The first selects (evaluates every `when` and `for` on clauses) and numbers what is
left, so that every number is known; the second renders titles and bodies in both languages, with
`ref()` resolving to the final numbers (the blocks of a clause body, the cover and the signature page
are `docgen.assembly.blocks`). All problems of a document are collected and raised together as one
`AssemblyError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from docgen import __version__
from docgen.assembly import inline, numbering, terms
from docgen.assembly.api import RenderState, make_vars
from docgen.assembly.blocks import FAIL as _FAIL
from docgen.assembly.blocks import BlockRenderer
from docgen.assembly.errors import AssemblyError, Problem
from docgen.assembly.furniture import furniture
from docgen.assembly.labels import LabelError, plain_label
from docgen.assembly.library import load_library, persist_codes
from docgen.assembly.registry import load_builders
from docgen.assembly.sandbox import RenderFailure, condition, evaluate, free_names, render
from docgen.assembly.spec import BiSrc, ClauseSpec, Library, Loop, OutlineSpec, Src
from docgen.format import Formatter
from docgen.model.deal import Deal
from docgen.projection.result import Projection
from docgen.tree import LANGS, Bi, Clause, DocMeta, Document, Section, TermUse, Toc, XRef

# Documents of a pack in the order they are produced; outlines not listed here come after, by id.
PACK_ORDER = ("standard-terms", "asset-purchase-agreement", "pledge-contract", "shortfall-undertaking", "offering-memorandum")
MAX_LOOP = 10_000
_builders_loaded = False


def _ensure_builders() -> None:
    global _builders_loaded
    if not _builders_loaded:
        try:
            load_builders()
        except Exception as e:  # a broken builder module: say so in the usual format, not a traceback
            raise AssemblyError([Problem("docgen/assembly/tables", 1, "<builders>",
                                         f"cannot load the table/figure builders: {type(e).__name__}: {e}")]) from e
        _builders_loaded = True


@dataclass
class Node:
    """A selected clause: its number path and the loop variables bound around it."""

    spec: ClauseSpec
    anchor: str
    style: str  # contract | memorandum | annex | front
    path: tuple[int, ...]
    bindings: dict = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)


class _Assembler(BlockRenderer):
    def __init__(self, lib: Library, deal: Deal, proj: Projection, outline: OutlineSpec):
        self.lib, self.deal, self.proj, self.outline = lib, deal, proj, outline
        try:
            self.furniture = furniture(lib)
            self.numbers = numbering.of(lib)  # the library's numbering words (clauses/labels/numbering.yaml)
        except LabelError as e:
            raise AssemblyError([e.problem]) from None
        fmt = {lang: Formatter(lang, deal.plan.amount_unit, deal.plan.display_unit) for lang in LANGS}
        self.state = RenderState(lib=lib, deal=deal, proj=proj, document=outline.id, fmt=fmt)
        self.vars = {lang: make_vars(self.state, lang) for lang in LANGS}
        self.problems: list[Problem] = []
        self.seen: dict[str, int] = {}
        self._owner = outline.id  # the clause being rendered, for problems raised outside a template
        self._figure_inputs: str | None = None
        self.state.active_terms = terms.active(lib, lambda src: self.holds(src, {}) is True)
        self.state.doc_titles = {oid: self.title_text(o.title) for oid, o in lib.outlines.items()}

    # ------------------------------------------------------------------ evaluation helpers
    def v(self, lang: str, bindings: dict) -> dict:
        return {**self.vars[lang], **bindings} if bindings else self.vars[lang]

    def fail(self, p: Problem) -> object:
        self.problems.append(p)
        return _FAIL

    def holds(self, src: Src | None, bindings: dict):
        try:
            return condition(self.lib, src, self.v("zh", bindings))  # conditions are language-neutral
        except RenderFailure as e:
            return self.fail(e.problem)

    def selected(self, loop: Loop | None, when: Src | None, bindings: dict) -> list[dict]:
        """The bindings an item with `for` and `when` is rendered with. A `when` that does not read the
        loop variable guards the whole loop (so it can guard the loop's own expression)."""
        if loop is not None and when is not None and loop.name not in free_names(self.lib, when):
            if self.holds(when, bindings) is not True:
                return []
            when = None
        return [b for b in self.expand(loop, bindings) if self.holds(when, b) is True]

    def expand(self, loop: Loop | None, bindings: dict) -> list[dict]:
        if loop is None:
            return [bindings]
        try:
            seq = evaluate(self.lib, loop.expr, self.v("zh", bindings))
        except RenderFailure as e:
            self.fail(e.problem)
            return []
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__iter__"):
            self.fail(Problem(loop.expr.file, loop.expr.line, loop.expr.owner,
                              f"'for' needs a list, got {type(seq).__name__}", where=loop.expr.where))
            return []
        out = [{**bindings, loop.name: x} for x in list(seq)[: MAX_LOOP + 1]]
        if len(out) > MAX_LOOP:
            self.fail(Problem(loop.expr.file, loop.expr.line, loop.expr.owner, f"'for' over more than {MAX_LOOP} elements"))
            return []
        return out

    def runs(self, src: Src, lang: str, bindings: dict):
        try:
            text = inline.fold(render(self.lib, src, self.v(lang, bindings)), lang)
            return inline.parse(text, lambda kind, ident: self.resolve(kind, ident, lang))
        except RenderFailure as e:
            return self.fail(e.problem)
        except inline.MarkupError as e:
            return self.fail(Problem(src.file, src.line, src.owner, str(e), where=src.where))

    def resolve(self, kind: str, ident: str, lang: str):
        """A marker that reached the text → TermUse / XRef, or the reason it cannot be one."""
        if kind == "T":
            if ident not in self.state.active_terms:
                raise inline.MarkupError(f"term('{ident}'): the term's `when` is false for this deal, so it is not defined")
            return TermUse(ident, terms.name(self.lib.terms[ident], lang))
        hit = self.state.refs.get(ident)
        if hit is None:
            raise inline.MarkupError(f"ref('{ident}'): it is not part of this document")
        if hit[0] is None:
            raise inline.MarkupError(f"ref('{ident}'): {hit[1]}")
        return XRef(ident, hit[0][lang])

    def bi_text(self, b: BiSrc | None, bindings: dict):
        """A title or label: plain text in both languages (markup reduced to its text)."""
        if b is None:
            return None
        zh, en = self.runs(b.zh, "zh", bindings), self.runs(b.en, "en", bindings)
        if zh is _FAIL or en is _FAIL:
            return None
        return Bi(inline.plain(zh), inline.plain(en))

    def title_text(self, b: BiSrc) -> Bi:
        out = {}
        for lang in LANGS:
            try:
                text = inline.fold(render(self.lib, b[lang], self.vars[lang]), lang)
                out[lang] = inline.plain(inline.parse(text, lambda kind, ident, lang=lang: self.resolve(kind, ident, lang)))
            except inline.MarkupError as e:
                self.fail(Problem(b[lang].file, b[lang].line, b[lang].owner, str(e), where=b[lang].where))
                out[lang] = b[lang].text
            except RenderFailure as e:
                self.fail(e.problem)
                out[lang] = b[lang].text
        return Bi(out["zh"], out["en"])

    # ------------------------------------------------------------------ pass 1: select and number
    def exclude(self, spec: ClauseSpec, why: str) -> None:
        for c in spec.walk():
            if c.explicit:
                self.state.refs.setdefault(c.id, (None, why))

    def top(self, cid: str, line: int, part: str) -> ClauseSpec | None:
        o = self.outline
        spec = self.lib.top.get(cid)
        if spec is None:
            what = "is a sub-clause, not a clause file" if cid in self.lib.clauses else "is not the id of any clause file"
            self.fail(Problem(o.file, line, o.id, f"{part}: '{cid}' {what}"))
            return None
        if cid in self.seen:
            self.fail(Problem(o.file, line, o.id, f"clause '{cid}' appears twice in the outline (also line {self.seen[cid]})"))
            return None
        self.seen[cid] = line
        return spec

    def select_part(self, ids, lines, part: str, style: str) -> list[Node]:
        out: list[Node] = []
        for cid, line in zip(ids, lines):
            spec = self.top(cid, line, part)
            if spec is None:
                continue
            ok = self.holds(spec.when, {})
            if ok is not True:
                if ok is False:
                    self.exclude(spec, "its `when` is false for this deal")
                continue
            path = (len(out) + 1,) if style != "front" else (0,)
            node = Node(spec, spec.id, style, path)
            self.state.refs[spec.id] = (self.numbers.reference(style, path), "an unnumbered front section cannot be referenced")
            node.children = self.select_children(node)
            out.append(node)
        return out

    def select_children(self, parent: Node) -> list[Node]:
        out: list[Node] = []
        for child in parent.spec.children:
            if child.loop:
                self.exclude(child, "it is repeated by `for`")
            chosen = self.selected(child.loop, child.when, parent.bindings)
            if not chosen and not child.loop:
                self.exclude(child, "its `when` is false for this deal")
            for i, b in enumerate(chosen, start=1):
                path = parent.path + (len(out) + 1,)
                anchor = child.id if not child.loop else f"{child.id}~{i}"
                node = Node(child, anchor, parent.style, path, b)
                if not child.loop:
                    ref = self.numbers.reference(parent.style, path)
                    self.state.refs[child.id] = (ref, "an unnumbered front section cannot be referenced")
                node.children = self.select_children(node)
                out.append(node)
        return out

    # ------------------------------------------------------------------ pass 2: clauses and sections
    def clause(self, node: Node, level: int) -> Clause:
        spec = node.spec
        self._owner = spec.id
        title = self.bi_text(spec.title, node.bindings)
        body = self.body(spec.body, node.bindings, spec.id)
        children = tuple(self.clause(c, level + 1) for c in node.children)
        memo = node.style == "memorandum"
        return Clause(
            id=node.anchor, level=level, number=self.numbers.label(node.style, node.path), title=title, body=body,
            children=children,
            page_break_before=spec.page_break_before or (memo and level == 1),
            in_toc=spec.toc if spec.toc is not None else (level == 1 or (memo and level == 2)),
        )

    def section(self, node: Node) -> Section:
        spec = node.spec
        self._owner = spec.id
        title = self.bi_text(spec.title, {})
        body = self.body(spec.body, {}, spec.id)
        children = tuple(self.clause(c, 2) for c in node.children)
        if node.style == "annex":
            return Section(id=spec.id, title=title, body=body, children=children,
                           page_break_before=True, in_toc=spec.toc if spec.toc is not None else True,
                           kind="annex", number=self.numbers.label("annex", node.path))
        kind = spec.kind or ("recitals" if spec.id.rsplit(".", 1)[-1] == "recitals" else "front")
        return Section(id=spec.id, title=title, body=body, children=children,
                       page_break_before=spec.page_break_before, in_toc=bool(spec.toc), kind=kind)

    # ------------------------------------------------------------------ the document
    def run(self, *, draft: bool, date: dt.date | None, inputs_hash: str, version: str, meta_extra: dict) -> Document:
        o = self.outline
        title = self.state.doc_titles[o.id]
        # pass 1
        plan: list[tuple[str, object]] = []
        cover_spec = self.top(o.cover, o.cover_line, "cover") if o.cover else None
        if cover_spec is not None:
            self.exclude(cover_spec, "the cover cannot be referenced")
            if self.holds(cover_spec.when, {}) is not True:
                cover_spec = None
        for part in o.parts:
            if part.kind == "toc":
                plan.append(("toc", None))
            elif part.kind == "signatures":
                spec = self.top(part.ids[0], part.lines[0], "signatures")
                if spec is not None:
                    self.exclude(spec, "the signature page cannot be referenced")
                    if self.holds(spec.when, {}) is True:
                        plan.append(("signatures", spec))
            else:
                style = {"front": "front", "annexes": "annex", "articles": o.numbering}[part.kind]
                plan.append((part.kind, self.select_part(part.ids, part.lines, part.kind, style)))
        self.state.numbered = True
        # pass 2
        blocks: list = []
        if cover_spec is not None:
            blocks.append(self.cover(cover_spec, draft, title))
        for kind, what in plan:
            if kind == "toc":
                blocks.append(Toc(self.furniture.contents))
            elif kind == "signatures":
                blocks.append(self.signatures(what))
            elif kind == "articles":
                blocks += [self.clause(n, 1) for n in what]
            else:
                blocks += [self.section(n) for n in what]
        quotes = (plain_label(self.lib, "definitions.open"), plain_label(self.lib, "definitions.close"))
        blocks = terms.fill_definitions(blocks, self.state.active_terms, self._definition_runs, quotes, o.definitions, o.id)
        if self.problems:
            raise AssemblyError(self.problems)
        short = self.deal.plan.short_name
        header, both = self.furniture.running_header(short, title)
        meta = DocMeta(
            deal_id=self.deal.plan.id, document=o.id, layout="bilingual", title=f"{title.zh} {title.en}",
            running_header=both, date=(date or self.deal.plan.draft_date).isoformat(),
            inputs_hash=inputs_hash, version=version, draft=draft, title_bi=title, running_header_bi=header,
            footer=self.furniture.footer, draft_label=self.furniture.draft,
            numbering=self.numbers.word_patterns(o.numbering), **meta_extra,
        )
        return Document(meta=meta, blocks=tuple(blocks))



def _outline(lib: Library, document_id: str) -> OutlineSpec:
    o = lib.outlines.get(document_id)
    if o is None:
        raise AssemblyError([Problem(str(lib.root / "templates" / f"{document_id}.yaml"), 1, document_id,
                                     f"no outline for document '{document_id}' (have: {', '.join(sorted(lib.outlines)) or 'none'})")])
    return o


def assemble(deal: Deal, proj: Projection, document_id: str, *, root: Path, draft: bool = False,
             date: dt.date | None = None, inputs_hash: str = "", version: str = __version__,
             **meta_extra) -> Document:
    """One document of the pack as a bilingual tree; `AssemblyError` lists every problem found.

    `date` (default: the deal's `plan.draft_date`, never the clock), `inputs_hash` and `version` go to
    `DocMeta`, as does any other `DocMeta` field given in `meta_extra` (e.g. `lang`)."""
    lib = load_library(Path(root))
    _ensure_builders()
    a = _Assembler(lib, deal, proj, _outline(lib, document_id))
    return a.run(draft=draft, date=date, inputs_hash=inputs_hash, version=version, meta_extra=meta_extra)


def applies(deal: Deal, proj: Projection, document_id: str, *, root: Path) -> bool:
    """Whether the outline's `when` holds for this deal (e.g. the pledge contract needs a pledge)."""
    lib = load_library(Path(root))
    o = _outline(lib, document_id)
    a = _Assembler(lib, deal, proj, o)
    ok = a.holds(o.when, {})
    if a.problems:
        raise AssemblyError(a.problems)
    return ok is True


def pack_documents(root: Path) -> list[str]:
    lib = load_library(Path(root))
    known = [d for d in PACK_ORDER if d in lib.outlines]
    return known + sorted(d for d in lib.outlines if d not in PACK_ORDER)


def assemble_pack(deal: Deal, proj: Projection, root: Path, documents: list[str] | None = None, each=None,
                  largest_first: bool = False, **kw) -> dict[str, Document]:
    """Every document of the pack (or of those named) that applies to the deal, by document id.

    A document whose outline `when` is false for the deal (no pledge: no pledge contract) is left out,
    named or not. With `each`, `each(doc_id, tree)` is called as each document is assembled (until the
    first problem) and nothing is kept, so that a render's writers start while the rest is assembled;
    `largest_first` assembles the costliest document first. Problems are raised in pack order."""
    named = documents if documents is not None else pack_documents(root)
    docs = [d for d in named if applies(deal, proj, d, root=root)]
    lib = load_library(Path(root))
    order = sorted(docs, key=lambda d: -expected_cost(lib, d)) if largest_first else docs
    out: dict[str, Document] = {}
    problems: dict[str, list[Problem]] = {}
    for d in order:
        try:
            tree = assemble(deal, proj, d, root=root, **kw)
        except AssemblyError as e:
            problems[d] = e.problems
            continue
        if each is None:
            out[d] = tree
        elif not problems:
            each(d, tree)
    persist_codes(lib)
    if problems:
        raise AssemblyError([p for d in docs for p in problems.get(d, [])])
    return {d: out[d] for d in docs if d in out}


def expected_cost(lib: Library, doc_id: str) -> int:
    """A document's rough size from its outline: the items of every clause it prints (tables, charts more)."""
    outline = lib.outlines.get(doc_id)
    if outline is None:
        return 0
    weight = {"table": 20, "figure": 20}
    n = 0
    for cid, _, _ in outline.clause_ids():
        spec = lib.clauses.get(cid)
        for c in spec.walk() if spec is not None else ():
            n += 1 + sum(weight.get(it.kind, 1) for it in c.body)
    return n
