"""`docgen project DEAL [--scenario NAME] [--format table|json|csv|xlsx] [-o FILE]`."""

from __future__ import annotations

import os
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from docgen import pipeline
from docgen.commands import exit_codes
from docgen.commands.console import err, error, out, print_diagnostics
from docgen.model.diagnostics import DealError
from docgen.projection.export import projection_hash, to_csv, to_json, write_xlsx
from docgen.projection.report import ReportTable, tables
from docgen.projection.result import Projection

FORMATS = ("table", "json", "csv", "xlsx")
WIDE = 1000  # columns: more than any table needs


def rich_table(t: ReportTable) -> Table:
    table = Table(title=t.title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for header, justify in t.columns:
        table.add_column(header, justify=justify)
    for row in t.rows:
        table.add_row(*row)
    if t.total is not None:
        table.add_row(*t.total, style="bold")
    if t.caption is not None:
        table.caption = t.caption
    return table


def print_tables(proj: Projection, console: Console) -> None:
    for t in tables(proj):
        console.print(rich_table(t))
    for w in proj.warnings:
        console.print(f"warning: {w}", style="yellow", markup=False)
    console.print(f"projection hash {projection_hash(proj)}", markup=False)


def whole_tables_console(file=None) -> Console:
    """A console for a pipe or a file: no colour, and wide enough that no table is squeezed (a squeezed
    figure would print as `87,096,00…`); each table still takes only its natural width."""
    return Console(file=file, width=WIDE, highlight=False, color_system=None, soft_wrap=True, emoji=False)


def output_problem(path: Path, deal_path: Path | None = None) -> str | None:
    """Why the file cannot be written, found before the work (a write error later exits 2 in docgen.cli)."""
    if path.is_dir():
        return "this is a folder; name a file"
    if deal_path is not None and _same_file(path, Path(deal_path)):
        return "this is the deal file itself: it would be overwritten; name another file"
    parent = path.absolute().parent
    if not parent.is_dir():
        return f"the folder {parent} does not exist"
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # through links too
    except OSError:  # either is missing: nothing to overwrite
        return False


def run(deal_path: Path, *, scenario: str | None = None, fmt: str = "table", output: Path | None = None) -> int:
    from docgen.projection.run import UnknownScenario

    fmt = (fmt or "table").lower()
    if fmt not in FORMATS:
        error(f"docgen project: unknown format '{fmt}' (use one of: {', '.join(FORMATS)})")
        return exit_codes.BAD_INPUT
    if fmt == "xlsx" and output is None:
        error("docgen project: --format xlsx needs -o FILE")
        return exit_codes.BAD_INPUT
    if output is not None and (problem := output_problem(Path(output), deal_path)):
        error(f"docgen project: -o {output}: {problem}")
        return exit_codes.BAD_INPUT
    from docgen.model.loader import load_deal

    try:  # regulatory errors never stop the analysis: printed on stderr, the projection runs (exit 0)
        deal, found = load_deal(deal_path, with_warnings=True, allow_regulatory=True)
    except DealError as e:
        print_diagnostics(e.diagnostics)
        return exit_codes.BAD_INPUT
    print_diagnostics([d for d in found if d.severity == "error"])
    try:
        proj = pipeline.project(deal, scenario)
    except UnknownScenario as e:
        error(f"docgen project: {e.args[0]}")
        return exit_codes.BAD_INPUT

    if fmt == "xlsx":
        write_xlsx(proj, output)
        err.print(f"wrote {output}", markup=False)
    elif fmt == "table":
        if output is None:
            print_tables(proj, out if out.is_terminal else whole_tables_console())
        else:
            with open(output, "w", encoding="utf-8") as fh:
                print_tables(proj, whole_tables_console(fh))
    else:
        text = to_json(proj) if fmt == "json" else to_csv(proj)
        if output is None:
            out.out(text, highlight=False, end="" if text.endswith("\n") else "\n")
        else:
            Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return exit_codes.OK
