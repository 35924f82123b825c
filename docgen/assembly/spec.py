"""The clause library as loaded: plain frozen records that remember where each text came from.

Every template text is a `Src` so that any error met while compiling or rendering it can name the
file and the YAML line, not just the template line Jinja knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Src:
    """One template text (a `when`, a title, a paragraph in one language) and where it lives."""

    text: str
    file: str
    line: int  # YAML line of the text's first line (a block scalar's content, not its `|`)
    where: str  # e.g. "body[2].en", "when", "title.zh"
    owner: str  # clause id, "term:<id>" or the outline id

    def yaml_line(self, template_line: int | None) -> int:
        # Exact for block scalars and one-line texts; plain multi-line scalars are folded by YAML,
        # so their later lines map to the first one.
        if not template_line:
            return self.line
        return self.line + min(template_line - 1, self.text.count("\n"))


@dataclass(frozen=True)
class BiSrc:
    zh: Src
    en: Src

    def __getitem__(self, lang: str) -> Src:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Loop:
    """`for: "x in EXPR"`: the item is repeated once per element, with `x` bound."""

    name: str
    expr: Src


@dataclass(frozen=True)
class Signatory:
    role: BiSrc
    name: BiSrc | None
    party: str | None  # a role or party id whose name is used when `name` is absent
    signer: BiSrc | None
    seal: bool


@dataclass(frozen=True)
class Item:
    """One body item. `kind` is para | table | figure | list | page_break | definitions | signatory."""

    kind: str
    file: str
    line: int
    where: str
    when: Src | None = None
    loop: Loop | None = None
    text: BiSrc | None = None  # para, list entry
    style: str = "body"
    ref: str | None = None  # table / figure id
    entries: tuple["Item", ...] = ()  # list entries (kind "para")
    ordered: bool = True
    signatory: Signatory | None = None


@dataclass(frozen=True)
class ClauseSpec:
    id: str  # the anchor: the written id, or "<parent>#<n>" for an unnamed sub-clause
    explicit: bool  # written in the file (only those can be referenced)
    file: str
    line: int
    title: BiSrc | None
    when: Src | None
    loop: Loop | None
    kind: str | None  # front sections: front | recitals | chapter-like | plain
    toc: bool | None
    page_break_before: bool
    body: tuple[Item, ...]
    children: tuple["ClauseSpec", ...]
    parent: str | None = None

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True)
class TermSpec:
    id: str
    zh: str
    en: str
    when: Src | None
    definition: BiSrc
    file: str
    line: int
    # the one document whose definitions article defines the term (`defined_in:`); None: a term the
    # documents share, defined by the outline with `definitions: all` (the Standard Terms)
    defined_in: str | None = None


@dataclass(frozen=True)
class LabelSpec:
    """A printed word or phrase outside the clauses: a table caption, header, enum label, page furniture.

    Keys are dotted (`om.tranches.caption`, `enum.tranche_class.senior`); `vars` names the values the
    code passes in (besides the template API), so lint can check the text."""

    key: str
    text: BiSrc
    vars: tuple[str, ...]
    file: str
    line: int


@dataclass(frozen=True)
class Part:
    kind: str  # front | toc | articles | annexes | signatures
    ids: tuple[str, ...]
    lines: tuple[int, ...]  # line of each id
    line: int


@dataclass(frozen=True)
class OutlineSpec:
    id: str
    title: BiSrc
    numbering: str  # contract | memorandum
    cover: str | None
    cover_line: int
    parts: tuple[Part, ...]
    when: Src | None
    file: str
    line: int
    # which terms the `{definitions: true}` list defines (terms.py): used | own | all
    definitions: str = "used"

    def clause_ids(self) -> list[tuple[str, int, str]]:
        """(clause id, line, part kind) in document order, cover first."""
        out = [(self.cover, self.cover_line, "cover")] if self.cover else []
        for p in self.parts:
            out += [(i, ln, p.kind) for i, ln in zip(p.ids, p.lines)]
        return out


@dataclass
class Library:
    root: Path
    clauses: dict[str, ClauseSpec] = field(default_factory=dict)  # every clause and sub-clause, by anchor
    top: dict[str, ClauseSpec] = field(default_factory=dict)  # file-level clauses
    terms: dict[str, TermSpec] = field(default_factory=dict)  # in registry order
    outlines: dict[str, OutlineSpec] = field(default_factory=dict)
    labels: dict[str, LabelSpec] = field(default_factory=dict)  # label files (a top-level `labels:` key)
    problems: list = field(default_factory=list)  # structural problems found while loading
    compiled: dict = field(default_factory=dict)  # Src -> compiled template (sandbox.py)
    cache_key: str = ""  # names this library's entries in the disk cache (diskcache.py)
    codes: dict = field(default_factory=dict)  # text key -> compiled Jinja code, persisted between runs
    codes_dirty: bool = False

    def texts(self):
        """Every template text of the library with the clause it belongs to (for lint)."""
        for spec in self.top.values():
            for c in spec.walk():
                yield from _clause_texts(c)
        for t in self.terms.values():
            if t.when:
                yield t.when
            yield t.definition.zh
            yield t.definition.en
        for lb in self.labels.values():
            yield lb.text.zh
            yield lb.text.en
        for o in self.outlines.values():
            if o.when:
                yield o.when
            yield o.title.zh
            yield o.title.en


def _bi(b: BiSrc | None):
    if b is not None:
        yield b.zh
        yield b.en


def _conditions(x):
    """The `when` and `for` expressions of an item or a clause."""
    if x.when:
        yield x.when
    if x.loop:
        yield x.loop.expr


def _item_texts(it: Item):
    yield from _conditions(it)
    yield from _bi(it.text)
    for e in it.entries:
        yield from _item_texts(e)
    if it.signatory:
        yield from _bi(it.signatory.role)
        yield from _bi(it.signatory.name)
        yield from _bi(it.signatory.signer)


def _clause_texts(c: ClauseSpec):
    yield from _conditions(c)
    yield from _bi(c.title)
    for it in c.body:
        yield from _item_texts(it)
