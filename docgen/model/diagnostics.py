"""Located problems in a deal file: `FILE:LINE:COL: severity: field.path: message`.

`kind` says what an error stops: a structural error (types, references, dates, sums) stops everything;
a regulatory error stops only `render`, unless the deal waives its rule — a waived error is reported as a
warning of kind `waived`."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
Kind = Literal["structural", "regulatory", "waived"]

# what a terminal would act on or reorder: C0/C1 controls (ESC sequences), DEL, bidi and invisible characters
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: str) -> str:
    """`text` with every control, bidi or invisible character written as an escape (`\\x1b`, `\\u202e`)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    path: str
    severity: Severity
    rule: str
    message: str
    kind: Kind = "structural"

    def format(self) -> str:
        tag = f" [regulatory rule '{self.rule}': render needs a waiver]" if self.kind == "regulatory" and self.severity == "error" else ""
        return printable(f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.path or '<file>'}: {self.message}{tag}")

    @property
    def blocks_analysis(self) -> bool:
        return self.severity == "error" and self.kind == "structural"

    def as_json(self) -> dict:
        return asdict(self)


class DealError(Exception):
    """A deal file cannot be used: carries every problem found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.path))
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
