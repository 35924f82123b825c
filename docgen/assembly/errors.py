"""Located problems of the clause library and of an assembly run.

One format everywhere so that an author can jump to the line: `FILE:LINE: KIND: CLAUSE: MESSAGE`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str  # the YAML file, as found under the library root
    line: int  # 1-based line in that file (template lines are mapped to YAML lines)
    clause: str  # clause id, "term:<id>", or the outline id
    message: str
    variable: str | None = None  # the undefined name or attribute path, when there is one
    where: str | None = None  # which text of the clause: "body[2].en", "when", "title.zh"
    template_line: int | None = None  # line inside that text

    def format(self, kind: str = "error") -> str:
        detail = []
        if self.where:
            detail.append(self.where)
        if self.template_line is not None:
            detail.append(f"template line {self.template_line}")
        tail = f" ({', '.join(detail)})" if detail else ""
        return f"{self.file}:{self.line}: {kind}: {self.clause}: {self.message}{tail}"

    def key(self) -> tuple:
        return (self.file, self.line, self.clause, self.where or "", self.template_line or 0, self.message)


def sort_problems(problems) -> list[Problem]:
    """Unique problems in file and line order."""
    return sorted(set(problems), key=Problem.key)


class AssemblyError(Exception):
    """A document cannot be assembled: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class LibraryError(AssemblyError):
    """The clause library itself (file structure, ids, template syntax) is broken."""


class TemplateApiError(Exception):
    """Raised by a template helper (`party('nobody')`, `money(None)`): the renderer locates it."""
