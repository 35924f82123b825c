"""The two consoles every command prints to, and the printing that several commands share."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from docgen.model.diagnostics import printable as safe

err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # `deal.yaml:100:3` is no emoji
out = Console(highlight=False, soft_wrap=True, emoji=False)


def deal_files(paths: list[Path]) -> list[Path]:
    """Deal files named directly, or every *.yaml / *.yml in a named folder (sorted); each file once, as
    first named (a file given twice, or with its folder, is one deal, not two with one plan.id)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(x for x in p.iterdir() if x.suffix in (".yaml", ".yml") and x.is_file())
        else:
            found.append(p)
    once: dict[Path, Path] = {}
    for p in found:
        once.setdefault(p.resolve(), p)
    return list(once.values())


def print_diagnostics(diags, fmt: str = "text") -> None:
    """Deal diagnostics: a JSON list on stdout, or one coloured line each on stderr."""
    if fmt == "json":
        out.print_json(json.dumps([d.as_json() for d in diags], ensure_ascii=False))
        return
    for d in diags:
        error(d.format(), warning=d.severity != "error")


def error(text: str, *, warning: bool = False) -> None:
    """One plain line (no rich markup) in red, or yellow for a warning, on stderr."""
    err.print(safe(text), style="yellow" if warning else "red", markup=False)
