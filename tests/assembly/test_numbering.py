"""Numbers and reference texts, and a generated library with more than twenty articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.assembly import numbering
from docgen.assembly.assemble import assemble
from docgen.assembly.library import get_library
from docgen.tree import Bi, Clause, XRef


@pytest.mark.parametrize("n, zh", [(1, "第一条"), (10, "第十条"), (11, "第十一条"), (19, "第十九条"), (20, "第二十条"),
                                   (21, "第二十一条"), (22, "第二十二条"), (30, "第三十条"), (101, "第一百零一条")])
def test_contract_article_numbers(n, zh):
    assert numbering.label("contract", (n,)) == Bi(zh, f"Article {n}")


def test_levels_and_references():
    assert numbering.label("contract", (5, 2)) == "5.2"
    # items: Chinese drafting 第一条 / 1.1 / （一） / 1. / （1）, English Article 1 / 1.1 / (a) / (i) / (1)
    assert numbering.label("contract", (5, 2, 1)) == Bi("（一）", "(a)")
    assert numbering.label("contract", (5, 2, 1, 4)) == Bi("4.", "(iv)")
    assert numbering.label("contract", (5, 2, 1, 4, 2)) == Bi("（2）", "(2)")
    assert numbering.label("contract", (5, 2, 27)) == Bi("（二十七）", "(aa)")
    assert numbering.label("memorandum", (6,)) == Bi("第六章", "Chapter 6")
    assert numbering.label("annex", (2,)) == Bi("附件二", "Annex 2")
    assert numbering.label("annex", (2, 3)) == "3."
    assert numbering.label("front", (0,)) is None
    assert numbering.reference("contract", (5,)) == Bi("第五条", "Article 5")
    assert numbering.reference("contract", (5, 2)) == Bi("第5.2条", "Clause 5.2")
    assert numbering.reference("contract", (5, 2, 1)) == Bi("第5.2条第（一）项", "Clause 5.2(a)")
    assert numbering.reference("contract", (5, 2, 1, 3)) == Bi("第5.2条第（一）项第3目", "Clause 5.2(a)(iii)")
    assert numbering.label("annex", (2, 3, 1)) == Bi("（1）", "(a)")  # below an annex's "3.", not （一）
    assert numbering.reference("annex", (2, 3, 1)) == Bi("附件二第3段第（1）项", "paragraph 3(a) of Annex 2")
    assert numbering.reference("memorandum", (6,)) == Bi("第六章", "Chapter 6")
    assert numbering.reference("memorandum", (6, 1)) == Bi("第6.1节", "Section 6.1")
    assert numbering.reference("annex", (2,)) == Bi("附件二", "Annex 2")
    assert numbering.reference("annex", (2, 1)) == Bi("附件二第1段", "paragraph 1 of Annex 2")
    assert numbering.reference("front", (0, 1)) is None


def _library(root: Path, n: int, numbering_style: str = "contract") -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "clauses" / "doc").mkdir(parents=True)
    ids = [f"g.a{i:02d}" for i in range(1, n + 1)]
    (root / "templates" / "asset-purchase-agreement.yaml").write_text(
        "id: asset-purchase-agreement\ntitle: {zh: 协议, en: Agreement}\n"
        f"numbering: {numbering_style}\nparts:\n  - articles: [{', '.join(ids)}]\n", encoding="utf-8")
    for i, cid in enumerate(ids, start=1):
        body = "  - zh: 见{{ ref('g.a%02d') }}。\n    en: See {{ ref('g.a%02d') }}.\n" % (n, n) if i == 1 else "  - {zh: 文, en: Text}\n"
        when = '\nwhen: "deal.has_guarantor"' if i == 3 else ""
        (root / "clauses" / "doc" / f"{i:02d}.yaml").write_text(
            f"id: {cid}\ntitle: {{zh: 条{i}, en: Article {i}}}{when}\nbody:\n{body}", encoding="utf-8")
    return root


def test_twenty_two_articles_and_a_dropped_one(tmp_path, deal, proj):
    root = _library(tmp_path / "lib", 23)  # the third is dropped (no guarantor): 22 remain
    doc = assemble(deal, proj, "asset-purchase-agreement", root=root)
    arts = [b for b in doc.blocks if isinstance(b, Clause)]
    assert len(arts) == 22
    assert [a.number.zh for a in arts[8:12]] == ["第九条", "第十条", "第十一条", "第十二条"]
    assert arts[-1].id == "g.a23" and arts[-1].number == Bi("第二十二条", "Article 22")
    assert arts[2].id == "g.a04" and arts[2].number.zh == "第三条"
    assert arts[0].body.zh[0].runs[1] == XRef("g.a23", "第二十二条")
    assert arts[0].body.en[0].runs[1] == XRef("g.a23", "Article 22")


def test_memorandum_chapters_to_twenty_two(tmp_path, deal, proj):
    root = _library(tmp_path / "lib", 23, "memorandum")
    arts = [b for b in assemble(deal, proj, "asset-purchase-agreement", root=root).blocks if isinstance(b, Clause)]
    assert arts[-1].number == Bi("第二十二章", "Chapter 22")
    assert arts[0].body.zh[0].runs[1].text == "第二十二章"


def test_library_is_cached_until_a_file_changes(tmp_path):
    root = _library(tmp_path / "lib", 3)
    a = get_library(root)
    assert get_library(root) is a
    p = root / "clauses" / "doc" / "02.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("条2", "第二条标题"), encoding="utf-8")
    b = get_library(root)
    assert b is not a and b.top["g.a02"].title.zh.text == "第二条标题"


def _own_numbering(root: Path, labels: str):
    from docgen.assembly.library import load_library

    (root / "templates").mkdir(parents=True)
    (root / "clauses" / "labels").mkdir(parents=True)
    (root / "clauses" / "labels" / "numbering.yaml").write_text("labels:\n  numbering:\n" + labels, encoding="utf-8")
    return numbering.of(load_library(root))


def test_numbers_and_references_follow_the_labels_of_ones_own_library(tmp_path):
    own = _own_numbering(tmp_path / "lib", '    item:\n      level3: {zh: "{letter}）", en: "({letter})"}\n'
                                           '    annex:\n      heading: {zh: "附录{cn}", en: "Schedule {n}"}\n')
    assert own.label("contract", (5, 2, 1)) == Bi("a）", "(a)")  # the two languages differ: one text each
    assert own.reference("contract", (5, 2, 1, 3)) == Bi("第5.2条第a）项第3目", "Clause 5.2(a)(iii)")
    # its own general items are not overruled by docgen's items for annexes
    assert own.label("annex", (2, 3, 1)) == Bi("a）", "(a)")
    assert own.label("annex", (2,)) == Bi("附录二", "Schedule 2")
    assert own.label("contract", (5,)) == Bi("第五条", "Article 5")  # the labels it lacks are docgen's


def test_a_reference_label_without_tail_joins_the_items_to_the_sub_clause_number(tmp_path):
    own = _own_numbering(tmp_path / "lib", '    contract:\n      ref: {zh: "第{n}.{sub}条", en: "Clause {n}.{sub}"}\n')
    assert own.reference("contract", (5, 2, 1, 3)) == Bi("第5.2（一）3.条", "Clause 5.2(a)(iii)")
    assert own.reference("contract", (5, 2)) == Bi("第5.2条", "Clause 5.2")


def test_an_unknown_placeholder_is_reported_with_its_file_and_line(tmp_path):
    from docgen.assembly.labels import LabelError

    with pytest.raises(LabelError) as e:
        _own_numbering(tmp_path / "lib", '    contract:\n      heading: {zh: "第{cn}条", en: "Article {num}"}\n')
    assert e.value.problem.file.endswith("numbering.yaml") and e.value.problem.line == 4
    assert "{num}" in e.value.problem.message
