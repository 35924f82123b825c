"""`docgen render`: --docs takes the abbreviations `compare` prints; the progress display counts files."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import pipeline
from docgen.commands.render import options
from docgen.render.batch import render_deals
from docgen.render.pack import Options
from docgen.resources import library_root
from docgen.review.treediff import abbr

DEAL = Path(__file__).resolve().parents[2] / "deals" / "heating-sweep-guaranteed.yaml"


def opts(docs: str):
    return options(docs=docs, layouts="zh", formats="docx", draft=False, pdfa=False, date=None,
                   reference_docx=None, force=False)


def test_docs_accepts_the_abbreviations_compare_prints():
    ids = pipeline.documents(library_root())
    short = {abbr(d): d for d in ids}  # what `compare` prints for each document
    assert {"APA", "PC", "SU", "OM"} <= set(short)
    assert opts(",".join(short)).documents == tuple(short.values())
    assert opts("om, apa").documents == (short["OM"], short["APA"])  # any case
    assert opts("OM,offering-memorandum").documents == ("offering-memorandum",)  # one document once


def test_unknown_document_lists_ids_and_abbreviations():
    with pytest.raises(ValueError) as e:
        opts("XYZ")
    assert "unknown document: XYZ" in str(e.value) and "offering-memorandum (OM)" in str(e.value)


class Recorder:
    """Stands in for rich's Progress: records what a user would see move."""

    def __init__(self):
        self.tasks: dict[int, dict] = {}

    def add_task(self, description, total=None, **fields):
        self.tasks[len(self.tasks)] = {"description": description, "total": total, "completed": 0, "log": []}
        return len(self.tasks) - 1

    def update(self, task, total=None, **fields):
        if total is not None:
            self.tasks[task]["total"] = total

    def advance(self, task, n=1):
        t = self.tasks[task]
        t["completed"] += n
        t["log"].append((t["completed"], t["total"]))

    def by_name(self, name):
        return next(t for t in self.tasks.values() if t["description"] == name)


def test_one_deal_render_shows_progress_file_by_file(tmp_path: Path):
    progress = Recorder()
    o = Options(documents=("shortfall-undertaking", "asset-purchase-agreement"), layouts=("zh", "en"),
                formats=("docx",))
    [outcome] = render_deals([DEAL], tmp_path, o, 1, progress)
    assert outcome.status == "ok" and outcome.files == 4
    files, deals = progress.by_name("files"), progress.by_name("deals")
    assert files["log"] == [(1, 4), (2, 4), (3, 4), (4, 4)]  # moves with each file of the one deal
    assert deals["log"] == [(1, 1)]
