"""The pool, APA, SU and pledge tables print the words of the label files: a lawyer edits them there."""

from __future__ import annotations

import dataclasses
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.assembly.assemble import assemble
from docgen.assembly.labels import context_for
from docgen.format import Formatter
from docgen.model import load_deal
from docgen.projection.run import project
from docgen.resources import library_root
from docgen.tree import Bi, Table

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
MODULES = ("assembly/tables/pool.py", "assembly/tables/apa.py", "assembly/tables/su.py",
           "assembly/tables/pledge.py", "assembly/figures.py")


def _find_table(node, table_id: str):
    """The table `table_id` anywhere in an assembled document (blocks, clause bodies, both languages)."""
    if isinstance(node, Table):
        return node if node.id == table_id else None
    if isinstance(node, (tuple, list)):
        children = node
    elif isinstance(node, Bi):
        children = (node.zh, node.en)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        children = [getattr(node, f.name) for f in dataclasses.fields(node)]
    else:
        return None
    for child in children:
        hit = _find_table(child, table_id)
        if hit is not None:
            return hit
    return None


def _library_copy(tmp_path: Path) -> Path:
    """docgen's own clause library and outlines, copied where a test may edit them."""
    dst = tmp_path / "lib"
    for part in ("clauses", "templates"):
        shutil.copytree(library_root() / part, dst / part)
    return dst


def test_a_lawyers_edit_to_a_caption_changes_the_printed_table(tmp_path):
    deal = load_deal(ROOT / "deals" / "worked-example-1.yaml")
    proj = project(deal)
    lib = _library_copy(tmp_path)
    labels = lib / "clauses" / "tables" / "pool.yaml"
    text = labels.read_text("utf-8")
    old_zh, old_en = "基础资产范围：用户类别、供热面积及热价", "Scope of the Underlying Assets: customer classes, areas and tariffs"
    assert old_zh in text and old_en in text
    labels.write_text(text.replace(old_zh, "入池供热资产一览").replace(old_en, "Heating assets in the pool"), "utf-8")

    before = _find_table(assemble(deal, proj, "offering-memorandum", root=library_root()), "pool.classes")
    after = _find_table(assemble(deal, proj, "offering-memorandum", root=lib), "pool.classes")
    assert before.caption == Bi(old_zh, old_en)
    assert after.caption == Bi("入池供热资产一览", "Heating assets in the pool")
    assert after.rows == before.rows  # only the words changed


def test_put_monies_get_their_own_column_when_they_fall_due():
    deal = load_deal(ROOT / "deals" / "heating-sweep-guaranteed.yaml")
    assert "put_amount" in deal.credit_enhancement.undertaking.scope
    base = project(deal)
    put = Decimal("123.45")
    proj = dataclasses.replace(base, periods=tuple(dataclasses.replace(p, put_amount=put) for p in base.periods))
    for document, table_id, key in (("shortfall-undertaking", "su.amounts", "enum.undertaking_scope.put_amount"),
                                    ("pledge-contract", "pledge.secured-amounts", "pledge.secured-amounts.header.put_amount")):
        without = _find_table(assemble(deal, base, document, root=library_root()), table_id)
        with_put = _find_table(assemble(deal, proj, document, root=library_root()), table_id)
        head = with_put.header[0]
        assert len(head) == len(without.header[0]) + 1, table_id
        name = context_for(deal, proj, document).labels.text(key)
        col = next(i for i, c in enumerate(head) if c.zh.text == name.zh)
        assert head[col].en.text == name.en
        total = with_put.rows[-1][col]
        fmt = Formatter("zh", deal.plan.amount_unit, deal.plan.display_unit)
        assert total.text == fmt.money_figure(put * len(proj.periods)), table_id


@pytest.mark.parametrize("module", MODULES)
def test_the_builders_hold_no_printed_chinese(module):
    source = (ROOT / "docgen" / module).read_text("utf-8")
    assert not CJK.findall(source), f"{module}: printed words belong in clauses/tables/*.yaml"
