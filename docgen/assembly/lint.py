"""`docgen lint`: check every template of the clause library against the model before any render.

Reports, one line each as `FILE:LINE: lint: CLAUSE: MESSAGE`:
- file structure (unknown keys, duplicate ids, YAML errors) and template syntax, forbidden tags;
- variables the template API does not know; attribute paths the deal model does not have;
  paths through optional fields no condition guards (modelpaths.py);
- terms used but not registered, registered but never used; a term `defined_in` one document that
  another uses, or whose definition reads `doc`; `ref()` to a clause that does not exist
  or is not in the same document; `doc_ref()` to an unknown document; unknown table / figure ids;
- outline entries naming no clause, clauses in no outline, leftover drafting placeholders;
- with `--deal`, every document rendered against each deal, each failure reported.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from jinja2 import meta, nodes
from jinja2.exceptions import TemplateSyntaxError

from docgen.assembly.api import API_NAMES
from docgen.assembly.errors import Problem, sort_problems
from docgen.assembly.modelpaths import API_TYPES, Checker, T, selected_attrs
from docgen.assembly.sandbox import ENV, FORBIDDEN, GLOBALS, free_names
from docgen.assembly.spec import ClauseSpec, Item, Library, Src
from docgen.assembly.library import get_library

PLACEHOLDER = re.compile(r"\[\[[A-Za-z_][\w.-]*\]\]|〈[^〉\n]{1,16}〉")


class _Lint:
    def __init__(self, lib: Library):
        self.lib = lib
        self.problems: list[Problem] = list(lib.problems)
        self.term_uses: dict[str, list[tuple[Src, int]]] = {}
        self.refs: list[tuple[Src, int, str, str | None]] = []  # (src, line, target, top clause or None for terms)
        self.top_of: dict[str, str] = {}
        self.outlines_of: dict[str, list[str]] = {}

    def add(self, src: Src, tline: int | None, message: str, variable: str | None = None):
        self.problems.append(Problem(src.file, src.yaml_line(tline), src.owner, message, variable=variable,
                                     where=src.where, template_line=tline))

    # ------------------------------------------------------------------ one text
    def parse(self, src: Src, expression: bool):
        text = f"{{{{ {src.text} }}}}" if expression else src.text
        try:
            ast = ENV.parse(text)
        except TemplateSyntaxError as e:
            self.add(src, 1 if expression else e.lineno, f"template syntax: {e.message}")
            return None
        for node in ast.find_all(FORBIDDEN):
            self.add(src, node.lineno, f"{{% {type(node).__name__.lower()} %}} is not allowed: clause texts cannot read files or import templates")
            return None
        return ast

    def text(self, src: Src, scope: dict, guards: tuple, top: str | None, *, expression: str | None = None) -> T:
        """Check one text; `expression` is 'when' or 'for' for expressions. Returns the expression's type."""
        for m in PLACEHOLDER.finditer(src.text):
            if src.text.rfind("《", 0, m.start()) > src.text.rfind("》", 0, m.start()):
                continue  # a title within a title: angle brackets nested inside double angle brackets
            self.add(src, src.text.count("\n", 0, m.start()) + 1, f"drafting placeholder '{m.group(0)}' left in the text")
        ast = self.parse(src, expression is not None)
        if ast is None:
            return T()
        known = set(API_NAMES) | GLOBALS | set(scope)
        for name in sorted(meta.find_undeclared_variables(ast) - known):
            line = next((n.lineno for n in ast.find_all(nodes.Name) if n.name == name and n.ctx == "load"), 1)
            self.add(src, 1 if expression else line, f"unknown variable '{name}' (not in the template API)", name)
        checker = Checker(guards)
        full = {**API_TYPES, **scope}
        if expression:
            expr = ast.body[0].nodes[0]
            result = checker.expr(expr, full, (), "test" if expression == "when" else "value")
        else:
            checker.body(ast.body, full, ())
            result = T()
        for f in checker.findings:
            self.add(src, 1 if expression else f.lineno, f.message, f.variable)
        for helper, arg, line in checker.calls:
            line = 1 if expression else line
            if arg is None:
                self.add(src, line, f"{helper}() needs a literal id so that lint can check it")
            elif expression and helper == "ref":
                self.add(src, line, "ref() cannot be used in `when` or `for` (numbers are not known yet)")
            elif helper == "term":
                self.term_uses.setdefault(arg, []).append((src, line))
            elif helper == "ref":
                self.refs.append((src, line, arg, top))
            elif helper == "doc_ref" and arg not in self.lib.outlines:
                self.add(src, line, f"doc_ref('{arg}'): no such document (have: {', '.join(sorted(self.lib.outlines))})")
        return result

    def guard_of(self, src: Src | None, scope: dict) -> frozenset:
        if src is None:
            return frozenset()
        ast = self.parse(src, True)
        if ast is None:
            return frozenset()
        return Checker().mentions(ast.body[0].nodes[0], {**API_TYPES, **scope})

    def loop(self, loop, scope, guards, top) -> tuple[dict, tuple]:
        if loop is None:
            return scope, guards
        it = self.text(loop.expr, scope, guards, top, expression="for")
        tp, opt = Checker().item_of(it.tp) if it.tp is not None else (None, False)
        ast = self.parse(loop.expr, True)
        if ast is not None:
            guards = guards + (selected_attrs(ast.body[0].nodes[0], loop.name),)
        return {**scope, loop.name: T(tp, loop.name, opt)}, guards

    def when_and_loop(self, when: Src | None, loop, scope, guards, top):
        """Check `when` and `for` in the order assembly evaluates them: a `when` that does not read the
        loop variable is evaluated first and guards the loop expression."""
        first = when is not None and (loop is None or loop.name not in free_names(self.lib, when))
        if first:
            self.text(when, scope, guards, top, expression="when")
            guards = guards + (self.guard_of(when, scope),)
        inner, guards = self.loop(loop, scope, guards, top)
        if when is not None and not first:
            self.text(when, inner, guards, top, expression="when")
            guards = guards + (self.guard_of(when, inner),)
        return inner, guards

    # ------------------------------------------------------------------ clauses
    def item(self, it: Item, scope: dict, guards: tuple, top: str, signature_ok: bool):
        inner, guards = self.when_and_loop(it.when, it.loop, scope, guards, top)
        if it.kind in ("table", "figure"):
            from docgen.assembly.registry import FIGURES, TABLES

            reg = TABLES if it.kind == "table" else FIGURES
            if it.ref not in reg:
                near = difflib.get_close_matches(it.ref, list(reg), n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                self.problems.append(Problem(it.file, it.line, top, f"unknown {it.kind} '{it.ref}'{hint}", where=it.where))
        if it.kind == "signatory" and not signature_ok:
            self.problems.append(Problem(it.file, it.line, top, "a signatory belongs in the outline's `signatures` clause", where=it.where))
        if it.text:
            self.text(it.text.zh, inner, guards, top)
            self.text(it.text.en, inner, guards, top)
        for e in it.entries:
            self.item(e, scope, guards, top, False)
        if it.signatory:
            s = it.signatory
            for b in (s.role, s.name, s.signer):
                if b:
                    self.text(b.zh, scope, guards, top)
                    self.text(b.en, scope, guards, top)

    def clause(self, c: ClauseSpec, scope: dict, guards: tuple, top: str, signature_ok: bool):
        self.top_of[c.id] = top
        inner, guards = self.when_and_loop(c.when, c.loop, scope, guards, top)
        if c.title:
            self.text(c.title.zh, inner, guards, top)
            self.text(c.title.en, inner, guards, top)
        for it in c.body:
            self.item(it, inner, guards, top, signature_ok)
        for child in c.children:
            self.clause(child, inner, guards, top, signature_ok)

    # ------------------------------------------------------------------ the library
    def run(self) -> list[Problem]:
        lib = self.lib
        try:
            from docgen.assembly.registry import load_builders

            load_builders()
        except Exception as e:  # a broken builder module should not hide the template findings
            self.problems.append(Problem("docgen/assembly/tables", 1, "<builders>", f"cannot load builders: {type(e).__name__}: {e}"))
        signatures = set()
        for o in lib.outlines.values():
            seen: dict[str, int] = {}
            if o.when:
                self.text(o.when, {}, (), None, expression="when")
            self.text(o.title.zh, {}, (), None)
            self.text(o.title.en, {}, (), None)
            for cid, line, part in o.clause_ids():
                if cid not in lib.top:
                    what = "is a sub-clause, not a clause file" if cid in lib.clauses else "is not the id of any clause file"
                    self.problems.append(Problem(o.file, line, o.id, f"{part}: '{cid}' {what}"))
                    continue
                if cid in seen:
                    self.problems.append(Problem(o.file, line, o.id, f"clause '{cid}' appears twice in the outline (also line {seen[cid]})"))
                seen[cid] = line
                self.outlines_of.setdefault(cid, []).append(o.id)
                if part == "signatures":
                    signatures.add(cid)
        outline_guard = {o.id: self.guard_of(o.when, {}) if o.when else None for o in lib.outlines.values()}
        for cid, spec in lib.top.items():
            # A document's own `when` (the pledge contract needs a pledge) guards all its clauses,
            # when every document that includes the clause has one.
            gs = [outline_guard[d] for d in self.outlines_of.get(cid, [])]
            base = (frozenset.intersection(*gs),) if gs and all(g is not None for g in gs) else ()
            self.clause(spec, {}, base, cid, cid in signatures)
            if cid not in self.outlines_of:
                self.problems.append(Problem(spec.file, spec.line, cid, "clause is in no outline (templates/*.yaml)"))
        for term in lib.terms.values():
            guards = ()
            if term.when:
                self.text(term.when, {}, (), None, expression="when")
                guards = (self.guard_of(term.when, {}),)
            self.text(term.definition.zh, {}, guards, None)
            self.text(term.definition.en, {}, guards, None)
        self.check_labels()
        self.check_terms()
        self.check_homes()
        self.check_refs()
        return self.problems

    def check_labels(self):
        for lb in self.lib.labels.values():
            scope = {v: T(None, v) for v in lb.vars}
            for src in (lb.text.zh, lb.text.en):
                if re.search(r"\b(term|ref|doc_ref)\s*\(", src.text):
                    self.add(src, 1, "a label is plain text: term(), ref() and doc_ref() belong in clauses")
                    continue
                self.text(src, scope, (), None)

    def check_terms(self):
        for tid, uses in self.term_uses.items():
            if tid not in self.lib.terms:
                for src, line in uses:
                    self.add(src, line, f"term('{tid}') is not registered in clauses/terms/", tid)
        for tid, spec in self.lib.terms.items():
            uses = [u for u in self.term_uses.get(tid, []) if u[0].owner != f"term:{tid}"]
            if not uses:
                self.problems.append(Problem(spec.file, spec.line, f"term:{tid}", f"term '{tid}' is registered but no clause uses it"))

    def check_homes(self):
        """Where each term is defined (terms.defines): a term `defined_in` a document is used by no other
        document and by no definition of a term defined elsewhere; a definition reads the same in every
        document that prints it (the Standard Terms, the offering memorandum), so it cannot read `doc`.
        Uses are counted per outline that includes the clause, whatever its `when`."""
        lib = self.lib
        for spec in lib.terms.values():
            home = spec.defined_in
            o = lib.outlines.get(home) if home else None
            if home and o is None:
                self.problems.append(Problem(spec.file, spec.line, f"term:{spec.id}",
                                             f"defined_in: no document '{home}' (have: {', '.join(sorted(lib.outlines))})"))
            elif o is not None and o.definitions == "all":
                self.problems.append(Problem(spec.file, spec.line, f"term:{spec.id}",
                                             f"defined_in: '{home}' defines the shared terms: leave defined_in out"))
            for src in (spec.definition.zh, spec.definition.en):
                if "doc" in _reads(src):
                    self.add(src, 1, "a definition must read the same in every document that prints it: "
                                     "not `doc` (use doc_ref(), or `defined_in` and 'this Agreement')", "doc")
        for tid, uses in self.term_uses.items():
            spec = lib.terms.get(tid)
            if spec is None or spec.defined_in is None:
                continue
            home = spec.defined_in
            for src, line in uses:
                if src.owner.startswith("term:"):
                    other = lib.terms.get(src.owner[len("term:"):])
                    if other is not None and other.defined_in != home:
                        where = f"defined in '{other.defined_in}'" if other.defined_in else "the documents share"
                        self.add(src, line, f"term('{tid}') is defined in '{home}' only, but the definition of "
                                            f"a term {where} uses it", tid)
                    continue
                others = [d for d in self.outlines_of.get(self.top_of.get(src.owner, src.owner), []) if d != home]
                if others:
                    self.add(src, line, f"term('{tid}') is defined in '{home}' only (defined_in), but "
                                        f"{', '.join(others)} uses it: leave defined_in out to define it in the "
                                        "shared terms", tid)

    def check_refs(self):
        lib = self.lib
        part_of = {}  # clause id -> part kind in each outline (front/cover/signatures cannot be referenced)
        with_definitions = [o.id for o in lib.outlines.values()
                            if any(it.kind == "definitions" for cid, _, _ in o.clause_ids() if cid in lib.top
                                   for c in lib.top[cid].walk() for it in c.body)]
        for o in lib.outlines.values():
            for cid, _, part in o.clause_ids():
                part_of[(o.id, cid)] = part
        for src, line, target, top in self.refs:
            spec = lib.clauses.get(target)
            if spec is None:
                self.add(src, line, f"ref('{target}'): no clause has that id", target)
                continue
            ttop = self.top_of.get(target, target)
            docs = self.outlines_of.get(top, []) if top else self.defining(src.owner, with_definitions)
            for d in docs:
                part = part_of.get((d, ttop))
                if part is None:
                    self.add(src, line, f"ref('{target}'): not part of document '{d}'", target)
                elif part in ("front", "cover", "signatures"):
                    self.add(src, line, f"ref('{target}'): a {part} section has no number to refer to", target)


    def defining(self, owner: str, with_definitions: list[str]) -> list[str]:
        """The documents that may print the definition of term `owner` ('term:<id>')."""
        spec = self.lib.terms.get(owner[len("term:"):])
        if spec is not None and spec.defined_in:
            return [spec.defined_in] if spec.defined_in in with_definitions else []
        return [d for d in with_definitions if self.lib.outlines[d].definitions != "own"]


def _reads(src: Src) -> set[str]:
    try:
        return meta.find_undeclared_variables(ENV.parse(src.text))
    except TemplateSyntaxError:
        return set()  # reported where the text is checked


def lint_library(root: Path) -> list[Problem]:
    return sort_problems(_Lint(get_library(Path(root))).run())
