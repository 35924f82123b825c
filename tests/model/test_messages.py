"""Messages a first-time user meets: a full-width colon, `3.10%`, one misspelt key, flags in --help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.model import DealError, load_deal

STARTER = Path(__file__).resolve().parents[2] / "docgen" / "starters" / "heating.yaml"


def errors_of(tmp_path: Path, old: str, new: str):
    text = STARTER.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "deal.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(DealError) as e:
        load_deal(path)
    return line, e.value.diagnostics


def test_full_width_colon_is_reported_at_its_key(tmp_path: Path):
    line, diags = errors_of(tmp_path, "  total_size: 600000000.00", "  total_size\uff1a600000000.00")
    [d] = diags
    assert (d.line, d.column) == (line, 3)
    assert "'total_size'" in d.message and f"line {line}" in d.message and "'total_size: ...'" in d.message


def test_full_width_colon_after_a_top_level_key(tmp_path: Path):
    line, diags = errors_of(tmp_path, "\ndates:\n", "\ndates\uff1a\n")
    [d] = diags
    assert (d.line, d.column) == (line + 1, 1) and "'dates'" in d.message


@pytest.mark.parametrize("written, number", [("3.20%", "3.20"), ("3.20 %", "3.20"), ("3.20\uff05", "3.20")])
def test_a_rate_with_a_per_cent_sign_says_what_to_write(tmp_path: Path, written: str, number: str):
    line, diags = errors_of(tmp_path, "{type: fixed, rate: 3.20}", f"{{type: fixed, rate: {written}}}")
    [d] = diags
    assert d.line == line and d.path == "tranches[0].coupon.rate"
    assert d.message.startswith(f"write {number} (per cent)")


def test_one_misspelt_key_is_one_error_with_did_you_mean(tmp_path: Path):
    line, diags = errors_of(tmp_path, "  total_size: 600000000.00", "  totl_size: 600000000.00")
    [d] = diags  # not also "required field 'total_size' is missing"
    assert d.line == line and d.message == "unknown key 'totl_size' (did you mean 'total_size'?)"


def test_an_unrelated_unknown_key_still_leaves_the_missing_field_reported(tmp_path: Path):
    _, diags = errors_of(tmp_path, "  total_size: 600000000.00", "  colour: blue")
    assert len(diags) == 2
    assert any(d.message == "required field 'total_size' is missing" for d in diags)
    assert any(d.message.startswith("unknown key 'colour'") for d in diags)


@pytest.mark.parametrize("command", ["render", "validate", "new"])
def test_help_shows_no_value_after_flags(command: str):
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout
    flags = [ln for ln in result.stdout.splitlines() if re.search(r"--(help|draft|pdfa|force|strict)\s", ln)]
    assert flags and not any(re.search(r"--(help|draft|pdfa|force|strict)\s+<", ln) for ln in flags)
    if command == "render":
        assert re.search(r"--output\s+-o\s+<path>", result.stdout)  # an option that takes a value still says which


def test_a_value_after_a_flag_is_said_to_be_one(tmp_path: Path, monkeypatch):
    """`docgen render --draft true deal.yaml`: `true` is no deal file, and the message says why it was read as one."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "true"])
    assert result.exit_code == 2
    assert ("true:1:1: error: <file>: cannot read the deal file: No such file or directory (a flag such as --draft "
            "takes no value: write the flag alone)") in result.stderr
