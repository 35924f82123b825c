"""Save-to-PDF time of `docgen watch`: a one-figure edit of the sample deal, until the updated OM PDF is on disk.

    .venv/bin/python bench/bench_watch.py [--deal deals/heating-sweep-guaranteed.yaml] [--runs 5]
                                          [--pdf-engine typst] [--format pdf] [--check] [--long N]

A `docgen watch` process renders a copy of the deal (its first render warms the Typst compiler); then, `--runs`
times, the originator's registered capital (printed in the offering memorandum only) is changed and saved the
way an editor saves (a new file renamed over the old), and the clock runs until the memorandum's PDF in the pack
is a new file. Printed: "save-to-pdf median X s" (target <= 1 s), each run, the watch's own breakdown of the
last run, and the peak memory of the watch process. With --check, `docgen check` proofreads the pack at the end.
With --long N, N more saves follow that take turns at three edits (the registered capital: the OM; the first
phone number: a few documents; the draft date: all of them), and the watch's memory is printed every 10 saves:
it must level off (Typst's cache keeps the work of the last 10 compiles, no more).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCGEN = [sys.executable, "-m", "docgen.cli"]
FIELD = re.compile(r"(registered_capital: *)600000000\.00")  # the originator's; other parties' differ
OM = "offering-memorandum"
# --long: edits of one, a few and all documents, each save a new value
EDITS = (lambda t, i: FIELD.sub(rf"\g<1>6{i % 100:02d}000000.00", t, count=1),
         lambda t, i: re.sub(r"(phone: *)\S+?,", rf"\g<1>010-5555{i % 10000:04d},", t, count=1),
         lambda t, i: re.sub(r"(draft_date: *)\d{4}-\d\d-\d\d", rf"\g<1>2027-08-{10 + i % 19}", t, count=1))


class WatchProcess:
    """`docgen watch` in a child process; its stderr lines are collected as they come."""

    def __init__(self, deal: Path, output: Path, *args: str):
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen([*DOCGEN, "watch", str(deal), "-o", str(output), "--interval", "0.05", *args],
                                     cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.printed: list[str] = []  # stdout: the paths of the files written
        self._cv = threading.Condition()
        for stream, sink in ((self.proc.stderr, self.lines), (self.proc.stdout, self.printed)):
            threading.Thread(target=self._read, args=(stream, sink), daemon=True).start()

    def _read(self, stream, sink):
        for line in stream:
            with self._cv:
                sink.append(line.rstrip("\n"))
                self._cv.notify_all()

    def wait_for(self, text: str, after: int = 0, timeout: float = 600) -> str:
        """The first stderr line from index `after` on that holds `text`."""
        end = time.monotonic() + timeout
        with self._cv:
            while True:
                for line in self.lines[after:]:
                    if text in line:
                        return line
                if self.proc.poll() is not None or time.monotonic() > end:
                    raise RuntimeError("docgen watch stopped or stalled:\n" + "\n".join(self.lines[-20:]))
                self._cv.wait(0.5)

    def stop(self) -> int:
        """Ctrl-C; the exit status (0 expected)."""
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def save(path: Path, text: str) -> None:
    """Save as editors do: a new file renamed over the old one."""
    tmp = path.with_name(path.name + ".saving")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def stamp(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def rss_mb(pid: int) -> float:
    """Resident memory of a running process now (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--deal", type=Path, default=ROOT / "deals" / "heating-sweep-guaranteed.yaml")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pdf-engine", default="typst")
    ap.add_argument("--format", default="pdf", help="the watch's --format (pdf,docx: the DOCX too)")
    ap.add_argument("--check", action="store_true", help="run docgen check on the pack at the end")
    ap.add_argument("--long", type=int, default=0, metavar="N", help="N more saves (three edits by turns); memory every 10")
    args = ap.parse_args()
    text = args.deal.read_text("utf-8")
    if not FIELD.search(text):
        sys.exit(f"{args.deal}: no 'registered_capital: 600000000.00' to edit")
    sys.path.insert(0, str(ROOT))
    from docgen.model import load_deal

    deal_id = load_deal(args.deal).plan.id
    scratch = Path(tempfile.mkdtemp(prefix="docgen-watch-"))
    try:
        deal, out = scratch / "deal.yaml", scratch / "out"
        deal.write_text(text, "utf-8")
        target = out / deal_id / f"{OM}-parallel.pdf"
        t = time.perf_counter()
        w = WatchProcess(deal, out, "--layout", "parallel", "--format", args.format, "--pdf-engine", args.pdf_engine)
        w.wait_for("watching")
        print(f"first render (cold process, whole pack): {time.perf_counter() - t:.2f} s")
        runs, last = [], ""
        for i in range(args.runs):
            before, seen = stamp(target), len(w.lines)
            save(deal, FIELD.sub(rf"\g<1>6{i + 1}0000000.00", text, count=1))
            t0 = time.perf_counter()
            while stamp(target) == before:
                if w.proc.poll() is not None:
                    raise RuntimeError("docgen watch stopped:\n" + "\n".join(w.lines[-20:]))
                time.sleep(0.002)
            runs.append(time.perf_counter() - t0)
            last = w.wait_for("written", after=seen)  # the watch is idle again before the next save
        memory = []
        for i in range(args.long):
            seen = len(w.lines)
            save(deal, EDITS[i % len(EDITS)](text, i + 1))
            w.wait_for("docgen watch:", after=seen)  # written, up to date or an error: idle again
            if (i + 1) % 10 == 0 or i + 1 == args.long:
                memory.append(f"{i + 1}: {rss_mb(w.proc.pid):.0f}")
        code = w.stop()
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"deal: {args.deal.name}; edit: the originator's registered capital (OM only); "
              f"engine: {args.pdf_engine}; format: {args.format}; load average {os.getloadavg()[0]:.2f} "
              f"(1 min; {os.cpu_count()} CPUs)")
        print(f"save-to-pdf median {statistics.median(runs):.2f} s  (target <= 1 s)  runs {[round(x, 2) for x in runs]}")
        print(f"last run, as the watch reports it: {last.removeprefix('docgen watch: ')}")
        print(f"peak memory of the watch process: {peak:.0f} MB; exit status on Ctrl-C: {code}")
        if memory:
            print(f"memory of the watch process (MB) after N more saves (N: MB): {', '.join(memory)}")
        if args.check:
            r = subprocess.run([*DOCGEN, "check", str(out / deal_id)], cwd=ROOT, capture_output=True, text=True)
            print(f"docgen check on the pack the watch updated: exit {r.returncode}")
            print(r.stdout.strip()[-2000:] or r.stderr.strip()[-2000:])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
