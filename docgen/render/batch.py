"""`docgen render DEAL|DIR...`: many deals, worker processes, a progress bar, a summary, exit codes.

The parent prepares each deal (load, project, assemble, lay out) while worker processes write the
files of the deals already prepared, so preparation and writing overlap.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from docgen.assembly.errors import AssemblyError
from docgen.model.diagnostics import DealError
from docgen.render.output import UnsafePath
from docgen.render.pack import DOCUMENTS, FORMATS, LAYOUTS, Options, finish, prepare, write_unit

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


@dataclass
class Outcome:
    deal: str
    status: str = "ok"  # ok | skipped | bad input | failed
    files: int = 0
    pages: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)


def _describe(path: Path, e: Exception) -> tuple[str, list[str]]:
    """A deal's failure as (status, messages): bad input is the user's to fix, anything else is ours."""
    if isinstance(e, DealError):
        return "bad input", [d.format() for d in e.diagnostics]
    if isinstance(e, AssemblyError):  # the clause library is user-edited input too
        return "bad input", [p.format() for p in e.problems]
    if isinstance(e, (UnsafePath, OSError)):
        return "bad input", [f"{path}: {e}"]
    return "failed", [f"{type(e).__name__}: {e}"]


def parse_list(value: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    if not value:
        return allowed
    items = tuple(dict.fromkeys(x.strip() for x in value.split(",") if x.strip()))
    bad = [x for x in items if x not in allowed]
    if bad:
        raise ValueError(f"unknown {what}: {', '.join(bad)} (choose from {', '.join(allowed)})")
    return items


def _worker_init() -> None:
    # Workers must not take the parent's Ctrl-C: the parent cleans up and stops them.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def make_pool(jobs: int):
    if jobs <= 1:
        return None
    # fork: workers inherit the imported writers and the font configuration instead of redoing them
    ctx = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init)


def warm_up() -> None:
    """Import the writers once in the parent so that forked workers start warm."""
    import docgen.writers.docx  # noqa: F401
    import docgen.writers.pdf  # noqa: F401


def render_deals(deals: list[Path], output: Path, opts: Options, jobs: int, progress: Progress | None = None) -> list[Outcome]:
    outcomes: list[Outcome] = []
    pool = make_pool(jobs)
    warmed = False
    overall = progress.add_task("deals", total=len(deals), detail="") if progress else None
    pending: dict = {}  # future -> (prepared, unit)
    open_packs: dict[str, tuple] = {}  # deal id -> (prepared, outcome, start, remaining)

    def done_unit(prep, unit, outcome):
        outcome.files += 1
        outcome.pages += unit.pages or 0
        if progress:
            progress.update(overall, detail=f"{prep.deal_id} · {unit.name} · {unit.pages or '-'} pages")

    def close_pack(deal_id):
        prep, outcome, start, _ = open_packs.pop(deal_id)
        if outcome.status == "ok":
            try:
                finish(prep)
            except Exception as e:  # noqa: BLE001 — reported per deal, the batch goes on
                outcome.status, outcome.messages = "failed", [f"{type(e).__name__}: {e}"]
        outcome.seconds = time.perf_counter() - start
        outcomes.append(outcome)
        if progress:
            progress.advance(overall)

    def drain(block: bool):
        if not pending:
            return
        done, _ = wait(list(pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for f in done:
            prep, unit = pending.pop(f)
            entry = open_packs[prep.deal_id]
            try:
                unit.data, unit.pages = f.result()
                done_unit(prep, unit, entry[1])
            except Exception as e:  # noqa: BLE001
                entry[1].status = "failed"
                entry[1].messages.append(f"{unit.name}: {type(e).__name__}: {e}")
            remaining = entry[3] - 1
            open_packs[prep.deal_id] = (entry[0], entry[1], entry[2], remaining)
            if remaining == 0:
                close_pack(prep.deal_id)

    try:
        for path in deals:
            start = time.perf_counter()
            outcome = Outcome(deal=str(path))
            try:
                prep = prepare(path, output, opts)
            except Exception as e:  # noqa: BLE001 — reported per deal; the batch goes on
                outcome.status, outcome.messages = _describe(path, e)
                outcomes.append(outcome)
                if progress:
                    progress.advance(overall)
                continue
            outcome.deal = prep.deal_id
            if prep.skipped:
                outcome.status = "skipped"
                outcome.seconds = time.perf_counter() - start
                outcomes.append(outcome)
                if progress:
                    progress.advance(overall)
                continue
            # longest first: the memorandum's PDF must not be the last thing a worker starts
            todo = sorted((u for u in prep.units if u.data is None), key=lambda u: (-u.weight, u.name))
            for u in prep.units:
                if u.data is not None:
                    done_unit(prep, u, outcome)
            open_packs[prep.deal_id] = (prep, outcome, start, len(todo))
            if not todo:
                close_pack(prep.deal_id)
                continue
            if pool is not None and not warmed:
                warm_up()  # before the first fork, and only when there is something to write
                warmed = True
            for u in todo:
                if pool is None:
                    try:
                        u.data, u.pages = write_unit(u, opts.pdfa, opts.reference_docx)
                        done_unit(prep, u, outcome)
                    except Exception as e:  # noqa: BLE001
                        outcome.status = "failed"
                        outcome.messages.append(f"{u.name}: {type(e).__name__}: {e}")
                else:
                    pending[pool.submit(write_unit, u, opts.pdfa, opts.reference_docx)] = (prep, u)
            if pool is None:
                open_packs[prep.deal_id] = (prep, outcome, start, 0)
                close_pack(prep.deal_id)
            else:
                drain(block=False)
        while pending:
            drain(block=True)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return outcomes


def render_command(*, deals, output, docs, layouts, formats, draft, pdfa, date, reference_docx, jobs, force, out, err) -> int:
    try:
        parsed_date = dt.date.fromisoformat(date) if date else None
    except ValueError:
        err.print(f"--date: {date!r} is not a date; write YYYY-MM-DD", style="red")
        return EXIT_BAD_INPUT
    try:
        opts = Options(
            documents=parse_list(docs, DOCUMENTS, "document"),
            layouts=parse_list(layouts, LAYOUTS, "layout"),
            formats=parse_list(formats, FORMATS, "format"),
            draft=draft, pdfa=pdfa, date=parsed_date,
            reference_docx=Path(reference_docx).read_bytes() if reference_docx else None,
            force=force,
        )
    except (ValueError, OSError) as e:
        err.print(f"docgen render: {e}", style="red")
        return EXIT_BAD_INPUT
    if not deals:
        err.print("docgen render: no deal files found", style="red")
        return EXIT_BAD_INPUT
    jobs = jobs or os.cpu_count() or 1
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[detail]}"), console=err, transient=False,
                        disable=not err.is_terminal)
    with progress:
        outcomes = render_deals(deals, Path(output), opts, jobs, progress)
    table = Table(title="docgen render", show_lines=False)
    for col in ("deal", "status", "files", "pages", "seconds"):
        table.add_column(col, justify="right" if col in ("files", "pages", "seconds") else "left")
    for o in outcomes:
        style = {"ok": "green", "skipped": "cyan", "bad input": "red", "failed": "red"}[o.status]
        table.add_row(o.deal, f"[{style}]{o.status}[/]", str(o.files), str(o.pages), f"{o.seconds:.2f}")
    err.print(table)
    for o in outcomes:
        for m in o.messages:
            err.print(m, style="red", markup=False)
    if any(o.status == "failed" for o in outcomes):
        return EXIT_INTERNAL
    if any(o.status == "bad input" for o in outcomes):
        return EXIT_BAD_INPUT
    return EXIT_OK
