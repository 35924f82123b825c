"""Many deals in worker processes: the parent prepares each deal (load, project, assemble, lay out)
while worker processes write the files of the deals already prepared, so preparation and writing overlap.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from docgen.assembly.errors import AssemblyError
from docgen.model.diagnostics import DealError
from docgen.render.output import UnsafePath, check_replaceable, pack_dir
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


def _worker_init(parent: int, opts: Options | None = None) -> None:
    # Workers must not take the parent's Ctrl-C: the parent cleans up and stops them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        # die with the parent, even when it is killed with SIGKILL and cannot stop us itself
        import ctypes

        PR_SET_PDEATHSIG = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above: nobody will collect our work
        os._exit(1)
    if opts is not None:
        warm_worker(opts)


def make_pool(jobs: int, opts: Options | None = None):
    """`jobs` forked writer processes, or None for in-line writing; with `opts`, each worker warms up
    for those options' writers as it starts (while the parent is still assembling)."""
    if jobs <= 1:
        return None
    typst = sys.modules.get("docgen.writers.typst")
    if getattr(typst, "COMPILED_HERE", False):
        # a process that has run Typst's compiler forks workers that hang in it (its threads' locks are
        # copied held): render in-line instead (Typst sets a page in ~20 ms, so little is lost)
        return None
    # fork: workers inherit the parent's imports and the loaded clause library instead of redoing them
    ctx = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(), opts))


def stop_workers(pool) -> None:
    """Kill the workers now (on SIGTERM, Ctrl-C or an error): a running PDF must not outlive the render."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except (OSError, ValueError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


class Terminated(SystemExit):
    """SIGTERM, turned into an exception so that staging folders and workers are cleaned up."""


def _on_sigterm(signum, frame):
    raise Terminated(128 + signum)


def _sigterm_handler():
    """Install the SIGTERM handler (main thread only); returns the previous one, or None."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm)


def refuse_clashes(deals: list[Path], output: Path) -> dict[Path, list[str]]:
    """Before any rendering: deals that share a plan.id (they would write one pack) and deals whose pack
    folder exists but is not docgen's. Returns the refused deals with their messages."""
    from docgen.model.ids import shared_deal_ids
    from docgen.model.loader import read_yaml

    found = []
    for path in deals:
        try:
            data, pos, _ = read_yaml(path)
            found.append((path, data["plan"]["id"], pos.at(("plan", "id"))))
        except Exception:  # noqa: BLE001 — unreadable or invalid: the render reports it, located
            continue
    clashes = shared_deal_ids(found)
    refused: dict[Path, list[str]] = {p: [d.format()] for p, d in clashes.items()}
    for path, deal_id, _ in found:
        if path in refused or not isinstance(deal_id, str):
            continue
        try:
            check_replaceable(pack_dir(output, deal_id))
        except UnsafePath as e:
            refused[path] = [f"{path}: {e}"]
    return refused


def warm_worker(opts: Options) -> None:
    """In a new worker: import the writers the options need and set a line of type in Typst (which then
    has its fonts loaded), before the first unit arrives."""
    try:
        if "docx" in opts.formats:
            import docgen.writers.docx  # noqa: F401
        if "pdf" in opts.formats:
            import docgen.writers.pdf  # noqa: F401
            if opts.pdf_engine == "typst":
                from docgen.render.warmup import warm_typst

                warm_typst()
    except Exception:  # noqa: BLE001 — only a head start: the first unit reports any real problem
        pass


class _Stream:
    """What `prepare` hands over as it goes: the pool is made when there is work (not for an unchanged
    pack), and each unit is sent to a worker as soon as its document is assembled."""

    def __init__(self, jobs: int, opts: Options):
        self.jobs, self.opts = jobs, opts
        self.pool = None
        self.sent: list[tuple] = []  # (future, unit)

    def start(self) -> None:
        if self.pool is None:
            self.pool = make_pool(self.jobs, self.opts)
            if self.pool is not None:  # fork now (the first task starts every worker): they warm up while
                self.pool.submit(int)  # the parent assembles

    def unit(self, u) -> None:
        if self.pool is not None:
            self.sent.append((self.pool.submit(write_unit, u, self.opts.pdfa, self.opts.reference_docx), u))

    def drop(self) -> None:
        """The deal failed: its units are not wanted (those already running finish unseen)."""
        for f, _ in self.sent:
            f.cancel()
        self.sent = []


def render_deals(deals: list[Path], output: Path, opts: Options, jobs: int, progress=None) -> list[Outcome]:
    """Render each deal's pack; `progress` (a rich Progress, or None) is told of each file and deal."""
    outcomes: list[Outcome] = []
    refused = refuse_clashes(deals, output)
    ids_seen: dict[str, Path] = {}  # deal id -> the deal file rendering it
    stream = _Stream(jobs, opts)  # makes the pool when the first deal has work
    previous = _sigterm_handler()
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
                outcome.status, outcome.messages = _describe(prep.deal_path, e)
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
            if path in refused:
                outcome.status, outcome.messages = "bad input", refused[path]
                outcomes.append(outcome)
                if progress:
                    progress.advance(overall)
                continue
            try:
                prep = prepare(path, output, opts, sink=stream)
            except Exception as e:  # noqa: BLE001 — reported per deal; the batch goes on
                stream.drop()
                outcome.status, outcome.messages = _describe(path, e)
                outcomes.append(outcome)
                if progress:
                    progress.advance(overall)
                continue
            outcome.deal, outcome.warnings = prep.deal_id, prep.warnings
            pool = stream.pool
            sent = {id(u): f for f, u in stream.sent}
            stream.sent = []
            if prep.deal_id in ids_seen:  # the same id after validation: never two renders into one pack
                for f in sent.values():
                    f.cancel()
                outcome.status = "bad input"
                outcome.messages = [f"{path}: plan.id '{prep.deal_id}' is also the id of {ids_seen[prep.deal_id]}"]
                outcomes.append(outcome)
                if progress:
                    progress.advance(overall)
                continue
            ids_seen[prep.deal_id] = path
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
            # longest first: the memorandum's PDF must not be the last thing a worker starts; in-line, the DOCX
            # files first: Typst's memory grows with each PDF, python-docx's then reuses none of it (-50 MB peak)
            todo = sorted((u for u in prep.units if u.data is None),
                          key=lambda u: (pool is None and u.fmt == "pdf", -u.weight, u.name))
            for u in prep.units:
                if u.data is not None:
                    done_unit(prep, u, outcome)
            open_packs[prep.deal_id] = (prep, outcome, start, len(todo))
            if not todo:
                close_pack(prep.deal_id)
                continue
            for u in todo:
                if pool is None:
                    try:
                        u.data, u.pages = write_unit(u, opts.pdfa, opts.reference_docx)
                        u.tree = None  # written: its memory is the next unit's
                        done_unit(prep, u, outcome)
                    except Exception as e:  # noqa: BLE001
                        outcome.status = "failed"
                        outcome.messages.append(f"{u.name}: {type(e).__name__}: {e}")
                else:  # most were sent while the deal was assembled
                    f = sent.pop(id(u), None) or pool.submit(write_unit, u, opts.pdfa, opts.reference_docx)
                    pending[f] = (prep, u)
            if pool is None:
                open_packs[prep.deal_id] = (prep, outcome, start, 0)
                close_pack(prep.deal_id)
            else:
                drain(block=False)
        while pending:
            drain(block=True)
    except BaseException:
        if stream.pool is not None:
            stop_workers(stream.pool)
        raise
    finally:
        if stream.pool is not None:
            stream.pool.shutdown(wait=True, cancel_futures=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return outcomes
