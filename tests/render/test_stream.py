"""Units handed to the writers while the pack is still being assembled (pack.prepare's sink)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.assembly.errors import AssemblyError
from docgen.render.pack import Options, prepare

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "heating-sweep-guaranteed.yaml"
MINI_DEAL = ROOT / "deals" / "worked-example-1.yaml"
MINI = ROOT / "tests" / "data" / "clauses" / "mini"


class Sink:
    def __init__(self):
        self.started = 0
        self.units = []

    def start(self):
        self.started += 1

    def unit(self, u):
        assert self.started, "units come after start()"
        self.units.append(u)


def test_the_memorandum_goes_to_the_writers_first_and_every_unit_once(tmp_path):
    from docgen import pipeline

    sink = Sink()
    with pipeline._blank_charts():  # the charts' drawing is not what this is about (seconds of matplotlib)
        prep = prepare(DEAL, tmp_path, Options(layouts=("parallel",), formats=("pdf", "docx"), force=True), sink=sink)
    assert sink.started == 1
    assert {u.name for u in sink.units[:2]} == {"offering-memorandum-parallel.pdf", "offering-memorandum-parallel.docx"}
    assert sorted(u.name for u in sink.units) == sorted(u.name for u in prep.units)
    assert all(u.data is None and u.tree is not None for u in sink.units)
    # the pack itself keeps the library's order, whatever order the documents were assembled in
    docs = list(dict.fromkeys(u.document for u in prep.units))
    assert docs == ["standard-terms", "asset-purchase-agreement", "pledge-contract", "shortfall-undertaking",
                    "offering-memorandum"]


def test_an_unchanged_pack_starts_no_workers(tmp_path):
    opts = Options(documents=("shortfall-undertaking",), layouts=("zh",), formats=("docx",))
    from docgen.render.pack import finish, write_unit

    prep = prepare(DEAL, tmp_path, opts)
    for u in prep.units:
        u.data, u.pages = write_unit(u, False, None)
    finish(prep)
    sink = Sink()
    assert prepare(DEAL, tmp_path, opts, sink=sink).skipped
    assert sink.started == 0 and sink.units == []


def test_the_problems_of_every_document_are_reported_in_pack_order(tmp_path):
    root = tmp_path / "lib"
    shutil.copytree(MINI, root)
    # one broken text in the pledge contract and one in the asset purchase agreement
    for rel in ("clauses/pledge-contract/01-object.yaml", "clauses/asset-purchase-agreement/04-purpose.yaml"):
        p = root / rel
        text = p.read_text("utf-8")
        assert "{{ " in text
        p.write_text(text.replace("{{ ", "{{ no_such_name_in_" + p.stem.replace("-", "_") + " ~ ", 1), "utf-8")
    sink = Sink()
    with pytest.raises(AssemblyError) as e:
        prepare(MINI_DEAL, tmp_path / "out", Options(layouts=("parallel",), formats=("docx",), force=True), root=root,
                sink=sink)
    names = [p.message for p in e.value.problems]
    apa = [i for i, m in enumerate(names) if "no_such_name_in_04_purpose" in m]
    pc = [i for i, m in enumerate(names) if "no_such_name_in_01_object" in m]
    assert apa and pc and max(apa) < min(pc), names  # the library's order: APA before the pledge contract
    assert not any(u.document in ("asset-purchase-agreement", "pledge-contract") for u in sink.units)


def test_workers_and_in_line_writing_give_the_same_files(tmp_path):
    """Two documents through two warmed-up workers while the rest is assembled, and in-line: the same bytes."""
    import hashlib
    import os
    import subprocess
    import sys

    snaps = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        r = subprocess.run([sys.executable, "-m", "docgen.cli", "render", str(MINI_DEAL.relative_to(ROOT)), "-o", str(out),
                            "--docs", "SU,PC", "--layout", "zh", "--format", "pdf,docx", "--jobs", jobs],
                           cwd=ROOT, capture_output=True, text=True, timeout=600, env=dict(os.environ))
        assert r.returncode == 0, r.stderr
        pack = out / "worked-example-1"
        snaps.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(pack.iterdir())})
    assert len(snaps[0]) == 7 and snaps[0] == snaps[1]  # 2 documents x 2 formats, deal, projection, manifest
