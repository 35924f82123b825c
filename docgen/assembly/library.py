"""Load the clause library: outlines (`templates/*.yaml`), clause files (`clauses/**/*.yaml`) and the
defined-term registry (`clauses/terms/*.yaml`), with the YAML line of every text kept.

The file structure is checked with pydantic; every problem (unknown key, duplicate id, bad YAML) is
collected with its file and line rather than stopping at the first. Loading is cached per process
and invalidated when a file changes, since the render pipeline assembles many documents.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from docgen.assembly.errors import Problem
from docgen.assembly.yamlpos import Pos, read, validation_problems
from docgen.assembly.spec import (
    BiSrc,
    ClauseSpec,
    Item,
    LabelSpec,
    Library,
    Loop,
    OutlineSpec,
    Part,
    Signatory,
    Src,
    TermSpec,
)

ID = r"^[a-z0-9][a-z0-9_.-]*$"
TERM_ID = r"^[a-z][a-z0-9_]*$"
STYLES = Literal["body", "center", "right", "note", "quote", "address", "small"]
KINDS = Literal["front", "recitals", "chapter-like", "plain"]
LOOP = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(.+?)\s*$", re.S)


# ----------------------------------------------------------------------------- structure (pydantic)
class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Bi(_M):
    zh: str
    en: str


class _Para(_M):
    zh: str
    en: str
    when: str | None = None
    style: STYLES = "body"
    for_: str | None = Field(None, alias="for")


class _Table(_M):
    table: str
    when: str | None = None


class _Figure(_M):
    figure: str
    when: str | None = None


class _ListEntry(_M):
    zh: str
    en: str
    when: str | None = None
    for_: str | None = Field(None, alias="for")


class _List(_M):
    entries: list[_ListEntry] = Field(alias="list", min_length=1)
    when: str | None = None
    ordered: bool = True


class _PageBreak(_M):
    page_break: Literal[True]
    when: str | None = None


class _Definitions(_M):
    definitions: Literal[True]
    when: str | None = None


class _SignatoryBody(_M):
    role: _Bi
    name: _Bi | None = None
    party: str | None = None
    signer: _Bi | None = None
    seal: bool = True


class _Signatory(_M):
    signatory: _SignatoryBody
    when: str | None = None


ITEM_MODELS = {"table": _Table, "figure": _Figure, "list": _List, "page_break": _PageBreak,
               "definitions": _Definitions, "signatory": _Signatory}


class _Clause(_M):
    id: str | None = Field(None, pattern=ID)
    title: _Bi | None = None
    when: str | None = None
    for_: str | None = Field(None, alias="for")
    kind: KINDS | None = None
    toc: bool | None = None
    page_break_before: bool = False
    body: list[dict] = []
    clauses: list[dict] = []


class _Term(_M):
    id: str = Field(pattern=TERM_ID)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    when: str | None = None
    definition: _Bi
    defined_in: str | None = Field(None, pattern=ID)  # a document id: a term only that document uses


class _Label(_M):
    zh: str
    en: str
    vars: list[str] = []


class _Outline(_M):
    id: str = Field(pattern=ID)
    title: _Bi
    numbering: Literal["contract", "memorandum"]
    cover: str | None = None
    when: str | None = None
    definitions: Literal["used", "own", "all"] = "used"  # see terms.fill_definitions
    parts: list[dict] = Field(min_length=1)


class _Part(_M):
    front: list[str] | None = None
    toc: bool | None = None
    articles: list[str] | None = None
    chapters: list[str] | None = None  # the same as `articles` (reads better in the memorandum)
    annexes: list[str] | None = None
    signatures: str | None = None


# ----------------------------------------------------------------------------- building the specs
class _Builder:
    def __init__(self, root: Path):
        self.root = root
        self.lib = Library(root=root)
        self.p = self.lib.problems

    # -- helpers
    def src(self, text, rel, pos, path, where, owner) -> Src:
        return Src(str(text), rel, pos.line(path), where, owner)

    def bisrc(self, d, rel, pos, path, where, owner) -> BiSrc:
        return BiSrc(self.src(d["zh"], rel, pos, path + ("zh",), f"{where}.zh" if where else "zh", owner),
                     self.src(d["en"], rel, pos, path + ("en",), f"{where}.en" if where else "en", owner))

    def when(self, d, rel, pos, path, where, owner) -> Src | None:
        w = d.get("when")
        if w is None:
            return None
        if isinstance(w, bool):  # `when: true` written without quotes
            w = "true" if w else "false"
        return self.src(w, rel, pos, path + ("when",), f"{where}.when" if where else "when", owner)

    def loop(self, d, rel, pos, path, where, owner) -> Loop | None:
        f = d.get("for")
        if f is None:
            return None
        m = LOOP.match(str(f))
        if not m:
            self.p.append(Problem(rel, pos.line(path + ("for",)), owner, f"'for' must read 'NAME in EXPRESSION', not '{f}'"))
            return None
        return Loop(m.group(1), Src(m.group(2), rel, pos.line(path + ("for",)),
                                    f"{where}.for" if where else "for", owner))

    def validate(self, model, data, rel, owner, path, pos) -> bool:
        if isinstance(data, bool):
            data = {"when": str(data).lower()}
        if not isinstance(data, dict):
            self.p.append(Problem(rel, pos.line(path), owner, f"expected a mapping, got {type(data).__name__}"))
            return False
        if "when" in data and isinstance(data["when"], bool):
            data = dict(data, when=str(data["when"]).lower())
        try:
            model.model_validate(data)
            return True
        except ValidationError as e:
            self.p += validation_problems(e, rel, owner, path, pos)
            return False

    # -- body items
    def item(self, d, rel, pos, path, where, owner) -> Item | None:
        if not isinstance(d, dict):
            self.p.append(Problem(rel, pos.line(path), owner, "a body item must be a mapping"))
            return None
        kinds = [k for k in ITEM_MODELS if k in d]
        if len(kinds) > 1:
            self.p.append(Problem(rel, pos.line(path), owner, f"a body item has one of {', '.join(kinds)}, not several"))
            return None
        kind = kinds[0] if kinds else "para"
        if kind == "para" and "zh" not in d and "en" not in d:
            self.p.append(Problem(rel, pos.line(path), owner,
                                  "unknown body item: expected {zh, en}, table, figure, list, page_break, definitions or signatory"))
            return None
        model = ITEM_MODELS.get(kind, _Para)
        if not self.validate(model, d, rel, owner, path, pos):
            return None
        line = pos.line(path)
        common = dict(kind=kind, file=rel, line=line, where=where, when=self.when(d, rel, pos, path, where, owner))
        if kind == "para":
            return Item(**common, loop=self.loop(d, rel, pos, path, where, owner),
                        text=self.bisrc(d, rel, pos, path, where, owner), style=d.get("style", "body"))
        if kind in ("table", "figure"):
            return Item(**common, ref=str(d[kind]))
        if kind == "list":
            entries = []
            for i, e in enumerate(d["list"]):
                ep, ew = path + ("list", i), f"{where}.list[{i}]"
                entries.append(Item(kind="para", file=rel, line=pos.line(ep), where=ew,
                                    when=self.when(e, rel, pos, ep, ew, owner), loop=self.loop(e, rel, pos, ep, ew, owner),
                                    text=self.bisrc(e, rel, pos, ep, ew, owner)))
            return Item(**common, entries=tuple(entries), ordered=d.get("ordered", True))
        if kind == "signatory":
            s, sp, sw = d["signatory"], path + ("signatory",), f"{where}.signatory"
            if not s.get("name") and not s.get("party"):
                self.p.append(Problem(rel, line, owner, "a signatory needs 'name' or 'party'"))
                return None
            return Item(**common, signatory=Signatory(
                role=self.bisrc(s["role"], rel, pos, sp + ("role",), f"{sw}.role", owner),
                name=self.bisrc(s["name"], rel, pos, sp + ("name",), f"{sw}.name", owner) if s.get("name") else None,
                party=s.get("party"),
                signer=self.bisrc(s["signer"], rel, pos, sp + ("signer",), f"{sw}.signer", owner) if s.get("signer") else None,
                seal=s.get("seal", True)))
        return Item(**common)

    # -- clauses
    def clause(self, d, rel, pos, path, parent: str | None, n: int) -> ClauseSpec | None:
        owner = (d.get("id") if isinstance(d, dict) else None) or (f"{parent}#{n}" if parent else "<clause>")
        if isinstance(d, dict) and parent and "body" not in d and ("zh" in d or "en" in d):
            # Shorthand sub-clause: a plain paragraph, numbered like any sub-clause.
            para = {k: v for k, v in d.items() if k in ("zh", "en", "style")}
            rest = {k: v for k, v in d.items() if k not in ("zh", "en", "style")}
            d = dict(rest, body=[para])
            for k in ("zh", "en", "style"):
                if path + (k,) in pos.value:
                    pos.value[path + ("body", 0, k)] = pos.value[path + (k,)]
            pos.value[path + ("body", 0)] = pos.line(path)
        ok = self.validate(_Clause, d, rel, owner, path, pos)
        if not isinstance(d, dict):
            return None
        if parent is None and not d.get("id"):
            self.p.append(Problem(rel, pos.line(path), owner, "missing key 'id'"))
            ok = False
        cid = d.get("id") if isinstance(d.get("id"), str) else f"{parent}#{n}"
        # Items and sub-clauses are checked even when the clause itself is broken: report everything.
        body, children = [], []
        for i, it in enumerate(d.get("body") if isinstance(d.get("body"), list) else []):
            x = self.item(it, rel, pos, path + ("body", i), f"body[{i}]", cid)
            ok = ok and x is not None
            body.append(x)
        for i, c in enumerate(d.get("clauses") if isinstance(d.get("clauses"), list) else []):
            x = self.clause(c, rel, pos, path + ("clauses", i), cid, i + 1)
            ok = ok and x is not None
            children.append(x)
        if not ok:
            return None
        title = self.bisrc(d["title"], rel, pos, path + ("title",), "title", cid) if d.get("title") else None
        return ClauseSpec(id=cid, explicit=bool(d.get("id")), file=rel, line=pos.line(path, key=True) if path else 1,
                          title=title, when=self.when(d, rel, pos, path, "", cid),
                          loop=self.loop(d, rel, pos, path, "", cid), kind=d.get("kind"), toc=d.get("toc"),
                          page_break_before=bool(d.get("page_break_before")), body=tuple(body),
                          children=tuple(children), parent=parent)

    def add_clause_file(self, path: Path, rel: str):
        data, pos = read(path, rel, self.p)
        if data is None:
            if pos is not None:
                self.p.append(Problem(rel, 1, "<file>", "empty clause file"))
            return
        if isinstance(data, dict) and "labels" in data:
            self.add_labels(data, rel, pos)
            return
        spec = self.clause(data, rel, pos, (), None, 0)
        if spec is None:
            return
        if spec.loop:
            self.p.append(Problem(rel, spec.line, spec.id, "'for' is only allowed on sub-clauses and body items"))
        for c in spec.walk():
            if c.id in self.lib.clauses:
                other = self.lib.clauses[c.id]
                self.p.append(Problem(rel, c.line, c.id, f"clause id '{c.id}' is also used in {other.file}:{other.line}"))
                continue
            self.lib.clauses[c.id] = c
        self.lib.top.setdefault(spec.id, spec)

    def add_labels(self, data: dict, rel: str, pos: Pos):
        """A label file: `labels:` holds groups (nested mappings, joined into dotted keys) whose leaves
        are `{zh, en, vars?}`."""
        if set(data) != {"labels"} or not isinstance(data["labels"], dict):
            self.p.append(Problem(rel, 1, "<labels>", "a label file holds one key, 'labels', a mapping"))
            return

        def walk(node, path: tuple, key: str):
            if isinstance(node, dict) and ("zh" in node or "en" in node):
                owner = f"label:{key}"
                if not self.validate(_Label, node, rel, owner, path, pos):
                    return
                if key in self.lib.labels:
                    other = self.lib.labels[key]
                    self.p.append(Problem(rel, pos.line(path, key=True), owner,
                                          f"label '{key}' is also defined in {other.file}:{other.line}"))
                    return
                self.lib.labels[key] = LabelSpec(key, self.bisrc(node, rel, pos, path, "", owner),
                                                 tuple(node.get("vars", ())), rel, pos.line(path, key=True))
            elif isinstance(node, dict) and node:
                for k, v in node.items():
                    if not re.match(r"^[A-Za-z0-9_-]+$", k):
                        self.p.append(Problem(rel, pos.line(path + (k,), key=True), f"label:{key}",
                                              f"label key '{k}': letters, digits, '_' and '-' only"))
                        continue
                    walk(v, path + (k,), f"{key}.{k}" if key else k)
            else:
                self.p.append(Problem(rel, pos.line(path), f"label:{key}",
                                      "expected {zh, en} or a group of labels"))

        walk(data["labels"], ("labels",), "")

    def add_term_file(self, path: Path, rel: str):
        data, pos = read(path, rel, self.p)
        if data is None:
            return
        if not isinstance(data, list):
            self.p.append(Problem(rel, 1, "<terms>", "a term file is a list of terms"))
            return
        for i, d in enumerate(data):
            owner = f"term:{d.get('id')}" if isinstance(d, dict) else "term:?"
            if not self.validate(_Term, d, rel, owner, (i,), pos):
                continue
            if isinstance(d.get("when"), bool):
                d = dict(d, when=str(d["when"]).lower())
            tid, line = d["id"], pos.line((i,))
            if tid in self.lib.terms:
                other = self.lib.terms[tid]
                self.p.append(Problem(rel, line, owner, f"term '{tid}' is also defined in {other.file}:{other.line}"))
                continue
            self.lib.terms[tid] = TermSpec(
                id=tid, zh=d["zh"], en=d["en"], when=self.when(d, rel, pos, (i,), "", owner),
                definition=self.bisrc(d["definition"], rel, pos, (i, "definition"), "definition", owner),
                file=rel, line=line, defined_in=d.get("defined_in"))

    def add_outline(self, path: Path, rel: str):
        data, pos = read(path, rel, self.p)
        if data is None:
            return
        owner = data.get("id", path.stem) if isinstance(data, dict) else path.stem
        if not self.validate(_Outline, data, rel, owner, (), pos):
            return
        if data["id"] != path.stem:
            self.p.append(Problem(rel, pos.line(("id",)), owner, f"outline id '{data['id']}' differs from its file name"))
        parts = []
        for i, pd in enumerate(data["parts"]):
            pp = ("parts", i)
            if not self.validate(_Part, pd, rel, owner, pp, pos):
                continue
            keys = list(pd)
            if len(keys) != 1:
                self.p.append(Problem(rel, pos.line(pp), owner, "a part has exactly one of front, toc, articles (or chapters), annexes, signatures"))
                continue
            kind = keys[0]
            v = pd[kind]
            kind = "articles" if kind == "chapters" else kind
            if kind == "toc":
                if v:
                    parts.append(Part("toc", (), (), pos.line(pp)))
                continue
            ids = [v] if isinstance(v, str) else list(v)
            lines = [pos.line(pp + (kind,)) if isinstance(v, str) else pos.line(pp + (kind, j)) for j in range(len(ids))]
            parts.append(Part(kind, tuple(ids), tuple(lines), pos.line(pp)))
        self.lib.outlines[data["id"]] = OutlineSpec(
            id=data["id"], title=self.bisrc(data["title"], rel, pos, ("title",), "title", owner),
            numbering=data["numbering"], cover=data.get("cover"), cover_line=pos.line(("cover",)),
            parts=tuple(parts), when=self.when(data, rel, pos, (), "", owner), file=rel, line=1,
            definitions=data.get("definitions", "used"))


def _files(root: Path, sub: str, recursive: bool = True) -> list[Path]:
    base = root / sub
    if not base.is_dir():
        return []
    it = base.rglob("*") if recursive else base.glob("*")
    return sorted(p for p in it if p.is_file() and p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def _rel(root: Path, p: Path) -> str:
    return str(root / p.relative_to(root))


def read_library(root: Path) -> Library:
    """Load everything; structural problems are in `Library.problems` (lint reports them all)."""
    root = Path(root)
    b = _Builder(root)
    terms_dir = root / "clauses" / "terms"
    for p in _files(root, "clauses"):
        if terms_dir in p.parents:
            b.add_term_file(p, _rel(root, p))
        else:
            b.add_clause_file(p, _rel(root, p))
    for p in _files(root, "templates", recursive=False):
        b.add_outline(p, _rel(root, p))
    if not b.lib.outlines and not (root / "templates").is_dir():
        b.p.append(Problem(str(root / "templates"), 1, "<library>", "no templates/ folder under the library root"))
    return b.lib


# the cache lives in library_cache.py; these names are imported from here across the code
from docgen.assembly.library_cache import get_library, load_library, persist_codes  # noqa: E402,F401
