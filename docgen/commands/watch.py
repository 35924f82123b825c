"""`docgen watch DEAL [-o DIR] [--layout] [--format] [--pdf-engine] ...`: render a deal's pack, then render it
again on every save of the deal file, a clause (clauses/**) or a template (templates/**), until Ctrl-C.

- One process for the whole session: the clause library, the fonts and the Typst compiler stay loaded, so an
  edited document is recompiled incrementally (docgen.writers.typst keeps one compiler per thread, and here
  the layout work of its last 10 compiles: an edit of one figure relays out little more than that figure).
  The PDFs are compiled on one thread of their own while the DOCX are written (Typst frees the GIL).
- Each save goes the way of `render` (docgen.render.pack: prepare → write → finish): a file is written only
  when its layout tree differs from the last render's (the tree hashes in manifest.json); the others are
  linked from the previous pack, and the new pack is swapped in whole, so `docgen check` reads it as any other.
- A bad save (YAML that does not parse, a failed validation, a broken clause) prints its located error and
  leaves the pack as it was; the next save is tried again.
- Saves are found by polling modification times (no file-notification dependency), every `interval` seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from docgen.commands import exit_codes
from docgen.commands.console import err, error
from docgen.render.pack import Options, finish, prepare, write_unit
from docgen.resources import library_root

WATCHED = ("clauses", "templates")  # under the library root, besides the deal file
STYLES = Path("templates") / "style"  # what the writers read: a change there is a change of the writers
SETTLE = 0.05  # seconds a save must stay still before it is read (an editor writing a file in several steps)


@dataclass
class Outcome:
    """What one render of the watched deal did."""

    status: str  # rendered | unchanged | bad input | failed
    written: list[Path] = field(default_factory=list)  # the files written afresh, PDFs first
    kept: int = 0  # files taken over unchanged from the previous pack
    messages: list[str] = field(default_factory=list)  # the located errors of a bad save
    warnings: list[str] = field(default_factory=list)  # those `render` prints too (waivers, coverage)
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # seconds of each step (load … write) and the CPU seconds of all


_TYPST: ThreadPoolExecutor | None = None


def _typst_thread() -> ThreadPoolExecutor:
    """The one thread that compiles the watch's PDFs (docgen.writers.typst keeps a compiler per thread: a
    second thread would load the fonts and lay out everything once more)."""
    global _TYPST
    if _TYPST is None:
        _TYPST = ThreadPoolExecutor(max_workers=1, thread_name_prefix="docgen-typst")
    return _TYPST


def _skipped(name: str) -> bool:
    # editor swap and backup files (.x.swp, x~, #x#) are not saves of the library
    return name.startswith((".", "#")) or name.endswith("~")


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Path → (mtime in ns, size) of every file named or under a folder named; a missing path is absent."""
    out: dict[str, tuple[int, int]] = {}
    stack = [str(p) for p in paths]
    while stack:
        path = stack.pop()
        try:
            st = os.stat(path)
        except OSError:
            continue
        if os.path.isdir(path):
            try:
                names = os.listdir(path)
            except OSError:
                continue
            stack += [os.path.join(path, n) for n in names if not _skipped(n)]
        else:
            out[path] = (st.st_mtime_ns, st.st_size)
    return out


def forget_styles() -> None:
    """Drop what this process read once from the style folder (it changed): the writers' fingerprint, the
    PDF stylesheet, the reference DOCX. Typst reads its template afresh on every compile."""
    from docgen import hashing

    hashing.writer_hash.cache_clear()
    for module, names in (("docgen.writers.html", ("base_css",)), ("docgen.writers.pdf", ("_stylesheet",)),
                          ("docgen.writers.docx_package", ("_reference_bytes",))):
        loaded = sys.modules.get(module)
        for name in names:
            cached = getattr(loaded, name, None)
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()


class Watcher:
    """One deal's pack kept up to date: `poll()` is one iteration of the watch loop."""

    def __init__(self, deal: Path, output: Path, opts: Options, root: Path | None = None, settle: float = SETTLE):
        self.deal, self.output, self.opts = Path(deal), Path(output), opts
        self.root = Path(root or library_root())
        self.settle = settle
        self.seen: dict[str, tuple[int, int]] | None = None  # the watched files at the last render
        if opts.pdf_engine == "typst":
            from docgen.writers import typst

            # every save recompiles: keep the layout work of the last WINDOW compiles (a pack or more), not
            # only the last one as a one-shot render does (bounded all the same: bench/bench_watch.py --long)
            typst.retain(typst.WINDOW)

    def watched(self) -> list[Path]:
        return [self.deal, *(self.root / sub for sub in WATCHED)]

    def poll(self) -> Outcome | None:
        """Render when a watched file changed since the last poll (always on the first); else None."""
        now = snapshot(self.watched())
        if now == self.seen:
            return None
        while self.settle:  # wait until the save is complete: the files stay as they are for `settle` seconds
            time.sleep(self.settle)
            again = snapshot(self.watched())
            if again == now:
                break
            now = again
        if self.seen is not None:
            styles = str(self.root / STYLES) + os.sep
            if any(path.startswith(styles) for path, _ in set(now.items()) ^ set(self.seen.items())):
                forget_styles()
        self.seen = now
        return self.render()

    def render(self) -> Outcome:
        """The pack brought up to date with the files as they are now; nothing is written on bad input."""
        from docgen.render.batch import _describe

        start, cpu = time.perf_counter(), time.process_time()
        try:
            prep = prepare(self.deal, self.output, self.opts, self.root)
            if prep.skipped:
                return Outcome("unchanged", warnings=prep.warnings, seconds=time.perf_counter() - start)
            # the PDFs first: the preview a drafter is waiting for
            todo = sorted((u for u in prep.units if u.data is None), key=lambda u: (u.fmt != "pdf", u.name))
            t = time.perf_counter()
            self.write(todo)
            prep.timings["write"] = time.perf_counter() - t
            finish(prep)
            prep.timings["cpu"] = time.process_time() - cpu  # all threads (Typst's too): the machine's load aside
        except Exception as e:  # noqa: BLE001 — a bad save is reported and the watch goes on
            status, messages = _describe(self.deal, e)
            return Outcome(status, messages=messages, seconds=time.perf_counter() - start)
        return Outcome("rendered", [prep.final / u.name for u in todo], kept=len(prep.units) - len(todo),
                       warnings=prep.warnings, seconds=time.perf_counter() - start, timings=prep.timings)

    def write(self, units: list) -> None:
        """Write the units' files (in memory). With Typst the PDFs are compiled on a thread of their own, always
        the same one (the compiler and its caches live there): Typst frees the GIL while it compiles, so the
        DOCX are written here meanwhile."""
        def run(part):
            for u in part:
                u.data, u.pages = write_unit(u, self.opts.pdfa, self.opts.reference_docx)

        if self.opts.pdf_engine != "typst":
            return run(units)
        job = _typst_thread().submit(run, [u for u in units if u.fmt == "pdf"])
        try:
            run([u for u in units if u.fmt != "pdf"])
        finally:
            failed = job.exception()  # the PDFs are done (or failed) before anything is swapped in
        if failed is not None:
            raise failed

    def warm(self) -> None:
        """Compile every PDF of the pack in memory (nothing is written): after a start on an up-to-date pack
        the first save then costs an incremental recompile, not a cold one."""
        try:
            prep = prepare(self.deal, self.output, replace(self.opts, force=True), self.root)
            self.write([u for u in prep.units if u.fmt == "pdf"])
        except Exception:  # noqa: BLE001 — only a head start: the next render reports any problem
            pass


def report(outcome: Outcome, shown_warnings: list[str]) -> list[str]:
    """Print an outcome: the path of each file written on stdout (one a line, for scripts and editors), the
    rest on stderr. Returns the warnings now shown (each is printed once, until it changes)."""
    for path in outcome.written:
        print(path, flush=True)
    if outcome.status == "rendered":
        steps = ", ".join(f"{k} {v:.2f}" for k, v in outcome.timings.items())
        err.print(f"docgen watch: {len(outcome.written)} written, {outcome.kept} unchanged "
                  f"in {outcome.seconds:.2f} s ({steps})", style="green", markup=False)
    elif outcome.status == "unchanged":
        err.print("docgen watch: the pack is up to date", style="cyan", markup=False)
    else:
        for m in outcome.messages:
            error(m)
        error(f"docgen watch: {outcome.status}: the pack is as it was; waiting for the next save")
    if outcome.warnings != shown_warnings and outcome.status != "bad input":
        for w in outcome.warnings:
            error(f"warning: {w}", warning=True)
        return outcome.warnings
    return shown_warnings


def loop(watcher: Watcher, interval: float, *, events: int | None = None,
         on_outcome: Callable[[Outcome], None] | None = None) -> None:
    """Poll until Ctrl-C, or until `events` renders have been made (tests, benchmarks)."""
    shown: list[str] = []
    done = 0
    while events is None or done < events:
        outcome = watcher.poll()
        if outcome is None:
            time.sleep(interval)
            continue
        shown = report(outcome, shown)
        if on_outcome:
            on_outcome(outcome)
        if done == 0 and outcome.status == "unchanged" and watcher.opts.pdf_engine == "typst" \
                and "pdf" in watcher.opts.formats:
            watcher.warm()
        if done == 0:
            err.print(f"docgen watch: watching {watcher.deal}, {(watcher.root / 'clauses').resolve()} and "
                      f"{(watcher.root / 'templates').resolve()} (Ctrl-C stops)", markup=False)
        done += 1


def run(*, deal: Path, output: Path, docs, layouts, formats, draft, final, pdfa, date, pdf_engine,
        interval: float, events: int | None = None) -> int:
    from docgen.assembly.errors import AssemblyError
    from docgen.commands.render import options
    from docgen.render.output import UnsafePath, check_output

    if final and draft:
        error("docgen watch: --final is the execution version and --draft a draft: give one of them")
        return exit_codes.BAD_INPUT
    if not Path(deal).is_file():
        error(f"docgen watch: {deal}: no such deal file")
        return exit_codes.BAD_INPUT
    if interval <= 0:
        error(f"docgen watch: --interval {interval}: give a number of seconds above 0")
        return exit_codes.BAD_INPUT
    try:
        parsed_date = dt.date.fromisoformat(date) if date else None
    except ValueError:
        error(f"docgen watch: --date: {date!r} is not a date; write YYYY-MM-DD")
        return exit_codes.BAD_INPUT
    try:
        check_output(Path(output))
        opts = options(docs=docs, layouts=layouts, formats=formats, draft=draft, pdfa=pdfa, date=parsed_date,
                       reference_docx=None, force=False, final=final, pdf_engine=pdf_engine)
    except (UnsafePath, ValueError, OSError) as e:
        error(f"docgen watch: {e}")
        return exit_codes.BAD_INPUT
    except AssemblyError as e:
        for p in e.problems:
            error(p.format())
        return exit_codes.BAD_INPUT
    from docgen.render.batch import _sigterm_handler

    previous = _sigterm_handler()  # SIGTERM too ends the watch cleanly: no staging folder is left behind
    try:
        loop(Watcher(Path(deal), Path(output), opts), interval, events=events)
    except KeyboardInterrupt:
        err.print("docgen watch: stopped", markup=False)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return exit_codes.OK
