"""The second pass of assembly, block by block: a clause body's paragraphs, lists, tables, figures and
signatories in both languages, the cover and the signature page (with the page furniture they print).

`BlockRenderer` is the part of the assembler (`docgen.assembly.assemble._Assembler`) that turns the
items of a clause into tree blocks; it relies on the assembler's evaluation helpers (`runs`, `holds`,
`selected`, `bi_text`, `fail`) and state.
"""

from __future__ import annotations

from docgen.assembly import inline, terms
from docgen.assembly.errors import Problem
from docgen.assembly.furniture import either
from docgen.assembly.labels import LabelError, Labels
from docgen.assembly.registry import FIGURES, TABLES, BuildContext
from docgen.assembly.spec import ClauseSpec, Item
from docgen.tree import Bi, Cover, Figure, ListBlock, PageBreak, Para, SignatureBlock, Signatory

FAIL = object()  # what an evaluation that failed returns (its problem is recorded)


class BlockRenderer:
    def body(self, items: tuple[Item, ...], bindings: dict, owner: str, signatories: list | None = None) -> Bi:
        zh: list = []
        en: list = []
        for it in items:
            if it.kind == "para":
                for b in self.selected(it.loop, it.when, bindings):
                    a, c = self.runs(it.text.zh, "zh", b), self.runs(it.text.en, "en", b)
                    if a is FAIL or c is FAIL or (not a and not c):
                        continue
                    zh.append(Para(a, it.style))
                    en.append(Para(c, it.style))
                continue
            if self.holds(it.when, bindings) is not True:
                continue
            if it.kind == "list":
                zi, ei = [], []
                for e in it.entries:
                    for b in self.selected(e.loop, e.when, bindings):
                        a, c = self.runs(e.text.zh, "zh", b), self.runs(e.text.en, "en", b)
                        if a is FAIL or c is FAIL or (not a and not c):
                            continue
                        zi.append((Para(a),))
                        ei.append((Para(c),))
                if zi:
                    zh.append(ListBlock(tuple(zi), it.ordered))
                    en.append(ListBlock(tuple(ei), it.ordered))
            elif it.kind in ("table", "figure"):
                obj = self.build(it)
                if obj is not FAIL:
                    zh.append(obj)
                    en.append(obj)
            elif it.kind == "page_break":
                zh.append(PageBreak())
                en.append(PageBreak())
            elif it.kind == "definitions":
                # filled in after the whole document is rendered: it defines only the terms the
                # document uses (and those their definitions use), not every term of the pack
                zh.append(terms.SLOT)
                en.append(terms.SLOT)
            elif it.kind == "signatory":
                if signatories is None:
                    self.fail(Problem(it.file, it.line, owner, "a signatory belongs in the outline's `signatures` clause",
                                      where=it.where))
                    continue
                s = self.signatory(it, bindings)
                if s is not None:
                    signatories.append((len(zh), s))
        return Bi(tuple(zh), tuple(en))

    def _definition_runs(self, spec, lang: str):
        d = self.runs(spec.definition[lang], lang, {})
        return None if d is FAIL else d

    def _cached_figure(self, ref: str, fn, ctx: BuildContext):
        """Charts cost ~0.4 s of CPU each in matplotlib: reuse one drawn from the same inputs (figure_cache)."""
        from docgen.assembly.figure_cache import cached_figure, inputs_repr

        # only a builder that is a named function is cached, under its name: a stand-in swapped into the
        # registry (compare's blank charts, a test's stub) must never be stored as the real chart
        module, name = getattr(fn, "__module__", None), getattr(fn, "__qualname__", None)
        if not module or not name or "<" in name:
            return fn(ctx)
        if self._figure_inputs is None:
            self._figure_inputs = inputs_repr(self.deal, self.proj)
        return cached_figure(fn, ctx, (module, name, ref, self.outline.id), self._figure_inputs)

    def build(self, it: Item):
        reg = TABLES if it.kind == "table" else FIGURES
        fn = reg.get(it.ref)
        if fn is None:
            return self.fail(Problem(it.file, it.line, self._owner, f"unknown {it.kind} '{it.ref}'", where=it.where))
        try:
            ctx = BuildContext(self.deal, self.proj, self.state.fmt, self.outline.id, Labels(self.lib, self.vars))
            if it.kind == "figure":
                return self._cached_figure(it.ref, fn, ctx)
            return fn(ctx)
        except LabelError as e:  # located at the label's own file and line
            return self.fail(e.problem)
        except Exception as e:  # a builder's failure is reported at the clause that asked for it
            return self.fail(Problem(it.file, it.line, self._owner, f"{it.kind} '{it.ref}' failed: {type(e).__name__}: {e}",
                                     where=it.where))

    def signatory(self, it: Item, bindings: dict):
        s = it.signatory
        role = self.bi_text(s.role, bindings)
        if s.name is not None:
            name = self.bi_text(s.name, bindings)
        else:
            try:
                p = self.vars["zh"]["party"](s.party)
                name = Bi(inline.clean(p.name.zh), inline.clean(p.name.en))
            except Exception as e:
                self.fail(Problem(it.file, it.line, self._owner, str(e), where=it.where))
                return None
        signer = self.bi_text(s.signer, bindings) if s.signer else None
        if role is None or name is None:
            return None
        return Signatory(role=role, name=name, seal=s.seal, signer_label=either(signer, self.furniture.signer))


    def cover(self, spec: ClauseSpec, draft: bool, title: Bi) -> Cover:
        self._owner = spec.id
        body = self.body(spec.body, {}, spec.id)
        lines = tuple(Bi(_para_text(a), _para_text(b)) for a, b in zip(body.zh, body.en) if isinstance(a, Para))
        sub = self.bi_text(spec.title, {})
        # A cover title that ends with the document's title is its full title ("<plan name> Offering Memorandum"): printed once.
        if sub is not None and sub.zh.endswith(title.zh) and sub.en.endswith(title.en):
            title, sub = sub, None
        return Cover(title=title, subtitle=sub, lines=lines, draft=draft)

    def signatures(self, spec: ClauseSpec) -> SignatureBlock:
        self._owner = spec.id
        if spec.children:
            self.fail(Problem(spec.file, spec.line, spec.id, "a signatures clause has no sub-clauses"))
        found: list = []
        body = self.body(spec.body, {}, spec.id, signatories=found)
        first = found[0][0] if found else len(body.zh)

        def joined(blocks):
            return "\n".join(_para_text(b) for b in blocks if isinstance(b, Para)) or None

        note = Bi(joined(body.zh[:first]), joined(body.en[:first])) if first else None
        rest = len(body.zh) - first
        date_label = Bi(joined(body.zh[first:]), joined(body.en[first:])) if rest else None
        return SignatureBlock(signatories=tuple(s for _, s in found), note=note,
                              date_label=either(date_label, self.furniture.date), seal_label=self.furniture.seal)



def _para_text(p) -> str:
    return inline.plain(p.runs) if isinstance(p, Para) else ""

