"""Faults from outside: a render stopped with SIGTERM or SIGKILL leaves no worker process running and no
staging folder behind; the summary of a comparison carries deal values as text, never as live Markdown."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "worked-example-1.yaml"


def children(pid: int) -> set[int]:
    """The live child processes of `pid`, read from /proc (psutil is not a dependency)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_workers_die_with_the_render(tmp_path, sig):
    # the memorandum's PDF keeps a worker busy for many seconds: long enough to be killed in the middle
    p = subprocess.Popen([sys.executable, "-m", "docgen.cli", "render", str(DEAL), "-o", str(tmp_path),
                          "--docs", "offering-memorandum,shortfall-undertaking", "--format", "pdf",
                          "--layout", "parallel", "--jobs", "2", "--force"],
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and p.poll() is None:
            workers = children(p.pid)
            time.sleep(0.1)
        assert len(workers) == 2, "the render never started its two workers"
        time.sleep(0.5)
        p.send_signal(sig)
        code = p.wait(timeout=30)  # SIGTERM: the parent does not wait for the worker's PDF
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if alive(w)], "workers outlived the render"
    finally:
        if p.poll() is None:
            p.kill()
    if sig == signal.SIGTERM:
        assert code == 128 + signal.SIGTERM
        assert "Traceback" not in p.stderr.read()
        assert not [x for x in tmp_path.iterdir() if ".tmp-" in x.name]


def test_compare_summary_escapes_markdown_and_html_in_deal_values():
    from docgen.review.summary import summary_md

    side = {"deal_id": "x", "input": "a`b|c.yaml", "deal_sha256": "0" * 64}
    change = {"label": "Plan name", "path": "plan.name", "kind": "changed",
              "old": {"zh": "甲", "en": "A"},
              "new": {"zh": "![](http://evil.example/t.png)", "en": "<img src=http://evil.example/t.png>"},
              "line": {"old": 5, "new": 5}, "text": "Plan name: …; affects [link](http://evil.example)"}
    md = summary_md({"old": side, "new": side, "changes": [change], "documents": {}, "notes": ["**bold** <b>"]})
    # no image, link, HTML tag or emphasis a Markdown viewer would act on: each special character escaped
    assert not re.search(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|<img|<b>|(?<!\\)\*\*", md), md
    assert "\\!\\[\\](http://evil.example/t.png)" in md and "&lt;img src=http://evil.example/t.png&gt;" in md
    assert "`a'b\\|c.yaml`" in md
