"""`docgen lint [--root DIR] [--deal DEAL...]`: the clause library checked against the model, and with
`--deal` every document run through the pipeline against each deal. One line per problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docgen import pipeline
from docgen.commands import exit_codes


def _emit(stream, line: str) -> None:
    if hasattr(stream, "print"):
        stream.print(line, markup=False, highlight=False, soft_wrap=True)
    else:  # a plain text stream (tests)
        stream.write(line + "\n")


def lint_command(root: Path, deals: list[Path], out, err, *, project: Callable | None = None) -> int:
    """Print one line per problem on `out` and a count on `err`; 0 when clean, 2 when anything was found."""
    from docgen.assembly.library import get_library
    from docgen.assembly.lint import lint_library

    problems = lint_library(Path(root))
    if deals and not get_library(Path(root)).problems:  # a structurally broken library cannot render
        for deal in deals:
            problems += pipeline.problems(Path(deal), Path(root), run_projection=project or pipeline.project)
    for p in problems:
        _emit(out, p.format("lint"))
    _emit(err, f"docgen lint: {len(problems)} problem(s)" if problems else "docgen lint: clean")
    return exit_codes.BAD_INPUT if problems else exit_codes.OK


def run(root: Path, deals: list[Path]) -> int:
    from docgen.commands.console import deal_files, err, out

    return lint_command(root, deal_files(deals), out, err)  # a folder: every deal file in it
