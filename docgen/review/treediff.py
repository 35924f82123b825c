"""Compare two bilingual document trees clause by clause.

A document is flattened into *units* in reading order: the cover, loose top-level blocks, each
section's own text, each clause's own heading and body (its sub-clauses are units of their own).
Every unit knows its level-1 ancestor (the article or chapter it belongs to), which is how a change
is reported: "APA art. 4", "OM ch. 6".

Text is compared per language; Chinese is diffed per character (runs of Latin letters and digits
stay whole, so 13,700.00 → 13,800.00 reads as one figure replaced), English per word.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field

from docgen.tree import (
    Bi,
    Cell,
    Clause,
    Cover,
    Document,
    Figure,
    ListBlock,
    PageBreak,
    Para,
    Parallel,
    Section,
    SignatureBlock,
    Table,
    Toc,
)

LANGS = ("zh", "en")
# A table row in unit text: ROW, then the cells separated by CELL (the HTML redline draws them as a
# table; `plain()` shows them as "a | b")
ROW, CELL = "\x1e", "\x1f"
FIGURE_MARK = "[Figure] "  # where a chart stands in a unit's text (both languages: the chart has no words)
NUMBER_WORDS = {"article": "art.", "chapter": "ch.", "section": "s.", "clause": "cl.", "annex": "annex",
                "schedule": "sch.", "appendix": "app.", "part": "pt.", "item": "item"}


def pick(x, lang: str):
    return x[lang] if isinstance(x, Bi) else x


def text_of(x, lang: str) -> str:
    """The plain text of a node (or tuple of nodes) in one language; blocks separated by newlines."""
    x = pick(x, lang)
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    if isinstance(x, (tuple, list)):
        return "\n".join(t for t in (text_of(i, lang) for i in x) if t)
    if isinstance(x, Para):
        return "".join(getattr(pick(r, lang), "text", "") for r in x.runs)
    if isinstance(x, ListBlock):
        return "\n".join(text_of(item, lang) for item in x.items)
    if isinstance(x, Cell):
        return x.text
    if isinstance(x, Table):
        lines = [text_of(x.caption, lang)]
        for row in tuple(x.header) + tuple(x.rows):
            lines.append(ROW + CELL.join(text_of(c, lang) for c in row))
        lines.append(text_of(x.note, lang))
        return "\n".join(line for line in lines if line)
    if isinstance(x, Figure):
        cap = text_of(x.caption, lang)
        return FIGURE_MARK + cap
    if isinstance(x, SignatureBlock):
        lines = [text_of(x.note, lang)]
        for s in x.signatories:
            lines.append(" ".join(t for t in (text_of(s.role, lang), text_of(s.name, lang)) if t))
            lines.append(text_of(s.signer_label, lang))
        lines.append(text_of(x.date_label, lang))
        return "\n".join(line for line in lines if line)
    if isinstance(x, Cover):
        return "\n".join(t for t in [text_of(x.title, lang), text_of(x.subtitle, lang),
                                     *(text_of(line, lang) for line in x.lines)] if t)
    if isinstance(x, Toc):
        return text_of(x.title, lang)
    if isinstance(x, Parallel):
        return text_of(x.zh if lang == "zh" else x.en, lang)
    if isinstance(x, PageBreak):
        return ""
    if isinstance(x, (Clause, Section)):
        return "\n".join(t for t in (heading(x, lang), text_of(x.body, lang),
                                     *(text_of(c, lang) for c in x.children)) if t)
    if hasattr(x, "text"):
        return str(x.text)
    return ""


def plain(text: str) -> str:
    """Unit text for display without table markup."""
    return text.replace(ROW, "").replace(CELL, " | ")


def heading(node, lang: str) -> str:
    number = text_of(getattr(node, "number", None), lang)
    title = text_of(node.title, lang)
    return " ".join(t for t in (number, title) if t)


def _figures(x, out: list) -> None:
    """Digests of figure images under a node: a chart can change while its caption does not."""
    if isinstance(x, Bi):
        _figures(x.zh, out)
        _figures(x.en, out)
    elif isinstance(x, (tuple, list)):
        for i in x:
            _figures(i, out)
    elif isinstance(x, Figure):
        out.append(hashlib.sha256(x.svg).hexdigest()[:16])
    elif isinstance(x, ListBlock):
        for item in x.items:
            _figures(item, out)
    elif isinstance(x, Parallel):
        _figures(x.zh, out)
        _figures(x.en, out)


# ----------------------------------------------------------------------------- units
@dataclass(frozen=True)
class Ref:
    """The level-1 article/chapter (or unnumbered part) a unit belongs to."""

    key: str  # clause or section id, or "cover" / "front-N"
    label: str  # "art. 4", "ch. 6", "recitals", "cover"
    number: dict  # per language, e.g. {"en": "Article 4"} and the Chinese ordinal (empty for unnumbered parts)
    title: dict  # {"zh": …, "en": …}


@dataclass
class Unit:
    key: str
    ref: Ref
    level: int  # 0 for cover / loose blocks / sections
    heading: dict  # per language: number + title
    text: dict  # per language: the body (own text only)
    figures: tuple = ()

    def same(self, other: "Unit") -> bool:
        return self.heading == other.heading and self.text == other.text and self.figures == other.figures


def ref_label(number: dict, title: dict) -> str:
    en = (number.get("en") or "").strip()
    if en:
        m = re.fullmatch(r"([A-Za-z]+)\s+(\S+)", en)
        if m and m.group(1).lower() in NUMBER_WORDS:
            return f"{NUMBER_WORDS[m.group(1).lower()]} {m.group(2)}"
        return en
    zh = (number.get("zh") or "").strip()
    if zh:
        return zh
    t = (title.get("en") or title.get("zh") or "").strip()
    return t.lower() if t.isascii() else t


def _bi(x) -> dict:
    return {lang: text_of(x, lang) for lang in LANGS}


def units(doc: Document) -> list[Unit]:
    """The document in reading order as units with their level-1 ancestors."""
    out: list[Unit] = []
    loose = 0

    def add_clause(c: Clause, ref: Ref | None):
        number, title = _bi(c.number), _bi(c.title)
        if ref is None:
            ref = Ref(c.id, ref_label(number, title), number, title)
        figs: list = []
        _figures(c.body, figs)
        out.append(Unit(c.id, ref, max(1, int(getattr(c, "level", 1) or 1)),
                        {lang: heading(c, lang) for lang in LANGS},
                        {lang: text_of(c.body, lang) for lang in LANGS}, tuple(figs)))
        for child in c.children:
            add_clause(child, ref)

    def add_section(s: Section):
        number, title = _bi(getattr(s, "number", None)), _bi(s.title)
        # an untitled front section (the parties block) is named by its id: "parties", "addressee"
        label = ref_label(number, title) or s.id.rsplit(".", 1)[-1].replace("-", " ")
        ref = Ref(s.id, label, number, title)
        figs: list = []
        _figures(s.body, figs)
        out.append(Unit(s.id, ref, 0, {lang: heading(s, lang) for lang in LANGS},
                        {lang: text_of(s.body, lang) for lang in LANGS}, tuple(figs)))
        for child in s.children:  # an annex's or a front section's paragraphs belong to it
            add_clause(child, ref)

    for block in doc.blocks:
        if isinstance(block, Clause):
            add_clause(block, None)
        elif isinstance(block, Section):
            add_section(block)
        elif isinstance(block, (PageBreak, Toc)):
            continue
        else:
            if isinstance(block, Cover):
                key, label = "cover", "cover"
            elif isinstance(block, SignatureBlock):
                key, label = f"signatures-{loose}", "signature page"
            else:
                key, label = f"front-{loose}", "front matter"
            loose += 1
            ref = Ref(key, label, {"zh": "", "en": ""}, {"zh": "", "en": ""})
            figs: list = []
            _figures(block, figs)
            out.append(Unit(key, ref, 0, {"zh": "", "en": ""}, {lang: text_of(block, lang) for lang in LANGS},
                            tuple(figs)))
    return out


# ----------------------------------------------------------------------------- affected articles
WHOLE_ADDED = Ref("*added", "whole document added", {"zh": "", "en": ""}, {"zh": "", "en": ""})
WHOLE_REMOVED = Ref("*removed", "whole document removed", {"zh": "", "en": ""}, {"zh": "", "en": ""})


def touched(old: Document | None, new: Document | None) -> list[Ref]:
    """The level-1 articles (or parts) whose text differs between two versions, in reading order (an
    article that exists only in OLD sits where it stood in OLD)."""
    if old is None and new is None:
        return []
    if old is None:
        return [WHOLE_ADDED]
    if new is None:
        return [WHOLE_REMOVED]
    ou, nu = units(old), units(new)
    by_key_old = {u.key: u for u in ou}
    by_key_new = {u.key: u for u in nu}
    hit: dict[str, Ref] = {}
    for u in nu:
        o = by_key_old.get(u.key)
        if o is None or not (o.text == u.text and o.figures == u.figures and o.heading == u.heading):
            hit.setdefault(u.ref.key, u.ref)
    for u in ou:
        if u.key not in by_key_new:
            hit.setdefault(u.ref.key, u.ref)
    # reading order: NEW's, with OLD-only parts after the part that preceded them in OLD
    position: dict[str, float] = {}
    for i, k in enumerate(dict.fromkeys(u.ref.key for u in nu)):
        position[k] = float(i)
    last = -1.0
    for k in dict.fromkeys(u.ref.key for u in ou):
        if k in position:
            last = position[k]
        else:
            last += 1e-3
            position[k] = last
    return sorted(hit.values(), key=lambda r: position.get(r.key, 1e9))


# ----------------------------------------------------------------------------- text diff
TOKEN_ZH = re.compile(r"[A-Za-z0-9]+(?:[.,:/%-][A-Za-z0-9]+)*%?|\s+|.", re.S)
TOKEN_EN = re.compile(r"[A-Za-z0-9]+(?:[.,:/'’%-][A-Za-z0-9]+)*%?|\s+|.", re.S)


def tokens(text: str, lang: str) -> list[str]:
    return (TOKEN_ZH if lang == "zh" else TOKEN_EN).findall(text)


@dataclass
class Op:
    tag: str  # equal | insert | delete
    text: str


def diff_text(a: str, b: str, lang: str) -> list[Op]:
    """Insertions and deletions turning a into b: per character for Chinese, per word for English."""
    if a == b:
        return [Op("equal", a)] if a else []
    ta, tb = tokens(a, lang), tokens(b, lang)
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    ops: list[Op] = []

    def push(tag, text):
        if not text:
            return
        if ops and ops[-1].tag == tag:
            ops[-1].text += text
        else:
            ops.append(Op(tag, text))

    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            push("equal", "".join(ta[i1:i2]))
        else:
            # deletion first, then insertion: reads "old new" as a redline does
            push("delete", "".join(ta[i1:i2]))
            push("insert", "".join(tb[j1:j2]))
    return ops


# ----------------------------------------------------------------------------- document diff
@dataclass
class UnitDiff:
    status: str  # same | changed | added | removed
    old: Unit | None
    new: Unit | None
    heading: dict = field(default_factory=dict)  # lang -> [Op]
    text: dict = field(default_factory=dict)  # lang -> [Op]
    figures_changed: bool = False

    @property
    def unit(self) -> Unit:
        return self.new or self.old  # type: ignore[return-value]


def diff_documents(old: Document | None, new: Document | None) -> list[UnitDiff]:
    """Unit by unit, aligned by clause id, in reading order."""
    ou = units(old) if old is not None else []
    nu = units(new) if new is not None else []
    sm = difflib.SequenceMatcher(None, [u.key for u in ou], [u.key for u in nu], autojunk=False)
    out: list[UnitDiff] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for o, n in zip(ou[i1:i2], nu[j1:j2]):
                if o.same(n):
                    out.append(UnitDiff("same", o, n,
                                        {lang: [Op("equal", n.heading[lang])] for lang in LANGS},
                                        {lang: [Op("equal", n.text[lang])] for lang in LANGS}))
                else:
                    out.append(UnitDiff("changed", o, n,
                                        {lang: diff_text(o.heading[lang], n.heading[lang], lang) for lang in LANGS},
                                        {lang: diff_text(o.text[lang], n.text[lang], lang) for lang in LANGS},
                                        o.figures != n.figures))
        else:
            for o in ou[i1:i2]:
                out.append(UnitDiff("removed", o, None, {lang: [Op("delete", o.heading[lang])] for lang in LANGS},
                                    {lang: [Op("delete", o.text[lang])] for lang in LANGS}))
            for n in nu[j1:j2]:
                out.append(UnitDiff("added", None, n, {lang: [Op("insert", n.heading[lang])] for lang in LANGS},
                                    {lang: [Op("insert", n.text[lang])] for lang in LANGS}))
    return out


def abbr(doc_id: str) -> str:
    """A document's short name: the initials of its id (asset-purchase-agreement → APA)."""
    return "".join(w[0] for w in doc_id.split("-") if w).upper() or doc_id


def doc_refs(refs: list[Ref], doc_id: str) -> str:
    """"APA art. 4, 10, recitals" — one document's touched parts, numbers after their first word."""
    parts: list[str] = []
    prev_word = None
    for r in refs:
        if r.key.startswith("*"):  # the whole document added or removed
            parts.append(f"({r.label})")
            prev_word = None
            continue
        m = re.fullmatch(r"(\S+\.?) (\S+)", r.label)
        if m and m.group(1) in NUMBER_WORDS.values():
            word, num = m.group(1), m.group(2)
            parts.append(num if word == prev_word else f"{word} {num}")
            prev_word = word
        else:
            parts.append(r.label)
            prev_word = None
    return f"{abbr(doc_id)} " + ", ".join(parts)
