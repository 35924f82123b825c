"""Label files: the printed words of tables and charts live in clauses/, in both languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.assembly import registry
from docgen.assembly.assemble import assemble
from docgen.assembly.errors import AssemblyError
from docgen.assembly.library import read_library
from docgen.assembly.lint import lint_library
from docgen.tree import Cell, Table

LABELS = """\
labels:
  test:
    labelled:
      caption: {zh: 证券规模, en: Size of the Securities}
      size: {zh: "规模：{{ money(size) }}", en: "Size: {{ money(size) }}", vars: [size]}
"""


def _labelled(ctx: registry.BuildContext) -> Table:
    size = ctx.labels.cell("test.labelled.size", size=sum((t.size for t in ctx.deal.tranches), Decimal(0)))
    return Table(id="test.labelled", caption=ctx.labels.text("test.labelled.caption"), header=(), rows=((size,),),
                 align=("l",))


if "test.labelled" not in registry.TABLES:
    registry.table("test.labelled")(_labelled)


def _use_table(root, table_id="test.labelled"):
    p = root / "clauses" / "asset-purchase-agreement" / "08-misc.yaml"
    p.write_text(p.read_text("utf-8").replace("table: test.tranches", f"table: {table_id}", 1), "utf-8")


def _tables(doc):
    out = []

    def walk(blocks):
        for b in blocks:
            if isinstance(b, Table):
                out.append(b)
            body = getattr(b, "body", None)
            if body is not None:
                for lang in ("zh", "en"):
                    walk(body[lang] if hasattr(body, "zh") else body)
            walk(getattr(b, "children", ()))
    walk(doc.blocks)
    return out


def test_a_table_prints_the_label_files_words_in_each_language(lib_copy, deal, proj):
    (lib_copy / "clauses" / "tables").mkdir()
    (lib_copy / "clauses" / "tables" / "test.yaml").write_text(LABELS, "utf-8")
    _use_table(lib_copy)
    doc = assemble(deal, proj, "asset-purchase-agreement", root=lib_copy)
    t = next(t for t in _tables(doc) if t.id == "test.labelled")
    assert t.caption.zh == "证券规模" and t.caption.en == "Size of the Securities"
    total = sum((tr.size for tr in deal.tranches), Decimal(0))
    cell = t.rows[0][0]
    from docgen.format import Formatter
    zh = Formatter("zh", deal.plan.amount_unit, deal.plan.display_unit).money(total)
    en = Formatter("en", deal.plan.amount_unit, deal.plan.display_unit).money(total)
    assert cell.zh == Cell(f"规模：{zh}") and cell.en == Cell(f"Size: {en}")


def test_a_missing_label_is_an_error_naming_the_key(lib_copy, deal, proj):
    # (a library of its own takes docgen's labels for keys it lacks; this key is in neither)
    _use_table(lib_copy)
    with pytest.raises(AssemblyError) as e:
        assemble(deal, proj, "asset-purchase-agreement", root=lib_copy)
    assert "no label 'test.labelled.size'" in str(e.value)


def test_a_label_rendered_without_a_declared_value_is_an_error(lib_copy, deal, proj):
    (lib_copy / "clauses" / "tables").mkdir()
    (lib_copy / "clauses" / "tables" / "test.yaml").write_text(LABELS.replace("vars: [size]", "vars: [size, unit]"), "utf-8")
    _use_table(lib_copy)
    with pytest.raises(AssemblyError) as e:
        assemble(deal, proj, "asset-purchase-agreement", root=lib_copy)
    assert "missing unit" in str(e.value) and "clauses/tables/test.yaml" in str(e.value)


def test_lint_checks_label_texts_and_duplicate_keys(lib_copy):
    (lib_copy / "clauses" / "tables").mkdir()
    bad = LABELS.replace("money(size)", "money(sise)", 1) + "  test.labelled.caption: {zh: 重复, en: Again}\n"
    (lib_copy / "clauses" / "tables" / "test.yaml").write_text(bad, "utf-8")
    (lib_copy / "clauses" / "tables" / "more.yaml").write_text(
        "labels:\n  test:\n    labelled:\n      caption: {zh: 又一, en: Again}\n    t: {zh: \"{{ term('plan') }}\", en: x}\n", "utf-8")
    lib = read_library(lib_copy)
    assert any("label 'test.labelled.caption' is also defined" in p.message for p in lib.problems)
    msgs = [p.format("lint") for p in lint_library(lib_copy)]
    assert any("unknown variable 'sise'" in m and "test.yaml:5" in m for m in msgs), msgs
    assert any("a label is plain text" in m for m in msgs), msgs


def test_a_library_of_its_own_takes_docgens_labels_for_keys_it_lacks(lib_copy, deal, proj):
    from docgen.assembly.labels import Labels
    from docgen.assembly.library import load_library

    labels = Labels(load_library(lib_copy), {"zh": {}, "en": {}})
    assert labels.text("table.total").zh == "合计"
