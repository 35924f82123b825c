"""`docgen new`: every starter deal validates and assembles every document as it is; nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen import pipeline
from docgen.cli import app
from docgen.model.loader import load_deal
from docgen.resources import library_root


def new(*args):
    return CliRunner().invoke(app, ["new", *map(str, args)])


@pytest.mark.parametrize("exchange", ["SSE", "SZSE"])
@pytest.mark.parametrize("pool", ["heating", "power", "scheduled"])
def test_each_starter_validates_and_assembles_every_document(tmp_path: Path, pool: str, exchange: str):
    out = tmp_path / "deal.yaml"
    result = new("--pool", pool, "--exchange", exchange, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Starter deal") and "\n# ---- pool:" in text  # commented for a first-time user
    deal, warnings = load_deal(out, with_warnings=True)  # raises DealError on any error
    assert deal.pool.kind == pool and deal.plan.exchange == exchange
    registrar = deal.party(deal.first("registrar")).name
    assert ("Shenzhen" in registrar.en and "深圳" in registrar.zh) if exchange == "SZSE" else "Shanghai" in registrar.en
    trees = pipeline.assemble(deal, pipeline.project(deal), root=library_root(), figures=False)
    expected = set(pipeline.documents(library_root()))
    if not deal.has_pledge:
        expected.discard("pledge-contract")
    assert set(trees) == expected and all(trees.values())


def test_new_refuses_to_overwrite_a_file(tmp_path: Path):
    out = tmp_path / "mine.yaml"
    out.write_text("plan: {id: my-own-deal}\n", encoding="utf-8")
    result = new("--pool", "power", "-o", out)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and str(out) in result.stderr
    assert out.read_text(encoding="utf-8") == "plan: {id: my-own-deal}\n"


def test_new_names_the_choices_of_a_wrong_pool_and_writes_nothing(tmp_path: Path):
    result = new("--pool", "wind", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2 and "heating, power, scheduled" in result.stderr
    assert not (tmp_path / "x.yaml").exists()
    result = new("--exchange", "HKEX", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2 and "SSE, SZSE" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_new_into_a_missing_folder_is_bad_input(tmp_path: Path):
    result = new("-o", tmp_path / "no" / "such" / "deal.yaml")
    assert result.exit_code == 2 and "cannot write" in result.stderr


def test_a_starter_validates_and_renders_from_the_command_line(tmp_path: Path):
    """As the README's first screen says: new, validate, render — each exits 0 on the untouched starter."""
    deal = tmp_path / "my-deal.yaml"
    assert new("--pool", "scheduled", "--exchange", "SZSE", "-o", deal).exit_code == 0
    r = CliRunner().invoke(app, ["validate", str(deal)])
    assert r.exit_code == 0 and "0 error(s)" in r.stderr, r.output
    r = CliRunner().invoke(app, ["render", str(deal), "-o", str(tmp_path / "out"), "--format", "docx", "--docs", "SU",
                                 "--layout", "zh", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / load_deal(deal).plan.id / "shortfall-undertaking-zh.docx").is_file()


def test_the_readme_first_screen_shows_docgen_new():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    first_screen = readme.splitlines()[:24]  # a 24-line terminal, before any scrolling
    assert any("docgen new --pool" in line for line in first_screen)
    assert any("docgen validate" in line for line in first_screen)
