"""The pack pipeline as a user meets it: files named as documented, a manifest that matches them,
identical bytes on every render, and no half pack ever."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.render.output import UnsafePath, pack_dir

ROOT = Path(__file__).resolve().parents[2]
DOCGEN = [sys.executable, "-m", "docgen.cli"]
DEAL = ROOT / "deals" / "worked-example-1.yaml"
SMALL = ["--docs", "shortfall-undertaking", "--format", "pdf,docx", "--layout", "parallel"]


def run(*args, cwd=ROOT, **kw):
    return subprocess.run([*DOCGEN, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=600, **kw)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    r = run("render", DEAL, "-o", out, "--layout", "parallel", "--format", "pdf,docx")
    assert r.returncode == 0, r.stderr
    return out / "worked-example-1"


def test_pack_has_every_document_named_as_documented(pack):
    names = {p.name for p in pack.iterdir()}
    for doc in ("standard-terms", "asset-purchase-agreement", "pledge-contract", "shortfall-undertaking", "offering-memorandum"):
        assert f"{doc}-parallel.pdf" in names
        assert f"{doc}-parallel.docx" in names
    assert "manifest.json" in names


def test_manifest_records_each_file_hash_and_page_count(pack):
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["deal_id"] == "worked-example-1"
    assert manifest["inputs"]["deal_sha256"] == hashlib.sha256(DEAL.read_bytes()).hexdigest()
    assert manifest["projection_sha256"]
    for name, info in manifest["files"].items():
        data = (pack / name).read_bytes()
        assert info["sha256"] == hashlib.sha256(data).hexdigest()
        if name.endswith(".pdf"):
            assert info["pages"] >= 1


def test_two_renders_are_byte_identical(pack, tmp_path):
    r = run("render", DEAL, "-o", tmp_path, "--layout", "parallel", "--format", "pdf,docx", "--force")
    assert r.returncode == 0, r.stderr
    assert snapshot(tmp_path / "worked-example-1") == snapshot(pack)


def test_unchanged_pack_is_skipped_unless_forced(tmp_path):
    assert run("render", DEAL, "-o", tmp_path, *SMALL).returncode == 0
    before = snapshot(tmp_path / "worked-example-1")
    r = run("render", DEAL, "-o", tmp_path, *SMALL)
    assert r.returncode == 0 and "skipped" in r.stderr
    r = run("render", DEAL, "-o", tmp_path, *SMALL, "--force")
    assert r.returncode == 0 and "skipped" not in r.stderr
    assert snapshot(tmp_path / "worked-example-1") == before


def test_bad_deal_leaves_previous_pack_untouched_and_no_partial_files(tmp_path):
    assert run("render", DEAL, "-o", tmp_path, *SMALL).returncode == 0
    before = snapshot(tmp_path / "worked-example-1")
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEAL.read_text().replace("total_size: 13700.00", "total_size: 13800.00"))
    r = run("render", bad, "-o", tmp_path, *SMALL)
    assert r.returncode == 2
    assert "plan.total_size" in r.stderr and "Traceback" not in r.stderr
    assert snapshot(tmp_path / "worked-example-1") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".worked-example-1.")]


def test_killed_render_leaves_previous_pack_whole(tmp_path):
    assert run("render", DEAL, "-o", tmp_path, *SMALL).returncode == 0
    before = snapshot(tmp_path / "worked-example-1")
    for delay in (0.5, 1.5, 3.0):
        p = subprocess.Popen([*DOCGEN, "render", str(DEAL), "-o", str(tmp_path), *SMALL, "--force", "--jobs", "1"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        from docgen.render.output import recover

        recover(tmp_path / "worked-example-1")  # what the next render does first
        assert snapshot(tmp_path / "worked-example-1") == before


def test_interrupted_render_cleans_up(tmp_path):
    assert run("render", DEAL, "-o", tmp_path, *SMALL).returncode == 0
    before = snapshot(tmp_path / "worked-example-1")
    p = subprocess.Popen([*DOCGEN, "render", str(DEAL), "-o", str(tmp_path), *SMALL, "--force", "--jobs", "1"],
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    p.wait(timeout=120)
    assert snapshot(tmp_path / "worked-example-1") == before
    assert not [x for x in tmp_path.iterdir() if ".tmp-" in x.name]


def test_concurrent_renders_of_one_deal_do_not_corrupt_each_other(tmp_path):
    procs = [subprocess.Popen([*DOCGEN, "render", str(DEAL), "-o", str(tmp_path), *SMALL, "--force", "--jobs", "1"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=600) == 0, p.stderr.read()
    folder = tmp_path / "worked-example-1"
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, info in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == info["sha256"]
    assert not [x for x in tmp_path.iterdir() if ".tmp-" in x.name or ".old-" in x.name]


@pytest.mark.parametrize("bad_id", ["../escape", "/etc", "a/../../b", "x\x00y", "..", ""])
def test_deal_id_cannot_write_outside_the_output_folder(tmp_path, bad_id):
    with pytest.raises(UnsafePath):
        pack_dir(tmp_path, bad_id)


def test_folder_render_keeps_going_past_a_bad_deal(tmp_path):
    deals = tmp_path / "deals"
    deals.mkdir()
    shutil.copy(DEAL, deals / "a-good.yaml")
    (deals / "b-bad.yaml").write_text("plan: {name: x\n  tranches: [\n")
    r = run("render", deals, "-o", tmp_path / "out", *SMALL, "--jobs", "2")
    assert r.returncode == 2
    assert (tmp_path / "out" / "worked-example-1" / "shortfall-undertaking-parallel.pdf").exists()
    assert "b-bad.yaml:2" in r.stderr


def test_disk_cache_never_changes_a_file(tmp_path):
    """Cold cache, warm cache and no cache give the same bytes (the cache only saves time)."""
    opts = ["--docs", "offering-memorandum", "--format", "pdf,docx", "--layout", "zh"]
    snaps = []
    for i, cache in enumerate([tmp_path / "cache", tmp_path / "cache", "off"]):
        env = dict(os.environ, DOCGEN_CACHE_DIR=str(cache))
        r = run("render", DEAL, "-o", tmp_path / f"out{i}", *opts, env=env)
        assert r.returncode == 0, r.stderr
        snaps.append(snapshot(tmp_path / f"out{i}" / "worked-example-1"))
    assert snaps[0] == snaps[1] == snaps[2]
    assert list((tmp_path / "cache").glob("figure/*.bin")), "the charts were cached"


def test_a_stand_in_chart_builder_is_never_cached(tmp_path, monkeypatch):
    """compare swaps blank charts into the registry; a later render must still draw the real ones."""
    import functools

    from docgen.assembly import registry
    from docgen.assembly.assemble import assemble
    from docgen.model import load_deal
    from docgen.projection.run import project
    from docgen.tree import Figure

    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    deal = load_deal(DEAL)
    proj = project(deal)
    registry.load_builders()
    real = dict(registry.FIGURES)
    blank = lambda fid, ctx: Figure(id=fid, caption=registry.FIGURES and None, svg=b"", png=b"")  # noqa: E731
    try:
        for fid in real:
            registry.FIGURES[fid] = functools.partial(blank, fid)
        assemble(deal, proj, "offering-memorandum", root=ROOT)
    finally:
        registry.FIGURES.update(real)
    doc = assemble(deal, proj, "offering-memorandum", root=ROOT)
    figures = []

    def walk(node):
        if isinstance(node, Figure):
            figures.append(node)
        for attr in ("blocks", "body", "children", "zh", "en"):
            value = getattr(node, attr, None)
            if isinstance(value, tuple):
                for x in value:
                    walk(x)
            elif value is not None and not isinstance(value, str):
                walk(value)

    walk(doc)
    assert figures and all(f.svg and f.png for f in figures)
