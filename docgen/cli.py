"""The `docgen` command line: the typer app. Each command's work is in `docgen.commands.<name>`.

Exit status (docgen.commands.exit_codes): 0 ok, 1 internal failure, 2 bad input, 3 findings (`check`).
"""

from __future__ import annotations

import errno
import functools
import inspect
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperOption

from docgen.commands import exit_codes
from docgen.commands.console import err, print_diagnostics
from docgen.model.diagnostics import DealError
from docgen.writers.options import DEFAULT_PDF_ENGINE, PDF_ENGINES

WRITE_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS)


_value_type = TyperOption.display_type_rich


def _flags_take_no_value(self, ctx):
    # typer's help prints a type after every option, `--draft <bool>` too, and a user then types `--draft true`
    # ('true' becomes a deal path): a flag takes no value, so its help shows none.
    return None if self.is_flag else _value_type(self, ctx)


TyperOption.display_type_rich = _flags_take_no_value

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="docgen: bilingual legal document packs for Chinese utility-fee ABS deals.",
    pretty_exceptions_enable=False,
)


@app.command()
def validate(
    deals: Annotated[list[Path], typer.Argument(help="Deal files or folders of deal files.")],
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
):
    """Check deal files and print every problem as FILE:LINE:COL: severity: field: message."""
    from docgen.commands import validate as command

    raise typer.Exit(command.run(deals, fmt=format, strict=strict))


@app.command()
def new(
    pool: Annotated[str, typer.Option("--pool", help="Pool kind: heating, power or scheduled.")] = "heating",
    exchange: Annotated[str, typer.Option("--exchange", help="Listing exchange: SSE or SZSE.")] = "SSE",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default: example-<pool>.yaml); never overwritten.")] = None,
):
    """Write a commented starter deal file that validates and renders as it is."""
    from docgen.commands import new as command

    raise typer.Exit(command.run(pool, exchange, output))


@app.command()
def schema():
    """Print the JSON Schema of a deal file (for editor autocompletion)."""
    from docgen.commands import schema as command

    raise typer.Exit(command.run())


@app.command()
def project(
    deal: Annotated[Path, typer.Argument(help="A deal file.")],
    scenario: Annotated[Optional[str], typer.Option("--scenario", help="Run a named stress scenario instead of the base case.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, json, csv or xlsx")] = "table",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (xlsx needs one).")] = None,
):
    """Project the pool, run the waterfall, and print cash flow, coverage, stress and break-even."""
    from docgen.commands import project as command

    raise typer.Exit(command.run(deal, scenario=scenario, fmt=format, output=output))


# options that `render` and `watch` share, written once
OutputDir = Annotated[Path, typer.Option("-o", "--output", help="Output folder.")]
DocsOpt = Annotated[Optional[str], typer.Option("--docs", help="Comma-separated documents (default: every document of the pack).")]
LayoutOpt = Annotated[str, typer.Option("--layout", help="Comma-separated: parallel, sequential, zh, en.")]
DraftOpt = Annotated[bool, typer.Option("--draft", help="Add a DRAFT watermark (its words: clauses/common/page-furniture.yaml).")]
FinalOpt = Annotated[bool, typer.Option("--final", help="The execution version: no draft stamp or date in the header, no page numbers in cross-references.")]
PdfaOpt = Annotated[bool, typer.Option("--pdfa", help="PDF/A-3b with the deal file and projection attached.")]
DateOpt = Annotated[Optional[str], typer.Option("--date", help="Date printed on the drafts (YYYY-MM-DD); default: the deal's draft_date.")]
EngineOpt = Annotated[str, typer.Option("--pdf-engine", help=f"PDF engine: {DEFAULT_PDF_ENGINE} (default) or "
                                         f"{' or '.join(e for e in PDF_ENGINES if e != DEFAULT_PDF_ENGINE)}.")]
PACK_OPTIONS = (  # name, type, default, in the order help lists them
    ("output", OutputDir, Path("output")),
    ("docs", DocsOpt, None),
    ("layout", LayoutOpt, "parallel"),
    ("draft", DraftOpt, False),
    ("final", FinalOpt, False),
    ("pdfa", PdfaOpt, False),
    ("date", DateOpt, None),
    ("pdf_engine", EngineOpt, DEFAULT_PDF_ENGINE),
)


def pack_options(command):
    """Give a command the options that `render` and `watch` share, declared once in PACK_OPTIONS.

    typer reads a command's options from its signature: the shared ones follow the command's first
    parameter (the deal argument) and reach the command as keyword arguments."""
    sig = inspect.signature(command, eval_str=True)
    first, *own = sig.parameters.values()
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default)
              for name, kind, default in PACK_OPTIONS]
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p.kind is not p.VAR_KEYWORD]

    @functools.wraps(command)
    def run(*args, **kwargs):
        return command(*args, **kwargs)

    run.__signature__ = sig.replace(parameters=[first, *shared, *own])
    run.__annotations__ = {p.name: p.annotation for p in run.__signature__.parameters.values()}
    del run.__wrapped__  # typer must read the signature above, not the command's own
    return run


@app.command()
@pack_options
def render(
    deals: Annotated[list[Path], typer.Argument(help="Deal files or folders of deal files.")],
    format: Annotated[str, typer.Option("--format", help="Comma-separated: pdf, docx.")] = "pdf,docx",
    reference_docx: Annotated[Optional[Path], typer.Option("--reference-docx", help="A DOCX whose styles the DOCX output takes.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: the core count).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Render even when inputs and code are unchanged.")] = False,
    **pack,
):
    """Render the document pack of each deal into OUTPUT/<deal-id>/."""
    from docgen.commands import render as command

    raise typer.Exit(command.run(
        deals=deals, layouts=pack.pop("layout"), formats=format, reference_docx=reference_docx, jobs=jobs,
        force=force, **pack,
    ))


@app.command()
@pack_options
def watch(
    deal: Annotated[Path, typer.Argument(help="A deal file.")],
    format: Annotated[str, typer.Option("--format", help="Comma-separated: pdf, docx (the pack then holds only these).")] = "pdf",
    interval: Annotated[float, typer.Option("--interval", help="Seconds between two looks at the files.")] = 0.1,
    **pack,
):
    """Render a deal's pack, then again on every save of the deal, a clause or a template (Ctrl-C stops).

    Only the documents whose text changed are written; the path of each file written is printed."""
    from docgen.commands import watch as command

    raise typer.Exit(command.run(deal=deal, layouts=pack.pop("layout"), formats=format, interval=interval, **pack))


@app.command()
def lint(
    root: Annotated[Optional[Path], typer.Option("--root", help="Folder holding templates/ and clauses/ (default: docgen's own library).")] = None,
    deal: Annotated[Optional[list[Path]], typer.Option("--deal", help="Also render every template against these deals.")] = None,
):
    """Check every template and clause against the model before any render."""
    from docgen.commands import lint as command
    from docgen.resources import library_root

    raise typer.Exit(command.run(root or library_root(), deal or []))


@app.command()
def check(
    pack: Annotated[Path, typer.Argument(help="An output folder, or one deal's pack folder.")],
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
):
    """Proofread rendered packs: figures, names and dates against the deal and across documents."""
    from docgen.commands import check as command

    raise typer.Exit(command.run(pack, fmt=format))


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="Old deal file or rendered pack.")],
    new: Annotated[Path, typer.Argument(help="New deal file or rendered pack.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the redlines.")] = Path("output/compare"),
    author: Annotated[Optional[str], typer.Option("--author", help="Author of the tracked changes (default: docgen).")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Date of the tracked changes (YYYY-MM-DD); default: the NEW version's date (its --date, else its draft_date).")] = None,
):
    """Redline two versions of a deal's documents and summarise every changed figure and term."""
    from docgen.commands import compare as command

    raise typer.Exit(command.run(old, new, output=output, author=author, date=date))


@app.command()
def version():
    """Print the docgen version."""
    from docgen.commands import version as command

    raise typer.Exit(command.run())


def main() -> None:
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # a full disk (/dev/full) shows here as an error, not as a traceback at exit
    except OSError as e:
        if e.errno not in WRITE_ERRORS:
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the unwritten rest goes nowhere
        err.print(f"docgen: cannot write {e.filename or 'the output'}: {e.strerror}", style="red", markup=False)
        sys.exit(exit_codes.BAD_INPUT)
    except DealError as e:
        print_diagnostics(e.diagnostics)
        sys.exit(exit_codes.BAD_INPUT)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(exit_codes.INTERRUPTED)


if __name__ == "__main__":
    main()
