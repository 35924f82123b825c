"""`docgen lint --deal`: every document of the library run through the pipeline against a deal, each
failure reported as one line naming the clause and the deal."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from docgen.cli import app
from tests.assembly.conftest import DEAL, MINI  # importing it registers the mini library's test builders

PURPOSE = "clauses/asset-purchase-agreement/04-purpose.yaml"


def lint(*args):
    return CliRunner().invoke(app, ["lint", *map(str, args)])


def test_a_library_that_renders_against_the_deal_is_clean():
    result = lint("--root", MINI, "--deal", DEAL)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "docgen lint: clean" in result.stderr


def test_a_clause_that_fails_only_when_rendered_names_the_deal(tmp_path: Path):
    lib = tmp_path / "lib"
    shutil.copytree(MINI, lib)
    clause = lib / PURPOSE
    text = clause.read_text("utf-8")
    assert "{{ term('plan_manager') }}出售" in text
    clause.write_text(text.replace("{{ term('plan_manager') }}出售", "{{ term('plan_manager') }}{{ mystery }}出售"), "utf-8")
    result = lint("--root", lib, "--deal", DEAL)
    assert result.exit_code == 2
    rendered = [ln for ln in result.stdout.splitlines() if "undefined variable 'mystery'" in ln]
    assert rendered and all(ln.startswith(f"{clause}:") for ln in rendered)
    assert any("[deal worked-example-1]" in ln for ln in rendered)


def test_an_invalid_deal_is_reported_at_its_line(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEAL.read_text("utf-8").replace("    coupon: {type: fixed, rate: 3.50}\n",
                                                   "    coupon: {type: fixed, rate: lots}\n"), "utf-8")
    result = lint("--root", MINI, "--deal", bad)
    assert result.exit_code == 2
    assert any(ln.startswith(f"{bad}:96: lint: <deal>: tranches[1].coupon.rate") for ln in result.stdout.splitlines())
