"""Two deal files of one run with one `plan.id` would write one pack folder: `validate` says so, located,
naming both files (exit 2); `render` refuses both before rendering anything (exit 2, no traceback). The same
file named twice is one deal."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from docgen.cli import app

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "worked-example-1.yaml"
SMALL = ["--format", "docx", "--docs", "shortfall-undertaking", "--layout", "zh", "--jobs", "1"]


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def two_deals_one_id(tmp_path: Path) -> tuple[Path, Path, int]:
    """a.yaml and b.yaml: the same deal under two names; the line of `id:` under `plan:`."""
    text = DEAL.read_text("utf-8")
    folder = tmp_path / "deals"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (folder / name).write_text(text, "utf-8")
    lines = text.splitlines()
    plan = lines.index("plan:")
    line = next(i for i, x in enumerate(lines) if i > plan and x.startswith("  id: ")) + 1
    return folder / "a.yaml", folder / "b.yaml", line


def test_validate_names_both_files_at_their_plan_id(tmp_path):
    a, b, line = two_deals_one_id(tmp_path)
    r = run("validate", a.parent)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    errors = [x for x in r.stderr.splitlines() if ": error: " in x]
    assert errors == [
        f"{a}:{line}:3: error: plan.id: plan.id 'worked-example-1' is also the id of {b}: the two deals would "
        "write one pack folder; give each deal its own plan.id",
        f"{b}:{line}:3: error: plan.id: plan.id 'worked-example-1' is also the id of {a}: the two deals would "
        "write one pack folder; give each deal its own plan.id",
    ]
    assert "2 error(s)" in r.stderr and "failed" in r.stderr


def test_validate_json_carries_the_clash(tmp_path):
    a, b, line = two_deals_one_id(tmp_path)
    r = run("validate", "--format", "json", a, b)
    assert r.exit_code == 2
    clash = [d for d in json.loads(r.stdout) if d["rule"] == "deal-id"]
    assert [(d["file"], d["line"], d["path"], d["severity"], d["kind"]) for d in clash] == [
        (str(a), line, "plan.id", "error", "structural"), (str(b), line, "plan.id", "error", "structural")]


def test_render_refuses_both_before_rendering(tmp_path):
    a, b, line = two_deals_one_id(tmp_path)
    out = tmp_path / "out"
    r = run("render", a.parent, "-o", out, *SMALL)
    assert r.exit_code == 2, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "KeyError" not in r.output and "Traceback" not in r.output
    assert f"{a}:{line}:3: error: plan.id: plan.id 'worked-example-1' is also the id of {b}" in r.stderr
    assert f"{b}:{line}:3: error: plan.id: plan.id 'worked-example-1' is also the id of {a}" in r.stderr
    assert not out.exists() or list(out.iterdir()) == []  # nothing rendered, not even a staging folder


def test_a_file_named_twice_is_one_deal(tmp_path):
    r = run("validate", DEAL, DEAL.parent / ".." / "deals" / DEAL.name)
    assert r.exit_code == 0, r.output
    assert "1 deal file(s)" in r.stderr
    r = run("render", DEAL, DEAL, "-o", tmp_path, *SMALL)
    assert r.exit_code == 0, r.output
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["worked-example-1"]
    assert "also the id of" not in r.output
