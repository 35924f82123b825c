"""`docgen validate` and `docgen schema` as a user runs them: exit status, located diagnostics, no traceback,
nothing written; the bad-deal corpus in tests/data/bad; huge inputs generated here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from docgen.cli import app

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
DEALS = ROOT / "deals"
DOCGEN = Path(sys.executable).with_name("docgen")
EXPECT = re.compile(r"# expect: (\d+):(\d+): (error|warning): (\S+): (.*)$")

# the sample deals of tests/model: their warnings are deliberate and explained in the files' comments
SAMPLES = {
    "heating-sweep-guaranteed.yaml": set(),
    "heating-receivable-cap.yaml": {"full-sweep"},
    "hydro-power-sales.yaml": {"concentration"},
    "scheduled-receivables.yaml": set(),
    "heating-sweep-letter-nopledge.yaml": set(),
    "heating-quarterly-guarantor.yaml": {"sweep"},
    "heating-two-class-growth.yaml": set(),
    "heating-semiannual.yaml": set(),
    "heating-exchange-days.yaml": set(),
    "heating-bank-days.yaml": set(),
}


def corpus() -> list[tuple[str, int, int, str, str, str]]:
    side = YAML(typ="safe").load((BAD / "expected.yaml").read_text(encoding="utf-8")) or {}
    out = []
    for f in sorted(BAD.glob("*.yaml")):
        if f.name == "expected.yaml":
            continue
        first = f.read_bytes().split(b"\n", 1)[0]
        m = EXPECT.match(first.decode("utf-8", "replace"))
        if m:
            out.append((f.name, int(m[1]), int(m[2]), m[3], m[4], m[5]))
        else:
            e = side[f.name]
            out.append((f.name, e["line"], e["column"], e["severity"], e["path"], e["message"]))
    return out


CORPUS = corpus()

# Each corpus file is a sample deal with one fault put in: its planted error is its only error, but for
# these errors that follow from the same fault (a renamed party no longer matches its disclosure; a
# legal maturity moved before the last payment date fails both the subordinated tranche and the dates).
CONSEQUENCES = {
    "guarantor-without-role.yaml": {"parties.bank.board_approval", "disclosures.credit_support.bank",
                                    "disclosures.credit_support.guarantor"},
    "undertaker-unknown.yaml": {"disclosures.credit_support.ruitai_group"},
    "maturity-after-legal.yaml": {"tranches[6].expected_maturity", "dates.payment_dates[5]"},
}


def run(*args: str, cwd: Path | None = None):
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)


def snapshot(folder: Path) -> set[tuple[str, int]]:
    return {(str(p.relative_to(folder)), p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_corpus_is_big_enough():
    assert len(CORPUS) >= 60
    names = {c[0] for c in CORPUS}
    for needed in ("alias-bomb.yaml", "gbk-encoded.yaml", "utf16-encoded.yaml", "duplicate-key.yaml", "fullwidth-size.yaml",
                   "nul-byte.yaml", "tab-indent.yaml", "unknown-key.yaml", "undertaker-unknown.yaml", "sum-mismatch.yaml"):
        assert needed in names


@pytest.mark.parametrize("name,line,col,severity,path,message", CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_deal(name, line, col, severity, path, message, tmp_path):
    target = tmp_path / name  # a copy, so that the diagnostic's file name is known and nothing is written beside the corpus
    target.write_bytes((BAD / name).read_bytes())
    before = snapshot(tmp_path)
    result = run("validate", name, cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    want = f"{name}:{line}:{col}: {severity}: {path}: "
    lines = [x for x in result.stderr.splitlines() if x.startswith(want)]
    assert lines, f"no diagnostic starting {want!r} in:\n{result.stderr}"
    assert any(message in x[len(want):] for x in lines), f"{message!r} not in {lines}"
    errors = {x.split(": ")[2] for x in result.stderr.splitlines() if x.startswith(f"{name}:") and ": error: " in x}
    assert errors == {path} | CONSEQUENCES.get(name, set()), result.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("name", ["alias-bomb.yaml", "gbk-encoded.yaml", "utf16-encoded.yaml", "deep-nesting.yaml", "unclosed-flow.yaml",
                                  "empty-file.yaml", "nul-byte.yaml"])
def test_bad_deal_subprocess_no_traceback(name, tmp_path):
    expected = next(c for c in CORPUS if c[0] == name)
    proc = subprocess.run([str(DOCGEN), "validate", str(BAD / name)], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert f"{BAD / name}:{expected[1]}:{expected[2]}: error: {expected[4]}: " in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_samples_validate_with_only_their_deliberate_warnings():
    result = run("validate", "--format", "json", *[str(DEALS / n) for n in SAMPLES])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    for name, rules in SAMPLES.items():
        got = {d["rule"] for d in found if Path(d["file"]).name == name}
        assert got == rules, name
        assert all(d["severity"] == "warning" for d in found)


def test_deals_folder_validates():
    result = run("validate", str(DEALS))
    assert result.exit_code == 0, result.output
    assert len(list(DEALS.glob("*.yaml"))) >= 8
    assert "0 error(s)" in result.stderr


def test_strict_turns_warnings_into_failure():
    result = run("validate", "--strict", str(DEALS / "heating-receivable-cap.yaml"))
    assert result.exit_code == 2
    assert "warning: plan.collection_mode:" in result.stderr


def test_json_output_lists_every_problem():
    result = run("validate", "--format", "json", str(BAD / "sum-mismatch.yaml"), str(BAD / "unknown-key.yaml"))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    for d in data:
        assert set(d) == {"file", "line", "column", "path", "severity", "rule", "message", "kind"}
    # one planted error a file, nothing else: no warning, no regulatory finding
    assert [(Path(d["file"]).name, d["severity"], d["kind"]) for d in data] == [
        ("sum-mismatch.yaml", "error", "structural"), ("unknown-key.yaml", "error", "structural")]
    by_rule = {d["rule"]: d for d in data}
    assert by_rule["tranche-sum"]["path"] == "plan.total_size" and by_rule["tranche-sum"]["line"] == 20
    assert by_rule["schema"]["path"] == "tranches[0].sizee"


def test_all_problems_at_once(tmp_path):
    text = (DEALS / "heating-sweep-guaranteed.yaml").read_text(encoding="utf-8")
    text = text.replace("size: 140000000.00", "size: abc").replace("rate: 3.40}", "rate: 3.40, rat: 1}").replace(
        "postcode: \"063000\"", "postcode: 063000")
    f = tmp_path / "d.yaml"
    f.write_text(text, encoding="utf-8")
    result = run("validate", "--format", "json", str(f))
    assert result.exit_code == 2
    paths = {d["path"] for d in json.loads(result.stdout)}
    assert {"tranches[0].size", "tranches[1].coupon.rat", "parties.ruitai.postcode"} <= paths


def test_missing_file_and_folder(tmp_path):
    result = run("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.yaml'}:1:1: error: <file>: cannot read the deal file" in result.stderr
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2


# ----------------------------------------------------------------------------- huge inputs, generated here
# Guards against a hang or a quadratic blow-up, not a speed target (those live in bench/):
# generous because CI shares two cores with the rest of the suite.
HANG_LIMIT = 120


def _timed(path: Path, limit: float):
    t = time.perf_counter()
    result = run("validate", "--format", "json", str(path))
    elapsed = time.perf_counter() - t
    assert elapsed < limit, f"validate took {elapsed:.1f} s"
    assert "Traceback" not in result.output
    return result


def test_hundred_thousand_customer_classes(tmp_path):
    text = (DEALS / "heating-sweep-guaranteed.yaml").read_text(encoding="utf-8")
    head, rest = text.split("  customer_classes:\n", 1)
    tail = rest[rest.index("  key_cash_providers:"):]
    rows = "".join(f"    - {{id: c{i:06d}, name: {{zh: 类{i}, en: C{i}}}, seasonality: {{1: 100}}, history: []}}\n" for i in range(100_000))
    f = tmp_path / "huge.yaml"
    f.write_text(head + "  customer_classes:\n" + rows + tail, encoding="utf-8")
    assert f.stat().st_size > 5_000_000
    result = _timed(f, HANG_LIMIT)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    first_row = head.count("\n") + 2
    assert data[0]["line"] == first_row and data[0]["path"] == "pool.customer_classes[0].history"
    assert "at least 1 item" in data[0]["message"]
    assert data[-1]["rule"] == "too-many" and "more problems not shown" in data[-1]["message"]


def test_hundred_thousand_scheduled_flows_validate(tmp_path):
    import datetime as dt

    text = (DEALS / "scheduled-receivables.yaml").read_text(encoding="utf-8")
    head, rest = text.split("  schedule:\n", 1)
    tail = rest[rest.index("\ntranches:"):]
    start = dt.date(2028, 1, 21)
    rows = "".join(f"    - {{date: {start + dt.timedelta(days=i)}, amount: {1000 + i}.25}}\n" for i in range(100_000))
    f = tmp_path / "flows.yaml"
    f.write_text(head + "  schedule:\n" + rows + tail, encoding="utf-8")
    result = _timed(f, HANG_LIMIT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # one flow a day for 274 years: the only finding on the file is one warning where the uncollected tail
    # starts (the projection's coverage warnings follow: these flows are not the sample's)
    first_late = (dt.date(2030, 12, 31) - start).days + 1  # the day after the last collection period
    assert [(d["rule"], d["path"], d["line"]) for d in data if d["rule"] != "coverage"] == [
        ("pool-data", f"pool.schedule[{first_late}].date", head.count("\n") + 2 + first_late)]
    assert f"and {100_000 - first_late - 1} later one(s) falls after the last collection period" in data[0]["message"]


@pytest.mark.parametrize("style", ["plain", "double", "single", "literal"])
def test_one_megabyte_string(style, tmp_path):
    big = "热" * 350_000  # ~1 MB of UTF-8
    value = {"plain": big, "double": f'"{big}"', "single": f"'{big}'", "literal": f"|\n        {big}"}[style]
    text = (DEALS / "heating-sweep-guaranteed.yaml").read_text(encoding="utf-8")
    text = text.replace("    industry: {zh: 热力生产和供应, en: Heat production and supply}\n",
                        f"    industry:\n      zh: {value}\n      en: Heat production and supply\n")
    f = tmp_path / "long.yaml"
    f.write_text(text, encoding="utf-8")
    result = _timed(f, HANG_LIMIT)
    assert result.exit_code == 2  # BiText is at most 20,000 characters
    data = json.loads(result.stdout)
    assert [d["path"] for d in data] == ["parties.ruitai.industry.zh"]
    assert "at most 20000 characters" in data[0]["message"]


def test_file_over_the_size_limit_is_refused_at_once(tmp_path):
    f = tmp_path / "big.yaml"
    with f.open("w", encoding="utf-8") as out:
        out.write("plan:\n  note: |\n")
        line = "    " + "x" * 1000 + "\n"
        from docgen.model.loader import MAX_BYTES

        for _ in range(MAX_BYTES // len(line) + 1):
            out.write(line)
    result = _timed(f, HANG_LIMIT)
    assert result.exit_code == 2
    d = json.loads(result.stdout)[0]
    assert (d["line"], d["column"], d["rule"]) == (1, 1, "file-size")


# ----------------------------------------------------------------------------- schema
def test_schema_is_json_schema_with_the_top_level_keys():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    for key in ("plan", "parties", "pool", "tranches", "dates", "fees", "credit_enhancement", "triggers", "accounts", "legal", "scenarios"):
        assert key in schema["properties"]
    assert set(schema["required"]) >= {"plan", "parties", "pool", "tranches", "dates", "legal"}
    assert "class" in json.dumps(schema["$defs"]["Tranche"]["properties"])  # by alias, as written in deal files
