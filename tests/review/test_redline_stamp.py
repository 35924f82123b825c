"""The redline's tracked changes say who and when: `docgen compare --author/--date`, not a fixed date."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from lxml import etree

from docgen.commands import compare as command
from docgen.review.compare import Result
from docgen.review.redline import AUTHOR, engine_redline, stamp_revisions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _small(lines: list[str]) -> bytes:
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _revisions(data: bytes) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [(e.get(f"{W}author"), e.get(f"{W}date")) for tag in ("ins", "del") for e in root.iter(f"{W}{tag}")]


def test_the_engine_redline_carries_the_author_and_date_given():
    red = engine_redline(_small(["价款为13,700.00万元。"]), _small(["价款为13,800.00万元。"]))
    stamped = stamp_revisions(red, "Zhang San", dt.date(2028, 3, 20))
    revs = _revisions(stamped)
    assert revs and set(revs) == {("Zhang San", "2028-03-20T00:00:00Z")}
    assert stamp_revisions(red, "Zhang San", dt.date(2028, 3, 20)) == stamped  # same bytes every time


def test_compare_stamps_every_redline_docx_with_the_options_or_the_new_versions_date():
    red = engine_redline(_small(["甲方：北辰热力"]), _small(["甲方：北辰热力股份"]))
    result = Result({}, {"apa-redline.docx": red, "summary.json": b"{}"}, [], [], {}, [], dt.date(2028, 3, 20))
    command._stamp(result, AUTHOR, result.date)  # the defaults: docgen, the NEW version's date
    assert set(_revisions(result.files["apa-redline.docx"])) == {("docgen", "2028-03-20T00:00:00Z")}
    command._stamp(result, "Li Si", command._date("2028-04-01"))
    assert set(_revisions(result.files["apa-redline.docx"])) == {("Li Si", "2028-04-01T00:00:00Z")}
    assert result.files["summary.json"] == b"{}"


def test_a_bad_date_or_empty_author_is_bad_input(tmp_path, capsys):
    assert command.run(tmp_path / "a.yaml", tmp_path / "b.yaml", output=tmp_path / "out", date="20-3-2028") == 2
    assert "--date" in capsys.readouterr().err
    assert command.run(tmp_path / "a.yaml", tmp_path / "b.yaml", output=tmp_path / "out", author=" ") == 2
