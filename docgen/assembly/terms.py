"""The defined-term registry at assembly time: which terms a deal defines, and the definitions list."""

from __future__ import annotations

from docgen.assembly.spec import Library, TermSpec
from docgen.tree import TermUse, Run

# zh: “计划管理人”：指…   en: "Plan Manager" means …  (the definition text carries 指 / means)
OPEN_Q = {"zh": "“", "en": '"'}
CLOSE_Q = {"zh": "”：", "en": '" '}


def active(lib: Library, holds) -> dict[str, TermSpec]:
    """Terms whose `when` holds, in registry order (`holds(src)` evaluates a condition)."""
    return {tid: spec for tid, spec in lib.terms.items() if holds(spec.when)}


def name(spec: TermSpec, lang: str) -> str:
    return spec.zh if lang == "zh" else spec.en


def entry_runs(spec: TermSpec, lang: str, definition: tuple) -> tuple:
    """The inline content of one definitions-list entry."""
    return (Run(OPEN_Q[lang]), TermUse(spec.id, name(spec, lang), defining=True), Run(CLOSE_Q[lang])) + tuple(definition)
