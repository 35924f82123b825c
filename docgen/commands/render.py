"""`docgen render DEAL|DIR... [-o DIR] [--docs] [--layout] [--format] ...`: a progress bar, a summary
table, one line per problem, and the exit code of the worst outcome."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.markup import escape
from rich.table import Table

from docgen import pipeline
from docgen.commands import exit_codes
from docgen.commands.console import deal_files, err, error, safe
from docgen.layout import LAYOUTS
from docgen.render.batch import Outcome, render_deals
from docgen.render.output import UnsafePath, check_output
from docgen.render.pack import FORMATS, Options
from docgen.resources import library_root
from docgen.writers.options import DEFAULT_PDF_ENGINE, PDF_ENGINES

STYLES = {"ok": "green", "skipped": "cyan", "bad input": "red", "failed": "red"}


def parse_list(value: str | None, allowed, what: str, aliases=None) -> tuple[str, ...]:
    """A comma-separated option as a tuple without repeats; every item must be allowed (a sequence, or
    a function giving it, called only when the option is given) or one of `aliases` (a function giving
    {upper-case alias: item}), in any case."""
    if not value:
        return ()
    allowed = tuple(allowed() if callable(allowed) else allowed)
    short = aliases(allowed) if aliases else {}
    items = tuple(dict.fromkeys(short.get(x.strip().upper(), x.strip()) for x in value.split(",") if x.strip()))
    bad = [x for x in items if x not in allowed]
    if bad:
        inverse = {v: k for k, v in short.items()}
        names = ", ".join(f"{a} ({inverse[a]})" if a in inverse else a for a in allowed)
        raise ValueError(f"unknown {what}: {', '.join(bad)} (choose from {names})")
    return items


def abbreviations(documents) -> dict[str, str]:
    """The short names `compare` prints (APA, PC, SU, OM: initials of the outline's id), where unambiguous."""
    from docgen.review.treediff import abbr

    short: dict[str, list[str]] = {}
    for d in documents:
        short.setdefault(abbr(d), []).append(d)
    return {k: v[0] for k, v in short.items() if len(v) == 1}


def options(*, docs, layouts, formats, draft, pdfa, date: dt.date | None, reference_docx, force,
            final: bool = False, pdf_engine: str = DEFAULT_PDF_ENGINE) -> Options:
    """The render options from the command line; ValueError or OSError says what is wrong."""
    if pdf_engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine: {pdf_engine} (choose from {', '.join(PDF_ENGINES)})")
    return Options(
        # no --docs: every document of the library, listed only when there is something to render
        documents=parse_list(docs, lambda: pipeline.documents(library_root()), "document", abbreviations),
        layouts=parse_list(layouts, LAYOUTS, "layout") or LAYOUTS,
        formats=parse_list(formats, FORMATS, "format") or FORMATS,
        draft=draft, pdfa=pdfa, date=date, final=final,
        reference_docx=_reference(reference_docx) if reference_docx else None,
        force=force, pdf_engine=pdf_engine,
    )


def _reference(path) -> bytes:
    """The --reference-docx file, checked and cleaned (external relationships dropped, with a warning)."""
    from docgen.render.reference_docx import read_reference

    data, warnings = read_reference(Path(path))
    for w in warnings:
        error(f"docgen render: warning: {w}", warning=True)
    return data


def run(*, deals: list[Path], output: Path, docs, layouts, formats, draft, pdfa, date, reference_docx, jobs,
        force, final: bool = False, pdf_engine: str = DEFAULT_PDF_ENGINE) -> int:
    from docgen.assembly.errors import AssemblyError

    if final and draft:
        error("docgen render: --final is the execution version and --draft a draft: give one of them")
        return exit_codes.BAD_INPUT
    try:
        parsed_date = dt.date.fromisoformat(date) if date else None
    except ValueError:
        err.print(f"--date: {date!r} is not a date; write YYYY-MM-DD", style="red")
        return exit_codes.BAD_INPUT
    try:
        check_output(Path(output))  # before any work: a bad -o must not cost a whole render
    except UnsafePath as e:
        error(f"docgen render: {e}")
        return exit_codes.BAD_INPUT
    try:
        opts = options(docs=docs, layouts=layouts, formats=formats, draft=draft, pdfa=pdfa, date=parsed_date,
                       reference_docx=reference_docx, force=force, final=final, pdf_engine=pdf_engine)
    except (ValueError, OSError) as e:
        error(f"docgen render: {e}")
        return exit_codes.BAD_INPUT
    except AssemblyError as e:  # --docs named, and the library that lists the documents is broken
        for p in e.problems:
            err.print(p.format(), style="red", markup=False)
        return exit_codes.BAD_INPUT
    deals = deal_files(deals)
    if not deals:
        err.print("docgen render: no deal files found", style="red")
        return exit_codes.BAD_INPUT
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[detail]}"), console=err, transient=False,
                        disable=not err.is_terminal)
    with progress:
        outcomes = render_deals(deals, Path(output), opts, jobs or os.cpu_count() or 1, progress)
    print_summary(outcomes)
    if any(o.status == "failed" for o in outcomes):
        return exit_codes.INTERNAL
    if any(o.status == "bad input" for o in outcomes):
        return exit_codes.BAD_INPUT
    return exit_codes.OK


def print_summary(outcomes: list[Outcome]) -> None:
    table = Table(title="docgen render", show_lines=False)
    for col in ("deal", "status", "files", "pages", "seconds"):
        table.add_column(col, justify="right" if col in ("files", "pages", "seconds") else "left")
    for o in outcomes:
        table.add_row(escape(safe(o.deal)), f"[{STYLES[o.status]}]{o.status}[/]", str(o.files), str(o.pages), f"{o.seconds:.2f}")
    err.print(table)
    for o in outcomes:
        for w in o.warnings:
            err.print(f"{o.deal}: warning: {w}", style="yellow", markup=False)
        for m in o.messages:
            error(m)
