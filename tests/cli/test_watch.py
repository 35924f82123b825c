"""`docgen watch`: the watch loop driven in-process, one poll at a time, on a copy of a sample deal.

A save re-renders only the documents whose text changed (the others keep their files), the new figure is in
the PDF, and a bad save prints the located error and leaves the pack as it was."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from docgen.commands import exit_codes, watch
from docgen.render.pack import Options, render_pack
from docgen.resources import library_root
from docgen.review.extract import pdf_text

DEAL = Path(__file__).resolve().parents[2] / "deals" / "heating-sweep-guaranteed.yaml"
DEAL_ID = "heating-sweep-guaranteed"
PC, SU = "pledge-contract-parallel", "shortfall-undertaking-parallel"
DAYS = "registration_days: 10"  # the pledge's registration period: printed in the pledge contract only (of these two)


def opts(fmt: str) -> Options:
    return Options(documents=("pledge-contract", "shortfall-undertaking"), layouts=("parallel",), formats=(fmt,),
                   pdf_engine="typst")


def state(pack: Path) -> dict[str, tuple]:
    """Each file of a pack: its inode, mtime and content hash (what a user's viewer would see change)."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(pack.iterdir())}


def manifest_matches(pack: Path) -> None:
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    for name, info in manifest["files"].items():
        assert hashlib.sha256((pack / name).read_bytes()).hexdigest() == info["sha256"], name
    assert manifest["inputs"]["deal_sha256"] == hashlib.sha256((pack / "deal.yaml").read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """A PDF pack of two documents, rendered once by a first poll (the start of a watch)."""
    base = tmp_path_factory.mktemp("watch")
    shutil.copy(DEAL, base / "deal.yaml")
    outcome = watch.Watcher(base / "deal.yaml", base / "out", opts("pdf"), settle=0).poll()
    assert outcome.status == "rendered"
    assert sorted(p.name for p in outcome.written) == [f"{PC}.pdf", f"{SU}.pdf"]
    return base


@pytest.fixture
def session(rendered, tmp_path):
    """A copy of the rendered pack and its deal, and a watcher started on them."""
    shutil.copy(rendered / "deal.yaml", tmp_path / "deal.yaml")
    shutil.copytree(rendered / "out", tmp_path / "out")
    w = watch.Watcher(tmp_path / "deal.yaml", tmp_path / "out", opts("pdf"), settle=0)
    assert w.poll().status == "unchanged"  # the start: the pack is already up to date
    return w, tmp_path / "out" / DEAL_ID


def test_no_save_no_render(session):
    w, pack = session
    assert w.poll() is None


def test_a_changed_figure_rewrites_only_its_document(session):
    w, pack = session
    before = state(pack)
    text = w.deal.read_text("utf-8")
    assert DAYS in text
    w.deal.write_text(text.replace(DAYS, "registration_days: 17", 1), "utf-8")

    outcome = w.poll()
    assert outcome.status == "rendered"
    assert outcome.written == [pack / f"{PC}.pdf"]
    after = state(pack)
    assert after[f"{SU}.pdf"] == before[f"{SU}.pdf"]  # same file: not even rewritten
    assert after[f"{PC}.pdf"][2] != before[f"{PC}.pdf"][2]
    printed = re.sub(r"\s+", " ", pdf_text((pack / f"{PC}.pdf").read_bytes()))
    assert "within 17 days after" in printed.lower() and "within 10 days after" not in printed.lower()
    manifest_matches(pack)
    assert (pack / "deal.yaml").read_bytes() == w.deal.read_bytes()
    # the warm, incremental recompile prints the very bytes a render of the edited deal prints
    render_pack(w.deal, w.deal.parent / "fresh", replace(w.opts, force=True))
    assert (w.deal.parent / "fresh" / DEAL_ID / f"{PC}.pdf").read_bytes() == (pack / f"{PC}.pdf").read_bytes()


def test_a_bad_save_prints_the_located_error_and_keeps_the_pack(session, capsys):
    w, pack = session
    before = state(pack)
    good = w.deal.read_text("utf-8")
    w.deal.write_text(good + "extra: a: b\n", "utf-8")  # a colon YAML cannot read
    broken = good.count("\n") + 1

    watch.loop(w, 0.01, events=1)
    shown = capsys.readouterr()
    assert f"deal.yaml:{broken}:" in shown.err and "YAML" in shown.err
    assert "the pack is as it was" in shown.err and shown.out == ""
    assert state(pack) == before

    line = next(i for i, s in enumerate(good.splitlines(), 1) if "registered_capital: 600000000.00" in s)
    w.deal.write_text(good.replace("registered_capital: 600000000.00", "registered_capital: -5", 1), "utf-8")
    outcome = w.poll()
    assert outcome.status == "bad input"
    assert any(f"deal.yaml:{line}:" in m and "registered_capital" in m for m in outcome.messages)
    assert state(pack) == before

    w.deal.write_text(good, "utf-8")  # saved as it was: nothing to write
    assert w.poll().status == "unchanged"
    assert state(pack) == before


def test_a_clause_save_rewrites_the_documents_using_it(tmp_path):
    root = tmp_path / "library"
    for sub in ("clauses", "templates"):
        shutil.copytree(library_root() / sub, root / sub)
    shutil.copy(DEAL, tmp_path / "deal.yaml")
    w = watch.Watcher(tmp_path / "deal.yaml", tmp_path / "out", opts("docx"), root=root, settle=0)
    assert w.poll().status == "rendered"
    pack = tmp_path / "out" / DEAL_ID
    before = state(pack)

    clause = root / "clauses" / "pledge-contract" / "03-registration.yaml"
    text = clause.read_text("utf-8")
    clause.write_text(text.replace("办理本合同项下的应收账款质押登记", "办理本合同项下的应收账款质押登记手续", 1), "utf-8")
    outcome = w.poll()
    assert outcome.status == "rendered" and outcome.written == [pack / f"{PC}.docx"]
    assert state(pack)[f"{SU}.docx"] == before[f"{SU}.docx"]
    manifest_matches(pack)


def test_bad_command_lines_exit_2(tmp_path, capsys):
    args = dict(output=tmp_path / "out", docs=None, layouts="parallel", formats="pdf", draft=False, final=False,
                pdfa=False, date=None, pdf_engine="typst", interval=0.1, events=1)
    assert watch.run(deal=tmp_path / "missing.yaml", **args) == exit_codes.BAD_INPUT
    assert "missing.yaml: no such deal file" in capsys.readouterr().err
    assert watch.run(deal=DEAL, **(args | {"pdf_engine": "latex"})) == exit_codes.BAD_INPUT
    assert "unknown PDF engine: latex" in capsys.readouterr().err
    assert watch.run(deal=DEAL, **(args | {"draft": True, "final": True})) == exit_codes.BAD_INPUT
