"""Independent consumers of every sample deal's parallel DOCX (issue 15: "LibreOffice and pandoc still open
every DOCX of every sample pack"): pandoc reads the title of every article, chapter and annex, in both
languages, as a heading (Word heading styles); LibreOffice prints each with its number from Word's list
numbering (第三条 … beside Article 3 …).

The packs go through the render's own steps once for the module (assemble, lay out in parallel, write the
DOCX: what `docgen render --format docx` writes), two deals at a time, with the charts of one deal drawn (a
chart costs ≈0.3 s and carries no text); the trees give the titles to look for.
pandoc writes HTML rather than plain text: its plain text pads the parallel layout's table cells into
megabyte-wide grids, while its HTML keeps each heading a heading (`<h1>` …) in its cell.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from lxml import etree

from docgen import pipeline
from docgen.resources import library_root
from docgen.tree import Clause, Section

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "deals").glob("*.yaml"))
PANDOC = shutil.which("pandoc")
CHARTS = "worked-example-1"
HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)

pytestmark = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed (scripts/setup.sh installs it)")


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _render(deal_path: Path, out: Path) -> tuple[str, dict]:
    """One deal's parallel DOCX files written under `out`, pandoc's reading of each, and the titles of its
    articles (chapters) and annexes per document."""
    deal = pipeline.read_deal(deal_path)
    # the charts (most of an assembly's time) are drawn for one deal; the others leave them blank
    trees = pipeline.assemble(deal, pipeline.project(deal), root=library_root(), figures=deal_path.stem == CHARTS)
    found = {}
    for doc, tree in trees.items():
        data, _ = pipeline.write(pipeline.lay_out(pipeline.stamp(tree), "parallel"), "docx")
        path = out / f"{deal.plan.id}-{doc}.docx"
        path.write_bytes(data)
        run = subprocess.run([PANDOC, "-f", "docx", "-t", "html", "--wrap=none", str(path)],
                             capture_output=True, text=True, timeout=120)
        titles = [(b.number, b.title) for b in tree.blocks if ((isinstance(b, Clause) and b.level == 1)
                                                               or (isinstance(b, Section) and b.number)) and b.title]
        found[doc] = (run.returncode, run.stdout if run.returncode == 0 else run.stderr, titles)
    return deal.plan.id, found


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """The folder of the DOCX files, and deal id -> document -> (pandoc's exit code, its HTML or error,
    (number, title) of each article and annex as the tree gives them)."""
    out = tmp_path_factory.mktemp("docx")
    with ProcessPoolExecutor(2) as pool:
        return out, dict(pool.map(_render, DEALS, [out] * len(DEALS)))


@pytest.fixture(scope="module")
def packs(rendered) -> dict[str, dict]:
    return rendered[1]


def test_pandoc_opens_every_docx_of_every_sample_pack(packs):
    assert len(packs) == len(DEALS)
    assert all(len(docs) >= 4 for docs in packs.values())  # every pack holds at least four documents
    failed = {(deal, doc): text[:300] for deal, docs in packs.items() for doc, (code, text, _) in docs.items() if code}
    assert not failed


@pytest.mark.parametrize("deal_path", DEALS, ids=[p.stem for p in DEALS])
def test_pandoc_reads_every_article_title_of_both_languages_as_a_heading(packs, deal_path):
    deal_id = pipeline.read_deal(deal_path).plan.id
    missing = []
    for doc, (_, text, titles) in packs[deal_id].items():
        heads = {squash(html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))) for m in HEADING.finditer(text)}
        assert len(titles) >= 3, doc
        missing += [f"{doc}: {t[lang]}" for _, t in titles for lang in ("zh", "en") if squash(t[lang]) not in heads]
    assert not missing


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_every_docx_and_numbers_every_article_in_both_languages(rendered, tmp_path):
    out, packs = rendered
    files = sorted(out.glob("*.docx"))
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), *map(str, files)],
                   check=True, capture_output=True, timeout=900)
    missing = []
    for deal, docs in packs.items():
        for doc, (_, _, titles) in docs.items():
            txt = tmp_path / f"{deal}-{doc}.txt"
            assert txt.exists(), f"LibreOffice did not open {deal}-{doc}.docx"
            flat = squash(txt.read_text("utf-8"))
            # the number is Word's (the DOCX has no typed number): LibreOffice prints it from the list
            missing += [f"{deal} {doc}: {n[lang]} {t[lang]}" for n, t in titles for lang in ("zh", "en")
                        if squash(n[lang] + t[lang]) not in flat]
    assert not missing


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# a typed article, chapter, annex, sub-clause or item number at the start of a paragraph
TYPED = re.compile(r"^(第[一二三四五六七八九十百]+[条章]|附件[一二三四五六七八九十]+|Article \d+|Chapter \d+|Annex \d+|"
                   r"\d+\.\d+ |（[一二三四五六七八九十]+）|\([a-z]{1,3}\) )")


def typed_text(p) -> str:
    """A paragraph's text outside fields (a cross-reference's result is Word's, not typed)."""
    depth, out = 0, []
    for r in p.iter(f"{W}r"):
        for x in r:
            if x.tag == f"{W}fldChar":
                depth += {"begin": 1, "end": -1}.get(x.get(f"{W}fldCharType"), 0)
            elif x.tag == f"{W}t" and depth == 0:
                out.append(x.text or "")
    return "".join(out)


def test_no_sample_docx_types_a_number_and_every_reference_field_finds_its_bookmark(rendered):
    out, _ = rendered
    typed, dangling, refs = [], [], 0
    for f in sorted(out.glob("*.docx")):
        with zipfile.ZipFile(f) as z:
            body = etree.fromstring(z.read("word/document.xml"))
        marks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
        for p in body.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is not None and style.get(f"{W}val").startswith("TOC"):
                continue  # the contents field's last result, which Word rebuilds
            if TYPED.match(typed_text(p)):
                typed.append(f"{f.stem}: {text[:40]}")
        for t in body.iter(f"{W}instrText"):
            words = (t.text or "").split()
            if words and words[0] in ("REF", "PAGEREF"):
                refs += words[0] == "REF"
                if words[1] not in marks:
                    dangling.append(f"{f.stem}: {t.text}")
    assert refs > 100  # the packs refer to their articles by Word fields …
    assert not dangling  # … each to a bookmark the document holds
    assert not typed  # Word numbers every article, clause and item
