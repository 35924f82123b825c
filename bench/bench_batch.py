"""Batch rendering: 8 sample deals with 2 worker processes against 1, and a no-change re-render.

    .venv/bin/python bench/bench_batch.py [--runs 3]

Each figure is the median of `--runs` runs of `docgen render` as a user runs it (a process of its
own). Targets: speed-up with 2 jobs ≥ 1.7×; a re-render with nothing changed ≤ 1 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCGEN = [sys.executable, "-m", "docgen.cli"]


def timed(cmd) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{r.stderr}")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--deals", type=int, default=8)
    args = ap.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="docgen-batch-"))
    try:
        folder = scratch / "deals"
        folder.mkdir()
        for p in sorted((ROOT / "deals").glob("*.yaml"))[: args.deals]:
            shutil.copy(p, folder / p.name)
        n = len(list(folder.iterdir()))
        base = [*DOCGEN, "render", str(folder), "--layout", "parallel", "--format", "pdf,docx"]
        timed([*base, "-o", str(scratch / "warm"), "--jobs", "2", "--force"])
        one, two = [], []
        for i in range(args.runs):
            one.append(timed([*base, "-o", str(scratch / f"j1-{i}"), "--jobs", "1", "--force"]))
            two.append(timed([*base, "-o", str(scratch / f"j2-{i}"), "--jobs", "2", "--force"]))
        again = [timed([*base, "-o", str(scratch / "j2-0"), "--jobs", "2"]) for _ in range(max(3, args.runs))]
        m1, m2, m0 = statistics.median(one), statistics.median(two), statistics.median(again)
        print(f"{n} deals, parallel layout, PDF + DOCX, medians of {args.runs}:")
        print(f"  1 job : {m1:6.2f} s   runs {[round(x, 2) for x in one]}")
        print(f"  2 jobs: {m2:6.2f} s   runs {[round(x, 2) for x in two]}")
        print(f"  speed-up: {m1 / m2:.2f}x  (target >= 1.7x)")
        print(f"  re-render with nothing changed: {m0:.2f} s  (target <= 1 s)  runs {[round(x, 2) for x in again]}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
