"""`docgen validate DEAL|DIR... [--format text|json] [--strict]`."""

from __future__ import annotations

from pathlib import Path

from docgen.commands import exit_codes
from docgen.commands.console import deal_files, err, print_diagnostics
from docgen.model.diagnostics import DealError


def run(deals: list[Path], *, fmt: str = "text", strict: bool = False) -> int:
    from docgen.model.loader import load_deal

    all_diags = []
    failed = False
    files = deal_files(deals)
    if not files:
        err.print("docgen validate: no deal files found", style="red")
        return exit_codes.BAD_INPUT
    for f in files:
        try:
            _, warnings = load_deal(f, with_warnings=True)
            all_diags += warnings
            if strict and warnings:
                failed = True
        except DealError as e:
            all_diags += e.diagnostics
            failed = True
    print_diagnostics(all_diags, fmt)
    if fmt == "text":
        n_err = sum(d.severity == "error" for d in all_diags)
        n_warn = len(all_diags) - n_err
        status = "[red]failed[/]" if failed else "[green]ok[/]"
        err.print(f"{len(files)} deal file(s): {n_err} error(s), {n_warn} warning(s) — {status}")
    return exit_codes.BAD_INPUT if failed else exit_codes.OK
