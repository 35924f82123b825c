"""`docgen compare -o DIR` replaces only what an earlier comparison wrote there (its summary.json lists its
redlines): a file of the user's that merely looks like a redline is never deleted."""

from __future__ import annotations

import json

from docgen.review.compare import write_outputs


def test_only_the_earlier_comparisons_own_redlines_are_removed(tmp_path):
    out = tmp_path / "cmp"
    out.mkdir()
    (out / "client-redline.docx").write_bytes(b"the client's own markup")
    (out / "notes.md").write_text("mine", "utf-8")
    earlier = {"documents": {"pledge-contract": {"redline": {"docx": "pledge-contract-redline.docx",
                                                              "html": "pledge-contract-redline.html"}},
                             "offering-memorandum": {"redline": None}}}
    (out / "summary.json").write_text(json.dumps(earlier), "utf-8")
    for name in ("pledge-contract-redline.docx", "pledge-contract-redline.html"):
        (out / name).write_bytes(b"old redline")
    write_outputs(out, {"summary.json": b"{}", "summary.md": b"# new", "standard-terms-redline.html": b"<p/>"})
    assert sorted(p.name for p in out.iterdir()) == [
        "client-redline.docx", "notes.md", "standard-terms-redline.html", "summary.json", "summary.md"]
    assert (out / "client-redline.docx").read_bytes() == b"the client's own markup"


def test_a_summary_naming_paths_outside_deletes_nothing(tmp_path):
    out, keep = tmp_path / "cmp", tmp_path / "keep-redline.docx"
    out.mkdir()
    keep.write_bytes(b"keep")
    bad = {"documents": {"x": {"redline": {"docx": "../keep-redline.docx", "html": "/etc/passwd-redline.html"}}}}
    (out / "summary.json").write_text(json.dumps(bad), "utf-8")
    write_outputs(out, {"summary.json": b"{}"})
    assert keep.read_bytes() == b"keep"


def test_an_unreadable_earlier_summary_deletes_nothing(tmp_path):
    out = tmp_path / "cmp"
    out.mkdir()
    (out / "summary.json").write_text("[1, 2", "utf-8")
    (out / "a-redline.docx").write_bytes(b"x")
    write_outputs(out, {"summary.md": b"# new"})
    assert (out / "a-redline.docx").exists()
