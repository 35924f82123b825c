"""A date beyond the years the holiday calendar can compute (2100 on) is refused by `validate`, with its file,
line, column and field, and `project` and `render` stop on it with exit 2 instead of crashing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(scope="module")
def deal_2100(tmp_path_factory) -> Path:
    """Worked example 1 whose last payment date (and the maturities on it) moves to 2100, with the licence and
    the term justification a plan that long needs, so that the calendar is its only fault."""
    text = (ROOT / "deals" / "worked-example-1.yaml").read_text("utf-8")
    text = text.replace("2031-04-25", "2100-04-26").replace("legal_maturity: 2033-04-25", "legal_maturity: 2100-04-26")
    text = text.replace("valid_to: 2039-06-30", "valid_to: 2101-06-30")
    text = text.replace("  draft_date:", "  term_justification: {zh: 特许经营期限较长, en: a long franchise}\n  draft_date:", 1)
    path = tmp_path_factory.mktemp("y2100") / "deal.yaml"
    path.write_text(text, "utf-8")
    return path


def _where(path: Path) -> str:
    """FILE:LINE:COL of the 2100 payment date, found in the file as a reader would."""
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.lstrip().startswith("payment_dates:"):
            return f"{path}:{n}:{line.index('2100-04-26') + 1}"
    raise AssertionError("no payment_dates line")


def _said(result, path: Path) -> None:
    out = result.output
    assert f"{_where(path)}: error: dates.payment_dates[2]: payment date 2100-04-26 is outside the years the holiday calendar covers (1900–2099)" in out
    assert "Traceback" not in out and "year out of range" not in out


def test_validate_refuses_it(deal_2100):
    r = runner.invoke(app, ["validate", str(deal_2100)])
    assert r.exit_code == 2
    _said(r, deal_2100)


def test_project_exits_2_instead_of_crashing(deal_2100):
    r = runner.invoke(app, ["project", str(deal_2100), "--format", "json"])
    assert r.exit_code == 2
    _said(r, deal_2100)


def test_render_exits_2_and_writes_nothing(deal_2100, tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(app, ["render", str(deal_2100), "-o", str(out), "--format", "docx", "--docs", "offering-memorandum"])
    assert r.exit_code == 2
    _said(r, deal_2100)
    assert not (out / "worked-example-1").exists()


def test_2099_is_still_projected(tmp_path):
    """The last year the calendar computes is allowed and projected."""
    text = (ROOT / "deals" / "worked-example-1.yaml").read_text("utf-8")
    text = text.replace("2031-04-25", "2099-12-31").replace("legal_maturity: 2033-04-25", "legal_maturity: 2099-12-31")
    text = text.replace("valid_to: 2039-06-30", "valid_to: 2101-06-30")
    text = text.replace("  draft_date:", "  term_justification: {zh: 特许经营期限较长, en: a long franchise}\n  draft_date:", 1)
    path = tmp_path / "deal.yaml"
    path.write_text(text, "utf-8")
    r = runner.invoke(app, ["project", str(path), "--format", "csv"])
    assert r.exit_code == 0, r.output
    last = r.stdout.strip().splitlines()[-1].split(",")
    # Thursday 31 December 2099 is a business day: it stays
    assert last[1:3] == ["2099-12-31", "2099-12-31"]
