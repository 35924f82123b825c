"""`docgen compare OLD NEW [-o DIR]`: write the redlines and the summary, print the changes and where
the files went."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.markup import escape

from docgen.commands import exit_codes
from docgen.commands.console import err, error, out, print_diagnostics
from docgen.model.diagnostics import DealError
from docgen.review.attribution import short_error
from docgen.review.compare import BadInput, Result, compare, write_outputs
from docgen.review.redline import AUTHOR, stamp_revisions
from docgen.review.treediff import abbr


def run(old: Path, new: Path, *, output: Path, author: str | None = None, date: str | None = None) -> int:
    """`author` / `date`: who made the tracked changes and when (default: docgen, the NEW version's date)."""
    try:
        when = _date(date)
        if author is not None and not author.strip():
            raise BadInput("--author: give a name")
        if Path(output).exists() and not Path(output).is_dir():
            raise BadInput(f"-o {output}: exists and is not a folder")
        result = compare(Path(old), Path(new))
        _stamp(result, author or AUTHOR, when or result.date)
    except BadInput as e:
        error(f"docgen compare: {e}")
        return exit_codes.BAD_INPUT
    except DealError as e:
        print_diagnostics(e.diagnostics)
        error("docgen compare: fix the deal file(s) above")
        return exit_codes.BAD_INPUT
    except Exception as e:  # assembly or rendering failed: say what, without a traceback
        return _failed(e)
    try:
        write_outputs(Path(output), result.files)
    except OSError as e:
        error(f"docgen compare: cannot write {output}: {e}")
        return exit_codes.BAD_INPUT
    print_result(result, output)
    return exit_codes.OK


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"--date: {text!r} is not a date; write YYYY-MM-DD") from None


def _stamp(result: Result, author: str, when: dt.date | None) -> None:
    """The redline DOCX files with their tracked changes by `author` on `when`."""
    if when is None:
        return
    for name, data in result.files.items():
        if name.endswith("-redline.docx"):
            result.files[name] = stamp_revisions(data, author.strip(), when)


def _failed(e: Exception) -> int:
    from docgen.assembly.errors import AssemblyError

    if isinstance(e, AssemblyError):
        # the clause library is user-edited input too (as `docgen render` treats it)
        for p in e.problems:
            error(p.format())
        error("docgen compare: the documents cannot be assembled (clause library problems above)")
        return exit_codes.BAD_INPUT
    for p in getattr(e, "problems", None) or ():
        error(p.format() if hasattr(p, "format") else str(p))
    error(f"docgen compare: internal error: {short_error(e)}")
    return exit_codes.INTERNAL


def print_result(result: Result, output: Path) -> None:
    s = result.summary
    out.print(f"[bold]docgen compare[/] {escape(s['old']['input'])} → {escape(s['new']['input'])}")
    if not s["changes"]:
        out.print("No changed figures or terms: the two deals are the same.")
    else:
        out.print(f"[bold]{len(s['changes'])} changed figure(s) and term(s):[/]")
        for c in s["changes"]:
            label, rest = c["text"].split(": ", 1)
            out.print(f"  • [bold]{escape(label)}[/]: {escape(rest)}")
    if result.derived:  # what the projection makes of the changes (docgen.review.figures)
        out.print(f"[bold]{len(result.derived)} changed derived figure(s):[/]")
        for line in result.derived:
            out.print(f"  • {escape(line)}")
    out.print("[bold]Redlines[/]")
    for doc, row in s["documents"].items():
        red = row.get("redline")
        if red:
            parts = row["changed"] or f"{abbr(doc)}: no change"
            extra = f" ({red['engine']}, {red['revisions']['ins']} ins / {red['revisions']['del']} del)" if red.get("engine") else ""
            out.print(f"  {escape(parts)} → "
                      f"{escape(', '.join(red[k] for k in ('docx', 'html') if red.get(k)))}{escape(extra)}")
    for note in result.notes:
        err.print(f"note: {note}", style="yellow", markup=False)
    out.print(f"Written to {escape(str(output))}/ (summary.json, summary.md) in {result.timings['total']:.1f} s")
