"""`docgen check` reads cross-references with the numbering labels of the clause library."""

from __future__ import annotations

import re
from pathlib import Path

from docgen.assembly import numbering
from docgen.assembly.library import load_library
from docgen.resources import library_root
from docgen.review.xrefpages import wrong_pages

REPO = Path(__file__).resolve().parents[2]


def _own_library(root: Path, labels: str) -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "clauses" / "labels").mkdir(parents=True)
    (root / "clauses" / "labels" / "numbering.yaml").write_text(labels, encoding="utf-8")
    return root


def test_the_page_label_is_what_the_pdf_style_prints():
    # pdf.css writes the page after each cross-reference; check must read the same words
    css = (REPO / "templates" / "style" / "pdf.css").read_text("utf-8")
    page = numbering.of(load_library(library_root())).page
    for lang in ("zh", "en"):
        m = re.search(rf'a\.xref\.{lang}::after\s*{{\s*content:\s*"([^"]*)"\s*target-counter\(attr\([^)]*\),\s*page\)\s*"([^"]*)"', css)
        assert m, f"no a.xref.{lang}::after rule in pdf.css"
        printed = (m.group(1) + "{page}" + m.group(2)).replace("\\A0", " ")
        assert "".join(printed.split()) == "".join(getattr(page, lang).split())


def test_a_lawyer_who_renames_articles_changes_what_check_reads(tmp_path):
    root = _own_library(tmp_path / "lib", 'labels:\n  numbering:\n    contract:\n'
                                          '      heading: {zh: "第{cn}條", en: "Art. {n}"}\n')
    lib = load_library(root)
    assert numbering.label("contract", (5,), lib).en == "Art. 5"
    pages = ["See Art. 5 (p. 2) and Article 5 (p. 2); 见第五條（第2页）。", "Art. 4 第四條"]
    assert wrong_pages(pages, lib) == ["‘第五條（第2页）’ on page 1: page 2 does not show 第五條",
                                       "‘Art.5(p.2)’ on page 1: page 2 does not show Art.5"]
    # docgen's own library reads Article 5, not Art. 5
    assert wrong_pages(pages) == ["‘Article5(p.2)’ on page 1: page 2 does not show Article5"]


def test_sub_clause_references_look_for_the_sub_clause_number_as_labelled(tmp_path):
    root = _own_library(tmp_path / "lib", 'labels:\n  numbering:\n    contract:\n'
                                          '      sub: {zh: "{top}-{n}", en: "{top}-{n}"}\n'
                                          '      ref: {zh: "第{n}-{sub}条", en: "Clause {n}-{sub}"}\n')
    lib = load_library(root)
    assert numbering.reference("contract", (6, 1), lib).en == "Clause 6-1"
    assert wrong_pages(["见第6-1条（第2页）", "6.1 付款"], lib) == ["‘第6-1条（第2页）’ on page 1: page 2 does not show 6-1"]
    assert wrong_pages(["见第6-1条（第2页）", "6-1 付款"], lib) == []
