"""Printed words that are not clauses — table captions and headers, enum labels, chart legends, page
furniture — looked up by key in the label files of the clause library (`clauses/**` files with a
top-level `labels:` key; see docs/clauses.md).

A label is plain text in both languages. One without `{{`/`{%` is printed as written; one with them
is rendered in the sandbox with the template API of its document plus the values the code passes
(declared in the label's `vars`, so lint can check it).
"""

from __future__ import annotations

from pathlib import Path

from docgen.assembly import inline
from docgen.assembly.errors import Problem, TemplateApiError
from docgen.assembly.sandbox import RenderFailure, render
from docgen.assembly.spec import LabelSpec, Library
from docgen.tree import LANGS, Bi, Cell


class LabelError(Exception):
    """A label missing from the library, or failing to render: carries a located problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _is_template(text: str) -> bool:
    return "{{" in text or "{%" in text


def spec_of(lib: Library, key: str) -> LabelSpec:
    """The label `key` of `lib`; a library of one's own (`--root`) that lacks it takes docgen's."""
    spec = lib.labels.get(key)
    if spec is None:
        from docgen.assembly.library import load_library
        from docgen.resources import library_root

        own = library_root()
        if Path(lib.root).resolve() != own:
            spec = load_library(own).labels.get(key)
    if spec is None:
        raise LabelError(Problem("clauses", 1, f"label:{key}", f"no label '{key}' in the clause library (clauses/**: labels:)"))
    return spec


def plain_label(lib: Library, key: str) -> Bi:
    """A label without template code, for code that has no deal (review, page furniture)."""
    spec = spec_of(lib, key)
    for lang in LANGS:
        if _is_template(spec.text[lang].text):
            raise LabelError(Problem(spec.file, spec.line, f"label:{key}", "this label is printed without a deal: no {{ }} allowed"))
    return Bi(spec.text.zh.text, spec.text.en.text)


class Labels:
    """The labels of one document, rendered with that document's template API (`api` per language)."""

    def __init__(self, lib: Library, api: dict[str, dict]):
        self.lib, self.api = lib, api

    def text(self, key: str, **values) -> Bi:
        """The label in both languages: `Bi(zh, en)`."""
        spec = spec_of(self.lib, key)
        missing = sorted(set(spec.vars) - set(values))
        extra = sorted(set(values) - set(spec.vars))
        if missing or extra:
            what = "; ".join(x for x in (f"missing {', '.join(missing)}" if missing else "",
                                         f"undeclared {', '.join(extra)}" if extra else "") if x)
            raise LabelError(Problem(spec.file, spec.line, f"label:{key}",
                                     f"label '{key}' declares vars [{', '.join(spec.vars)}]: {what}"))
        out = []
        for lang in LANGS:
            src = spec.text[lang]
            if not _is_template(src.text):
                out.append(src.text)
                continue
            try:
                rendered = render(self.lib, src, {**self.api[lang], **values})
                out.append(inline.literal(rendered))
            except RenderFailure as e:
                raise LabelError(e.problem) from None
            except (inline.MarkupError, TemplateApiError) as e:
                raise LabelError(Problem(src.file, src.line, f"label:{key}", str(e))) from None
        return Bi(out[0], out[1])

    def cell(self, key: str, bold: bool = False, colspan: int = 1, **values) -> Bi:
        """The label as a bilingual table cell."""
        b = self.text(key, **values)
        return Bi(Cell(b.zh, bold=bold, colspan=colspan), Cell(b.en, bold=bold, colspan=colspan))

    def has(self, key: str) -> bool:
        return key in self.lib.labels


def context_for(deal, proj, document: str, *, fmt=None, root=None):
    """A `BuildContext` outside an assembly run (tests, benchmarks): labels from the library at `root`
    (default: docgen's own), the template API of `document`."""
    from docgen.assembly.api import RenderState, make_vars
    from docgen.assembly.library import load_library
    from docgen.assembly.registry import BuildContext
    from docgen.format import Formatter
    from docgen.resources import library_root

    lib = load_library(root or library_root())
    fmt = fmt or {lang: Formatter(lang, deal.plan.amount_unit, deal.plan.display_unit) for lang in LANGS}
    state = RenderState(lib=lib, deal=deal, proj=proj, document=document, fmt=fmt)
    return BuildContext(deal, proj, fmt, document, Labels(lib, {lang: make_vars(state, lang) for lang in LANGS}))
