"""`docgen check` is clean on a fresh pack and finds each fault planted in a corrupted copy."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.render.pack import Options, render_pack

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "worked-example-1.yaml"
OPTS = Options(documents=("shortfall-undertaking", "offering-memorandum"), layouts=("parallel",), formats=("pdf", "docx"))


def check(path: Path, *extra: str):
    return CliRunner().invoke(app, ["check", str(path), "--format", "json", *extra])


def rules(result) -> set[tuple[str, str]]:
    return {(f["file"], f["rule"]) for f in json.loads(result.stdout)["findings"]}


def rehash(pack: Path, name: str) -> None:
    """Record a replaced file's hash in the manifest, so that only the content check can catch it."""
    manifest = json.loads((pack / "manifest.json").read_text())
    data = (pack / name).read_bytes()
    manifest["files"][name]["sha256"] = hashlib.sha256(data).hexdigest()
    (pack / "manifest.json").write_text(json.dumps(manifest))


@pytest.fixture(scope="module")
def clean_pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("check")
    render_pack(DEAL, out, OPTS)
    return out / "worked-example-1"


@pytest.fixture
def pack(clean_pack, tmp_path) -> Path:
    copy = tmp_path / "worked-example-1"
    shutil.copytree(clean_pack, copy)
    return copy


def test_clean_pack_exits_0(clean_pack):
    result = check(clean_pack)
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["findings"] == []
    human = CliRunner().invoke(app, ["check", str(clean_pack.parent)])
    assert human.exit_code == 0 and "clean" in human.stdout


def test_tampered_file_is_found(pack):
    with open(pack / "shortfall-undertaking-parallel.pdf", "ab") as fh:
        fh.write(b"\n% tampered\n")
    result = check(pack)
    assert result.exit_code == 3
    assert ("shortfall-undertaking-parallel.pdf", "hash") in rules(result)


def test_changed_figure_in_one_pdf_is_found(pack, tmp_path):
    # the memorandum of a deal whose fee differs, dropped into the pack with its hash recorded
    other = tmp_path / "other.yaml"
    other.write_text(DEAL.read_text("utf-8").replace("rate: 0.12}", "rate: 0.15}"), "utf-8")
    render_pack(other, tmp_path / "o", Options(documents=("offering-memorandum",), layouts=("parallel",), formats=("pdf",)))
    shutil.copy(tmp_path / "o" / "worked-example-1" / "offering-memorandum-parallel.pdf", pack)
    rehash(pack, "offering-memorandum-parallel.pdf")
    result = check(pack)
    assert result.exit_code == 3
    found = json.loads(result.stdout)["findings"]
    assert any(f["rule"] == "projection-figure" and f["file"] == "offering-memorandum-parallel.pdf" for f in found)
    assert all(f["file"] == "offering-memorandum-parallel.pdf" for f in found)


def _pdf_with_unembedded_font(text: str) -> bytes:
    """A one-page PDF that uses Helvetica without embedding it."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Outlines 5 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Outlines /Count 0 >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info << /Title (worked-example-1) >> >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_missing_font_is_found(pack):
    (pack / "shortfall-undertaking-parallel.pdf").write_bytes(_pdf_with_unembedded_font("Shortfall"))
    rehash(pack, "shortfall-undertaking-parallel.pdf")
    result = check(pack)
    assert result.exit_code == 3
    assert ("shortfall-undertaking-parallel.pdf", "font-not-embedded") in rules(result)


def test_placeholder_left_is_found(pack, tmp_path):
    # a deal whose legal representative was never filled in: it validates, but the draft shows TODO
    other = tmp_path / "todo.yaml"
    other.write_text(DEAL.read_text("utf-8").replace("legal_rep: {zh: 王建国, en: Wang Jianguo}",
                                                     "legal_rep: {zh: TODO, en: TODO}"), "utf-8")
    render_pack(other, tmp_path / "o", OPTS)
    shutil.copy(tmp_path / "o" / "worked-example-1" / "shortfall-undertaking-parallel.docx", pack)
    rehash(pack, "shortfall-undertaking-parallel.docx")
    result = check(pack)
    assert result.exit_code == 3
    assert ("shortfall-undertaking-parallel.docx", "placeholder") in rules(result)


def test_not_a_pack_is_bad_input(tmp_path):
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2


def test_wrong_cross_reference_page_is_found(pack):
    # a draft whose page numbers were typed by hand, one of them wrong: 第五条 is on page 3, not 2
    from weasyprint import HTML

    html = ('<html><body style="font-family: Noto Serif CJK SC">'
            "<h1>第一条 定义</h1><p>见第五条（第2页）及附件一（第3页）。See Article 5 (p. 3) and Clause 6.1 (p. 2).</p>"
            '<h1 style="break-before: page">第二条 6.1 付款 Article 2</h1><p>Clause 16.1 applies.</p>'
            '<h1 style="break-before: page">第五条 附件一 Article 5 Annex 1</h1></body></html>')
    (pack / "shortfall-undertaking-parallel.pdf").write_bytes(HTML(string=html).write_pdf())
    rehash(pack, "shortfall-undertaking-parallel.pdf")
    result = check(pack)
    assert result.exit_code == 3
    found = [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "xref-page"]
    assert found == ["‘第五条（第2页）’ on page 1: page 2 does not show 第五条"], found


def test_cross_reference_pages_are_read_per_page():
    from docgen.review.xrefpages import split_pages, wrong_pages

    pages = split_pages("第一条 见第五条（第3页）、第6.1条（第2页）\fArticle 2\n6.1 付款\f第五条 先决条件\f")
    assert len(pages) == 3 and wrong_pages(pages) == []
    assert wrong_pages(["见第6.1条（第2页）", "16.1 与 6.12"]) == ["‘第6.1条（第2页）’ on page 1: page 2 does not show 6.1"]
    assert wrong_pages(["See Article 5 (p. 9)"]) == ["‘Article5(p.9)’ on page 1 names page 9, but the PDF has 1 pages"]


def _replace_projection(pack: Path, data: dict) -> None:
    """A changed projection.json with its hash recorded among the manifest's sources."""
    (pack / "projection.json").write_text(json.dumps(data), "utf-8")
    manifest = json.loads((pack / "manifest.json").read_text())
    manifest["sources"]["projection.json"] = hashlib.sha256((pack / "projection.json").read_bytes()).hexdigest()
    (pack / "manifest.json").write_text(json.dumps(manifest))


def test_both_gross_overcoverage_figures_are_checked(pack):
    # the projection says senior gross over-coverage is 1.59x; the memorandum prints 1.49x (19,395 / 13,000)
    data = json.loads((pack / "projection.json").read_text("utf-8"))
    assert (data["gross_overcoverage_all"], data["gross_overcoverage_senior"]) == ("1.4157", "1.4919")
    data["gross_overcoverage_senior"] = "1.5919"
    _replace_projection(pack, data)
    result = check(pack)
    assert result.exit_code == 3
    found = json.loads(result.stdout)["findings"]
    assert {(f["file"], f["rule"]) for f in found} == {
        ("offering-memorandum-parallel.pdf", "projection-figure"), ("offering-memorandum-parallel.docx", "projection-figure")}
    assert all("gross over-coverage (senior tranches) 1.59倍" in f["message"] for f in found)
    # a projection.json written before the senior measure: only `gross_overcoverage`, still checked
    del data["gross_overcoverage_all"], data["gross_overcoverage_senior"]
    data["gross_overcoverage"] = "1.3157"
    _replace_projection(pack, data)
    found = json.loads(check(pack).stdout)["findings"]
    assert found and all("gross over-coverage (all tranches) 1.32倍" in f["message"] for f in found)
