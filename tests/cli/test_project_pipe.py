"""`docgen project` into a pipe or a file: every table whole at any terminal width, no figure cut to `…`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from docgen.cli import app

DEAL = str(Path(__file__).resolve().parents[2] / "deals" / "heating-sweep-guaranteed.yaml")


def test_table_piped_at_80_columns_prints_every_figure_whole():
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["project", DEAL, "--format", "json"]).stdout)
    # CliRunner's stdout is no terminal: what `docgen project deal.yaml | less` or `> file` gets
    result = runner.invoke(app, ["project", DEAL], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    lines = result.stdout.splitlines()
    for p in data["periods"]:
        row = next(ln for ln in lines if ln.split()[:2] == [str(p["index"]), p["payment_date"] + "*"]
                   or ln.split()[:2] == [str(p["index"]), p["payment_date"]])
        for key in ("inflow", "fees", "required"):
            assert f"{Decimal(p[key]):,.2f}" in row.split(), (key, row)


def test_table_written_to_a_file_is_whole(tmp_path: Path):
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["project", DEAL, "--format", "json"]).stdout)
    out = tmp_path / "projection.txt"
    result = runner.invoke(app, ["project", DEAL, "-o", out], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    total = sum(Decimal(p["inflow"]) for p in data["periods"])
    assert "…" not in text and f"{total:,.2f}" in text.split()  # the Σ row's inflow
