"""Located errors, the sandbox, and deal text that must stay literal."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.assembly import inline
from docgen.assembly.assemble import assemble
from docgen.assembly.errors import AssemblyError, LibraryError
from docgen.assembly.library import load_library
from docgen.model.types import BiText
from docgen.tree import Para, Run, TermUse, XRef

from tests.assembly.conftest import MINI

PURPOSE = "clauses/asset-purchase-agreement/04-purpose.yaml"


def write_clause(root: Path, rel: str, text: str) -> Path:
    p = root / rel
    p.write_text(text, encoding="utf-8")
    return p


def purpose_with(root: Path, zh: str, en: str = "English.") -> None:
    write_clause(root, PURPOSE, f"id: fx.purpose\ntitle: {{zh: 目的, en: Purpose}}\nbody:\n  - zh: |\n{_indent(zh)}\n    en: |\n{_indent(en)}\n")


def _indent(text: str) -> str:
    return "\n".join("      " + ln for ln in text.splitlines())


def failure(deal, proj, root, doc="asset-purchase-agreement") -> AssemblyError:
    with pytest.raises(AssemblyError) as e:
        assemble(deal, proj, doc, root=root)
    return e.value


def test_undefined_attribute_names_clause_line_and_variable(deal, proj, lib_copy):
    purpose_with(lib_copy, "第一行。\n计划名称：{{ deal.plan.nmae }}。")
    err = failure(deal, proj, lib_copy)
    [p] = err.problems
    assert p.clause == "fx.purpose"
    assert p.file.endswith(PURPOSE)
    assert p.template_line == 2
    assert p.line == 6  # `zh: |` on line 4, content from line 5: template line 2 is YAML line 6
    assert p.variable == "deal.plan.nmae"
    assert p.where == "body[0].zh"
    assert "deal.plan.nmae" in str(err) and "fx.purpose" in str(err) and f"{PURPOSE}:6:" in str(err)
    assert "template line 2" in str(err)


def test_undefined_name(deal, proj, lib_copy):
    purpose_with(lib_copy, "{{ plan_name }}")
    [p] = failure(deal, proj, lib_copy).problems
    assert p.variable == "plan_name" and "undefined variable 'plan_name'" in p.message
    assert (p.line, p.template_line) == (5, 1)


def test_all_problems_of_a_document_are_reported_together(deal, proj, lib_copy):
    purpose_with(lib_copy, "{{ foo }}", "{{ bar }}")
    err = failure(deal, proj, lib_copy)
    assert sorted(p.variable for p in err.problems) == ["bar", "foo"]


@pytest.mark.parametrize("text, expect", [
    ("{{ ''.__class__.__mro__ }}", "refused by the sandbox"),
    ("{{ deal.__class__.__init__.__globals__ }}", "refused by the sandbox"),
    ("{{ deal.tranches.append(1) }}", "refused by the sandbox"),
    ("{% include '/etc/passwd' %}", "not allowed: clause texts cannot read files"),
    ("{% import 'x.j2' as x %}", "not allowed"),
    ("{% extends 'base' %}", "not allowed"),
    ("{{ 'x' * 1000000 }}", "refused by the sandbox"),
])
def test_sandbox_refuses(deal, proj, lib_copy, text, expect):
    purpose_with(lib_copy, text)
    [p] = failure(deal, proj, lib_copy).problems
    assert p.clause == "fx.purpose" and expect in p.message
    assert p.file.endswith(PURPOSE)


def test_type_error_and_helper_errors_are_located(deal, proj, lib_copy):
    purpose_with(lib_copy, "{{ money(deal.plan.name) }}", "{{ party('guarantor').name }}")
    msgs = {p.where: p.message for p in failure(deal, proj, lib_copy).problems}
    assert "money() needs a number" in msgs["body[0].zh"]
    assert "party('guarantor'): no party of this deal has that role" in msgs["body[0].en"]


def test_printing_none_is_an_error(deal, proj, lib_copy):
    purpose_with(lib_copy, "{{ deal.plan.term_justification }}")
    [p] = failure(deal, proj, lib_copy).problems
    assert "printed None" in p.message


def test_ref_to_excluded_or_missing_clause_is_an_error(deal, proj, lib_copy):
    purpose_with(lib_copy, "{{ ref('fx.guarantee') }}", "{{ ref('fx.nowhere') }}")
    msgs = {p.where: p.message for p in failure(deal, proj, lib_copy).problems}
    assert msgs["body[0].zh"] == "ref('fx.guarantee'): its `when` is false for this deal"
    assert msgs["body[0].en"] == "ref('fx.nowhere'): no clause has that id"


def test_ref_to_clause_of_another_document(deal, proj, lib_copy):
    purpose_with(lib_copy, "{{ ref('om.pool') }}")
    [p] = failure(deal, proj, lib_copy).problems
    assert p.message == "ref('om.pool'): it is not part of this document"


def test_term_not_registered_or_not_applicable(deal, proj, lib_copy):
    purpose_with(lib_copy, "{{ term('trustee') }}", "{{ term('guarantor') }}")
    msgs = {p.where: p.message for p in failure(deal, proj, lib_copy).problems}
    assert "term('trustee'): no such defined term" in msgs["body[0].zh"]
    assert "term('guarantor'): the term's `when` is false" in msgs["body[0].en"]


def test_unbalanced_markup_is_an_error(deal, proj, lib_copy):
    purpose_with(lib_copy, "**粗体")
    [p] = failure(deal, proj, lib_copy).problems
    assert "unbalanced" in p.message


def test_deal_text_stays_literal(deal, proj):
    forged = inline.OPEN + "Rdeadbeef:fx.sale" + inline.CLOSE + inline.OPEN + "Tplan" + inline.CLOSE
    nasty = "<script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %} & **bold** *it* " + forged
    plan = deal.plan.model_copy(update={"name": BiText.model_construct(zh=nasty, en=nasty)})
    d = deal.model_copy(update={"plan": plan})
    doc = assemble(d, proj, "asset-purchase-agreement", root=MINI)
    cover_line = doc.blocks[0].lines[0]
    expected = "<script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %} & **bold** *it* Rdeadbeef:fx.saleTplan"
    assert cover_line.zh == expected and cover_line.en == expected
    definitions = next(b for b in doc.blocks if getattr(b, "id", None) == "fx.definitions")
    plan_entry = next(p for p in definitions.body.en if any(isinstance(r, TermUse) and r.term == "plan" for r in p.runs))
    body_runs = plan_entry.runs[3:]
    assert all(isinstance(r, Run) and not r.bold and not r.italic for r in body_runs)
    assert "".join(r.text for r in body_runs) == f"means the {expected}."
    assert "49" not in plan_entry.text

    def walk(x):
        if isinstance(x, str):
            yield x
        elif isinstance(x, (tuple, list)):
            for y in x:
                yield from walk(y)
        elif hasattr(x, "__dataclass_fields__"):
            for f in x.__dataclass_fields__:
                yield from walk(getattr(x, f))

    texts = list(walk(doc.blocks))
    assert not any(ch in t for t in texts for ch in (inline.OPEN, inline.CLOSE, inline.STAR))
    xref_targets = {r.target for b in doc.blocks for r in _runs(b) if isinstance(r, XRef)}
    assert "fx.sale" in xref_targets  # the real one from fx.payment.account …
    assert not any(isinstance(r, XRef) for r in plan_entry.runs)  # … but none forged by the deal


def _runs(block):
    body = getattr(block, "body", None)
    if body is not None:
        for lang in ("zh", "en"):
            for b in body[lang]:
                if isinstance(b, Para):
                    yield from b.runs
    for c in getattr(block, "children", ()):
        yield from _runs(c)


def test_library_structure_errors_name_file_and_line(lib_copy):
    write_clause(lib_copy, "clauses/common/bad.yaml",
                 "id: common.bad\ntitle: {zh: 坏, en: Bad}\nbody:\n  - zh: x\n    en: y\n    colour: red\nextra: 1\n")
    write_clause(lib_copy, "clauses/common/dup.yaml", "id: common.law\ntitle: {zh: 重, en: Dup}\n")
    (lib_copy / "clauses" / "terms" / "dup.yaml").write_text(
        "- id: plan\n  zh: 计划\n  en: Plan\n  definition: {zh: 指, en: means}\n", encoding="utf-8")
    with pytest.raises(LibraryError) as e:
        load_library(lib_copy)
    lines = {(Path(p.file).name, p.line, p.message) for p in e.value.problems}
    assert ("bad.yaml", 6, "unknown key 'colour'") in lines
    assert ("bad.yaml", 7, "unknown key 'extra'") in lines
    assert any(ln == 1 and "clause id 'common.law' is also used in" in m for f, ln, m in lines)
    assert any(f == "dup.yaml" and ln == 1 and "term 'plan' is also defined in" in m for f, ln, m in lines)


def test_yaml_errors_and_aliases(lib_copy):
    write_clause(lib_copy, "clauses/common/broken.yaml", "id: common.broken\ntitle: {zh: x, en: y\n")
    write_clause(lib_copy, "clauses/common/alias.yaml",
                 "id: common.alias\ntitle: &t {zh: x, en: y}\nclauses:\n  - title: *t\n")
    with pytest.raises(LibraryError) as e:
        load_library(lib_copy)
    by_file = {Path(p.file).name: p for p in e.value.problems}
    assert by_file["broken.yaml"].message.startswith("YAML:")
    assert "anchors and aliases" in by_file["alias.yaml"].message and by_file["alias.yaml"].line == 2


def test_unknown_document(deal, proj):
    with pytest.raises(AssemblyError, match="no outline for document 'nope'"):
        assemble(deal, proj, "nope", root=MINI)


def test_inline_parser():
    runs = inline.parse("a **b *c* d** e", lambda k, i: None)
    assert [(r.text, r.bold, r.italic) for r in runs] == [
        ("a ", False, False), ("b ", True, False), ("c", True, True), (" d", True, False), (" e", False, False)]
    assert inline.parse(inline.protect("x*y**z"), lambda k, i: None) == (Run("x*y**z"),)
    assert inline.fold("第一行\n第二行\nEnglish\nwords", "zh") == "第一行第二行English words"
    assert inline.fold("one\ntwo", "en") == "one two"
    with pytest.raises(inline.MarkupError):
        inline.parse("*open", lambda k, i: None)


def test_printing_a_whole_object_is_an_error(deal, proj, lib_copy):
    purpose_with(lib_copy, "{{ party('originator') }}", "{{ deal.tranches }}")
    msgs = {p.where: p.message for p in failure(deal, proj, lib_copy).problems}
    assert msgs["body[0].zh"] == "printed a whole Party: print one of its fields instead"
    assert msgs["body[0].en"] == "printed a whole list: print one of its fields instead"


def test_terms_and_refs_fail_only_when_they_reach_the_text(deal, proj, lib_copy):
    # a dict literal evaluates every value; only the one printed must be defined / numbered
    purpose_with(lib_copy,
                 "{{ {'a': term('guarantor'), 'b': term('plan')}['b'] }}{{ {'a': ref('fx.guarantee'), 'b': ref('fx.sale')}['b'] }}",
                 "{{ term('plan') if true else term('guarantor') }}")
    doc = assemble(deal, proj, "asset-purchase-agreement", root=lib_copy)
    purpose = next(b for b in doc.blocks if getattr(b, "id", None) == "fx.purpose")
    assert purpose.body.zh[0].runs == (TermUse("plan", "专项计划"), XRef("fx.sale", "第三条"))
