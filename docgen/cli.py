"""The `docgen` command line: thin — parse arguments, call the packages, map outcomes to exit codes.

Exit status: 0 ok, 1 internal failure, 2 bad input, 3 findings (`check`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from docgen import __version__
from docgen.model.diagnostics import DealError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="docgen: bilingual legal document packs for Chinese utility-fee ABS deals.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_FINDINGS = 0, 1, 2, 3


def deal_files(paths: list[Path]) -> list[Path]:
    """Deal files named directly, or every *.yaml / *.yml in a named folder (sorted)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(x for x in p.iterdir() if x.suffix in (".yaml", ".yml") and x.is_file())
        else:
            found.append(p)
    return found


def print_diagnostics(diags, fmt: str = "text") -> None:
    if fmt == "json":
        out.print_json(json.dumps([d.as_json() for d in diags], ensure_ascii=False))
        return
    for d in diags:
        style = "red" if d.severity == "error" else "yellow"
        err.print(d.format(), style=style, markup=False)


@app.command()
def validate(
    deals: Annotated[list[Path], typer.Argument(help="Deal files or folders of deal files.")],
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
):
    """Check deal files and print every problem as FILE:LINE:COL: severity: field: message."""
    from docgen.model.loader import load_deal

    all_diags = []
    failed = False
    files = deal_files(deals)
    if not files:
        err.print("docgen validate: no deal files found", style="red")
        raise typer.Exit(EXIT_BAD_INPUT)
    for f in files:
        try:
            _, warnings = load_deal(f, with_warnings=True)
            all_diags += warnings
            if strict and warnings:
                failed = True
        except DealError as e:
            all_diags += e.diagnostics
            failed = True
    print_diagnostics(all_diags, format)
    if format == "text":
        n_err = sum(d.severity == "error" for d in all_diags)
        n_warn = len(all_diags) - n_err
        status = "[red]failed[/]" if failed else "[green]ok[/]"
        err.print(f"{len(files)} deal file(s): {n_err} error(s), {n_warn} warning(s) — {status}")
    raise typer.Exit(EXIT_BAD_INPUT if failed else EXIT_OK)


@app.command()
def schema():
    """Print the JSON Schema of a deal file (for editor autocompletion)."""
    from docgen.model.deal import Deal

    out.print_json(json.dumps(Deal.model_json_schema(by_alias=True), ensure_ascii=False))


@app.command()
def project(
    deal: Annotated[Path, typer.Argument(help="A deal file.")],
    scenario: Annotated[Optional[str], typer.Option("--scenario", help="Run a named stress scenario instead of the base case.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, json, csv or xlsx")] = "table",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (xlsx needs one).")] = None,
):
    """Project the pool, run the waterfall, and print cash flow, coverage, stress and break-even."""
    from docgen.projection.report import project_command

    project_command(deal, scenario=scenario, fmt=format, output=output, out=out, err=err)


@app.command()
def render(
    deals: Annotated[list[Path], typer.Argument(help="Deal files or folders of deal files.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder.")] = Path("output"),
    docs: Annotated[Optional[str], typer.Option("--docs", help="Comma-separated documents (default: all four).")] = None,
    layout: Annotated[str, typer.Option("--layout", help="Comma-separated: parallel, sequential, zh, en.")] = "parallel",
    format: Annotated[str, typer.Option("--format", help="Comma-separated: pdf, docx.")] = "pdf,docx",
    draft: Annotated[bool, typer.Option("--draft", help="Add a DRAFT 草稿 watermark.")] = False,
    pdfa: Annotated[bool, typer.Option("--pdfa", help="PDF/A-3b with the deal file and projection attached.")] = False,
    date: Annotated[Optional[str], typer.Option("--date", help="Date printed on the drafts (YYYY-MM-DD); default: the deal's draft_date.")] = None,
    reference_docx: Annotated[Optional[Path], typer.Option("--reference-docx", help="A DOCX whose styles the DOCX output takes.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: the core count).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Render even when inputs and code are unchanged.")] = False,
):
    """Render the document pack of each deal into OUTPUT/<deal-id>/."""
    from docgen.render.batch import render_command

    code = render_command(
        deals=deal_files(deals), output=output, docs=docs, layouts=layout, formats=format, draft=draft,
        pdfa=pdfa, date=date, reference_docx=reference_docx, jobs=jobs, force=force, out=out, err=err,
    )
    raise typer.Exit(code)


@app.command()
def lint(
    root: Annotated[Optional[Path], typer.Option("--root", help="Folder holding templates/ and clauses/ (default: docgen's own library).")] = None,
    deal: Annotated[Optional[list[Path]], typer.Option("--deal", help="Also render every template against these deals.")] = None,
):
    """Check every template and clause against the model before any render."""
    from docgen.assembly.lint import lint_command
    from docgen.resources import library_root

    root = root or library_root()

    raise typer.Exit(lint_command(root=root, deals=deal or [], out=out, err=err))


@app.command()
def check(
    pack: Annotated[Path, typer.Argument(help="An output folder, or one deal's pack folder.")],
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
):
    """Proofread rendered packs: figures, names and dates against the deal and across documents."""
    from docgen.review.check import check_command

    raise typer.Exit(check_command(pack, fmt=format, out=out, err=err))


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="Old deal file or rendered pack.")],
    new: Annotated[Path, typer.Argument(help="New deal file or rendered pack.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the redlines.")] = Path("output/compare"),
):
    """Redline two versions of a deal's documents and summarise every changed figure and term."""
    from docgen.review.compare import compare_command

    raise typer.Exit(compare_command(old, new, output=output, out=out, err=err))


@app.command()
def version():
    """Print the docgen version."""
    out.print(__version__)


def main() -> None:
    try:
        app()
    except DealError as e:
        print_diagnostics(e.diagnostics)
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
