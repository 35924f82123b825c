"""Many deals in worker processes: the parent prepares each deal (load, project, assemble, lay out)
while worker processes write the files of the deals already prepared, so preparation and writing overlap.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from docgen.assembly.errors import AssemblyError
from docgen.model.diagnostics import DealError
from docgen.render.output import UnsafePath
from docgen.render.pack import Options, finish, prepare, write_unit


@dataclass
class Outcome:
    deal: str
    status: str = "ok"  # ok | skipped | bad input | failed
    files: int = 0
    pages: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # printed, never a failure (pack.Prepared.warnings)


def _describe(path: Path, e: Exception) -> tuple[str, list[str]]:
    """A deal's failure as (status, messages): bad input is the user's to fix, anything else is ours."""
    if isinstance(e, DealError):
        return "bad input", [d.format() for d in e.diagnostics]
    if isinstance(e, AssemblyError):  # the clause library is user-edited input too
        return "bad input", [p.format() for p in e.problems]
    if isinstance(e, (UnsafePath, OSError)):
        return "bad input", [f"{path}: {e}"]
    return "failed", [f"{type(e).__name__}: {e}"]


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


def render_deals(deals: list[Path], output: Path, opts: Options, jobs: int, progress=None) -> list[Outcome]:
    """Render each deal's pack; `progress` (a rich Progress, or None) is told of each file and deal."""
    outcomes: list[Outcome] = []
    pool = make_pool(jobs)
    warmed = False
    overall = progress.add_task("deals", total=len(deals), detail="") if progress else None
    # files: what moves while one deal renders (its total grows as each deal is prepared)
    written = progress.add_task("files", total=None, detail="") if progress else None
    files_total = 0
    pending: dict = {}  # future -> (prepared, unit)
    open_packs: dict[str, tuple] = {}  # deal id -> (prepared, outcome, start, remaining)

    def done_unit(prep, unit, outcome):
        outcome.files += 1
        outcome.pages += unit.pages or 0
        if progress:
            progress.update(overall, detail=f"{prep.deal_id} · {unit.name} · {unit.pages or '-'} pages")
            progress.advance(written)

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
            outcome.deal, outcome.warnings = prep.deal_id, prep.warnings
            if progress and not prep.skipped:
                files_total += len(prep.units)
                progress.update(written, total=files_total)
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
