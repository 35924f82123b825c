"""A historical deal that breaks a regulatory rule (retention under 5 %), as a user runs the commands:
`project` analyses it (exit 0, the error on stderr), `validate` and `render` refuse it (exit 2, naming the
rule), and with a waiver it renders: the manifest and the drafting notes of the document show the waiver."""

from __future__ import annotations

import json

import docx
from typer.testing import CliRunner

from docgen.cli import app
from tests.model.test_rules import G, base, dump
from tests.model.test_waivers import RETENTION, low_retention

RULE_LINE = "error: tranches[6].size: the originator and its affiliates retain 3.00% of the plan"


def cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_project_analyses_a_deal_that_breaks_a_regulatory_rule(tmp_path):
    f = dump(low_retention(base(G)), tmp_path / "old.yaml")
    r = cli("project", f, "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert RULE_LINE in r.stderr and "[regulatory rule 'retention'" in r.stderr
    periods = json.loads(r.stdout)["periods"]
    assert len(periods) == len(base(G)["dates"]["payment_dates"])


def test_validate_fails_on_an_unwaived_regulatory_error_and_passes_once_waived(tmp_path):
    d = low_retention(base(G))
    r = cli("validate", dump(d, tmp_path / "old.yaml"))
    assert r.exit_code == 2 and RULE_LINE in r.stderr
    assert "1 error(s) (1 regulatory: they stop render unless waived, not project)" in r.stderr
    d["waivers"] = [{"rule": "retention", "reason": RETENTION}]
    r = cli("validate", dump(d, tmp_path / "waived.yaml"))
    assert r.exit_code == 0, r.stderr
    assert "warning: tranches[6].size: the originator and its affiliates retain 3.00%" in r.stderr
    assert "waived: Filed in 2018 under the retention rule then in force." in r.stderr


def test_render_refuses_until_waived_then_shows_the_waiver(tmp_path):
    d = low_retention(base(G))
    out = tmp_path / "out"
    small = ("--docs", "offering-memorandum", "--layout", "parallel", "--format", "docx")
    r = cli("render", dump(d, tmp_path / "old.yaml"), "-o", out, *small)
    assert r.exit_code == 2 and RULE_LINE in r.stderr and "render needs a waiver" in r.stderr
    assert not (out / d["plan"]["id"]).exists()

    d["waivers"] = [{"rule": "retention", "reason": RETENTION}]
    r = cli("render", dump(d, tmp_path / "waived.yaml"), "-o", out, *small)
    assert r.exit_code == 0, r.stderr
    assert "warning: tranches[6].size: the originator and its affiliates retain 3.00%" in r.stderr
    pack = out / d["plan"]["id"]
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    assert manifest["waivers"] == [{"rule": "retention", "reason": RETENTION}]
    cells = [c.text for t in docx.Document(pack / "offering-memorandum-parallel.docx").tables for row in t.rows
             for c in row.cells]
    assert cells[:2] == ["起草说明", "Drafting Notes"]
    assert any("原始权益人风险自留比例（不低于5%）（规则“retention”）：" + RETENTION["zh"] in c for c in cells)
    assert any('Risk retention by the originator (at least 5%) (rule "retention"): ' + RETENTION["en"] in c for c in cells)


def test_no_drafting_notes_without_waivers():
    from docgen import pipeline
    from docgen.model import load_deal
    from docgen.resources import library_root
    from tests.model.test_rules import DEALS

    deal = load_deal(DEALS / G)
    trees = pipeline.assemble(deal, pipeline.project(deal), root=library_root(), documents=["offering-memorandum"],
                              figures=False)
    assert "Drafting Notes" not in repr(trees["offering-memorandum"])


def test_compare_analyses_a_deal_that_breaks_a_regulatory_rule_and_says_so(tmp_path, monkeypatch):
    """`compare` is analysis: NEW under 5 % retention is compared (exit 0), and the summary says the error."""
    from docgen.commands import compare as command
    from docgen.review import compare as cmp
    from tests.review.test_compare import MINI, _register_mini_builders

    _register_mini_builders()  # the small clause library: the comparison, not the whole pack, is under test
    monkeypatch.setattr(command, "compare", lambda old, new: cmp.compare(old, new, root=MINI, redline_docx=False))
    old, new = dump(base(G), tmp_path / "old.yaml"), dump(low_retention(base(G)), tmp_path / "new.yaml")
    out = tmp_path / "out"
    r = cli("compare", old, new, "-o", out)
    assert r.exit_code == 0, r.output
    note = f"NEW has a regulatory error (compared all the same; render needs it fixed or waived): {new}:"
    assert note in r.stderr and RULE_LINE in r.stderr and "[regulatory rule 'retention'" in r.stderr
    assert "OLD has a regulatory error" not in r.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert [c["path"] for c in summary["changes"]] == ["tranches[A6].size", "tranches[Sub].size"]
    assert [n for n in summary["notes"] if "regulatory" in n] == [next(x for x in r.stderr.splitlines() if note in x)[6:]]
    assert "## Notes" in (out / "summary.md").read_text("utf-8") and "retain 3.00% of the plan" in (
        out / "summary.md").read_text("utf-8")
