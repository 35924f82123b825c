"""The defined-term registry at assembly time: which terms a deal defines, and the definitions list."""

from __future__ import annotations

from docgen.assembly.spec import Library, TermSpec
from dataclasses import dataclass, replace

from docgen.tree import Bi, Clause, ListBlock, Para, Run, Section, TermUse

def active(lib: Library, holds) -> dict[str, TermSpec]:
    """Terms whose `when` holds, in registry order (`holds(src)` evaluates a condition)."""
    return {tid: spec for tid, spec in lib.terms.items() if holds(spec.when)}


def name(spec: TermSpec, lang: str) -> str:
    return spec.zh if lang == "zh" else spec.en


def entry_runs(spec: TermSpec, lang: str, definition: tuple, quotes: tuple[Bi, Bi]) -> tuple:
    """The inline content of one definitions-list entry: the term between the `quotes` (open, close:
    the labels `definitions.open` and `definitions.close`), then its definition."""
    opening, closing = (getattr(q, lang) for q in quotes)
    return (Run(opening), TermUse(spec.id, name(spec, lang), defining=True), Run(closing)) + tuple(definition)


@dataclass(frozen=True)
class _DefinitionsSlot:
    """Where the definitions list goes, until the document's term uses are known."""


SLOT = _DefinitionsSlot()


def _uses(node, found: set[str]) -> None:
    if isinstance(node, TermUse):
        if not node.defining:
            found.add(node.term)
    elif isinstance(node, Para):
        for r in node.runs:
            _uses(r, found)
    elif isinstance(node, (Clause, Section)):
        _uses(node.body, found)
        _uses(node.title, found)
        for c in node.children:
            _uses(c, found)
    elif isinstance(node, Bi):
        _uses(node.zh, found)
        _uses(node.en, found)
    elif isinstance(node, ListBlock):
        for item in node.items:
            _uses(item, found)
    elif isinstance(node, (tuple, list)):
        for x in node:
            _uses(x, found)


def _has_slot(node) -> bool:
    if node is SLOT:
        return True
    if isinstance(node, (Clause, Section)):
        return _has_slot(node.body) or any(_has_slot(c) for c in node.children)
    if isinstance(node, Bi):
        return _has_slot(node.zh) or _has_slot(node.en)
    if isinstance(node, tuple):
        return any(x is SLOT for x in node)
    return False


def _fill(node, entries: dict):
    if isinstance(node, (Clause, Section)):
        if not _has_slot(node):
            return node
        body = node.body
        if isinstance(body, Bi):
            body = Bi(_fill_blocks(body.zh, entries["zh"]), _fill_blocks(body.en, entries["en"]))
        return replace(node, body=body, children=tuple(_fill(c, entries) for c in node.children))
    return node


def _fill_blocks(blocks: tuple, paras: list) -> tuple:
    out = []
    for b in blocks:
        if b is SLOT:
            out += paras
        else:
            out.append(b)
    return tuple(out)


def defines(spec: TermSpec, mode: str, document: str) -> bool:
    """Whether a document whose outline says `definitions: MODE` lists this term (when it uses it).

    - `all` (the Standard Terms): every term the documents share, i.e. every term without `defined_in`,
      whether this document uses it or not;
    - `own` (a contract): only the terms whose `defined_in` names it; the shared ones are incorporated
      from the Standard Terms, so no term is defined in two contracts;
    - `used` (the offering memorandum, and any outline that says nothing): every term it uses, shared
      ones with the same text as in the Standard Terms (the exchange lets a prospectus repeat them)."""
    if mode == "all":
        return spec.defined_in in (None, document)
    if mode == "own":
        return spec.defined_in == document
    return True


def fill_definitions(blocks: list, active_terms: dict[str, TermSpec], render, quotes: tuple[Bi, Bi],
                     mode: str = "used", document: str = "") -> list:
    """Replace the definitions slot by entries for the terms the document defines (`defines`), in
    registry order: with `own` and `used`, those it uses and those their definitions use.

    `render(spec, lang)` gives a definition's inline runs (None on failure, already reported)."""
    if not any(_has_slot(b) for b in blocks):
        return blocks
    mine = {tid: spec for tid, spec in active_terms.items() if defines(spec, mode, document)}
    used: set[str] = set()
    if mode == "all":
        used = set(mine)
    else:
        _uses(blocks, used)
    rendered: dict[str, dict] = {}
    queue = [t for t in used if t in mine]
    while queue:  # a definition may use further terms: define those too
        tid = queue.pop()
        if tid in rendered:
            continue
        runs = {lang: render(mine[tid], lang) for lang in ("zh", "en")}
        rendered[tid] = runs
        more: set[str] = set()
        _uses([Para(tuple(r)) for r in runs.values() if r], more)
        queue += [t for t in more if t in mine and t not in rendered]
    entries = {"zh": [], "en": []}
    for tid, spec in mine.items():
        if tid in rendered:
            for lang in ("zh", "en"):
                if rendered[tid][lang] is not None:
                    entries[lang].append(Para(entry_runs(spec, lang, rendered[tid][lang], quotes)))
    return [_fill(b, entries) for b in blocks]
