"""`docgen lint` on the mini library and on broken copies of it."""

from __future__ import annotations

import io
from pathlib import Path

from docgen.assembly.lint import lint_library
from docgen.commands.lint import lint_command

from tests.assembly.conftest import DEAL, MINI, fake_projection

PURPOSE = "clauses/asset-purchase-agreement/04-purpose.yaml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(root: Path, deals=()):
    out, err = io.StringIO(), io.StringIO()
    code = lint_command(root, list(deals), out, err, project=fake_projection)
    return code, out.getvalue().splitlines(), err.getvalue()


def messages(root: Path) -> list[str]:
    return [p.format("lint") for p in lint_library(root)]


def test_mini_library_is_clean():
    assert messages(MINI) == []
    code, lines, err = run(MINI)
    assert (code, lines) == (0, []) and "clean" in err


def test_clean_with_deal_rendering():
    code, lines, _ = run(MINI, [DEAL])
    assert (code, lines) == (0, [])


def test_undefined_variable_and_unknown_attribute(lib_copy):
    edit(lib_copy, PURPOSE, "body:\n  - zh: \"{{ term('originator') }}",
         "body:\n  - zh: |\n      第一行\n      {{ deal.plan.nmae }}{{ planname }}\n    en: x\n  - zh: \"{{ term('originator') }}")
    code, lines, _ = run(lib_copy)
    assert code == 2
    path = str(lib_copy / PURPOSE)
    assert (f"{path}:6: lint: fx.purpose: 'deal.plan.nmae': Plan has no attribute 'nmae' (did you mean 'name'?) "
            "(body[0].zh, template line 2)") in lines
    assert f"{path}:6: lint: fx.purpose: unknown variable 'planname' (not in the template API) (body[0].zh, template line 2)" in lines


def test_undefined_variable_also_fails_with_deal(lib_copy):
    edit(lib_copy, PURPOSE, "{{ term('plan_manager') }}出售", "{{ term('plan_manager') }}{{ mystery }}出售")
    code, lines, _ = run(lib_copy, [DEAL])
    assert code == 2
    assert any("unknown variable 'mystery'" in ln for ln in lines)
    assert any("undefined variable 'mystery'" in ln and "[deal worked-example-1]" in ln for ln in lines)


def test_term_used_but_not_defined_and_term_defined_but_unused(lib_copy):
    edit(lib_copy, PURPOSE, "{{ term('plan_manager') }}出售", "{{ term('plan_mgr') }}出售")
    edit(lib_copy, "clauses/terms/core.yaml", "- id: plan\n", "- id: unused_thing\n  zh: 闲\n  en: Idle\n  definition: {zh: 指, en: means}\n- id: plan\n")
    msgs = messages(lib_copy)
    assert any("fx.purpose: term('plan_mgr') is not registered in clauses/terms/" in m for m in msgs)
    assert any(m.endswith("lint: term:unused_thing: term 'unused_thing' is registered but no clause uses it") for m in msgs)
    # plan_manager is still used by the OM, so only the new term is unused
    assert not any("term 'plan_manager'" in m for m in msgs)


def test_dangling_and_cross_document_refs(lib_copy):
    edit(lib_copy, PURPOSE, "{{ ref('fx.payment.timing') }}。\"", "{{ ref('fx.payment.timng') }}{{ ref('om.pool') }}{{ ref('fx.recitals') }}。\"")
    msgs = messages(lib_copy)
    assert any("ref('fx.payment.timng'): no clause has that id" in m for m in msgs)
    assert any("ref('om.pool'): not part of document 'asset-purchase-agreement'" in m for m in msgs)
    assert any("ref('fx.recitals'): a front section has no number to refer to" in m for m in msgs)


def test_unknown_table_and_figure(lib_copy):
    edit(lib_copy, "clauses/asset-purchase-agreement/08-misc.yaml", "table: test.tranches", "table: test.nope")
    edit(lib_copy, "clauses/asset-purchase-agreement/08-misc.yaml", "figure: test.chart", "figure: test.chrat")
    msgs = messages(lib_copy)
    assert any(":13: lint: fx.misc: unknown table 'test.nope'" in m for m in msgs)
    assert any(":14: lint: fx.misc: unknown figure 'test.chrat'" in m for m in msgs)


def test_unguarded_optional_path(lib_copy):
    # the same text is fine in fx.guarantee (when: deal.has_guarantor) but not without the `when`
    assert not any("fx.guarantee" in m for m in messages(lib_copy))
    edit(lib_copy, "clauses/asset-purchase-agreement/05-guarantee.yaml", 'when: "deal.has_guarantor"\n', "")
    msgs = messages(lib_copy)
    assert any("fx.guarantee: 'deal.credit_enhancement.guarantee.guarantor' goes through "
               "'deal.credit_enhancement.guarantee', which may be None" in m for m in msgs)


def test_guards_by_if_and_and(lib_copy):
    edit(lib_copy, PURPOSE, "body:\n", "body:\n"
         "  - zh: \"{% if deal.has_guarantor %}{{ deal.credit_enhancement.guarantee.type }}{% endif %}\"\n"
         "    en: \"{{ deal.credit_enhancement.guarantee and deal.credit_enhancement.guarantee.type }}\"\n"
         "  - zh: \"{{ deal.credit_enhancement.undertaking.cap }}\"\n"
         "    en: \"{{ t(party('plan_manager').office_address) }}\"\n"
         "  - zh: \"{{ deal.pool.customer_classes | length }}\"\n"
         "    en: \"{% for c in deal.tranches %}{{ c.rating.rating }}{% endfor %}\"\n")
    msgs = [m for m in messages(lib_copy) if "fx.purpose" in m]
    assert not any("body[0]" in m for m in msgs)
    assert any("body[1].zh" in m and "goes through 'deal.credit_enhancement.undertaking'" in m for m in msgs)
    assert any("body[1].zh" in m and "'deal.credit_enhancement.undertaking.cap' may be None" in m for m in msgs)
    assert any("body[1].en" in m and "party('plan_manager').office_address' may be None" in m for m in msgs)
    assert any("body[2].zh" in m and "exists only on HeatingPool" in m for m in msgs)
    assert any("body[2].en" in m and "'c.rating.rating' goes through 'c.rating'" in m for m in msgs)


def test_document_when_guards_its_clauses():
    # pledge.object reads deal.credit_enhancement.pledge; the outline's `when: deal.has_pledge` guards it
    assert not any("pledge" in m for m in messages(MINI))


def test_forbidden_tags_syntax_and_outline_problems(lib_copy):
    edit(lib_copy, PURPOSE, "body:\n", "body:\n  - zh: \"{% include 'x' %}\"\n    en: \"{{ deal.plan.name }\"\n")
    edit(lib_copy, "templates/asset-purchase-agreement.yaml", "fx.purpose, ", "fx.purpose, fx.nothing, fx.sale.price, fx.purpose, ")
    msgs = messages(lib_copy)
    assert any("fx.purpose: {% include %} is not allowed" in m for m in msgs)
    assert any("fx.purpose: template syntax:" in m and "body[0].en" in m for m in msgs)
    assert any("asset-purchase-agreement: articles: 'fx.nothing' is not the id of any clause file" in m for m in msgs)
    assert any("'fx.sale.price' is a sub-clause, not a clause file" in m for m in msgs)
    assert any("clause 'fx.purpose' appears twice in the outline" in m for m in msgs)


def test_clause_in_no_outline_and_placeholders(lib_copy):
    (lib_copy / "clauses" / "common" / "orphan.yaml").write_text(
        "id: common.orphan\ntitle: {zh: 孤, en: Orphan}\nbody:\n  - zh: 〈PM〉\n    en: \"[[plan_manager]]\"\n"
        "  - zh: 依据《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》\n    en: x\n", encoding="utf-8")
    msgs = messages(lib_copy)
    assert not any("民法典〉'" in m for m in msgs)  # a title within a title is no placeholder
    assert any("common.orphan: clause is in no outline" in m for m in msgs)
    assert any(":4: lint: common.orphan: drafting placeholder '〈PM〉'" in m for m in msgs)
    assert any(":5: lint: common.orphan: drafting placeholder '[[plan_manager]]'" in m for m in msgs)


def test_structure_problems_are_lint_lines(lib_copy):
    edit(lib_copy, PURPOSE, "title:", "titel: {zh: x, en: y}\ntitle:")
    code, lines, _ = run(lib_copy, [DEAL])
    assert code == 2
    assert any(ln.startswith(f"{lib_copy / PURPOSE}:2: lint: fx.purpose: unknown key 'titel'") for ln in lines)


def test_bad_deal_file_is_reported(lib_copy, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEAL.read_text(encoding="utf-8").replace("total_size: 13700.00", "total_size: -1"), encoding="utf-8")
    code, lines, _ = run(MINI, [bad])
    assert code == 2 and any(ln.startswith(f"{bad}:") and "<deal>" in ln for ln in lines)


def test_raw_amounts_dates_and_objects(lib_copy):
    edit(lib_copy, PURPOSE, "body:\n", "body:\n"
         "  - zh: \"{{ deal.plan.total_size }}{{ deal.dates.establishment }}\"\n"
         "    en: \"{{ party('originator') }}{{ money(deal.plan.total_size) }}{{ date(deal.dates.establishment) }}\"\n")
    msgs = [m for m in messages(lib_copy) if "fx.purpose" in m]
    assert any("'deal.plan.total_size' is printed raw: use money()" in m for m in msgs)
    assert any("'deal.dates.establishment' is printed raw: use date()" in m for m in msgs)
    assert any("body[0].en" in m and "prints a whole Party" in m for m in msgs)
    assert len(msgs) == 3


def test_selectattr_and_loop_tests_guard_the_loop_variable(lib_copy):
    edit(lib_copy, PURPOSE, "body:\n", "body:\n"
         "  - zh: \"{{ money(f.amount) }}\"\n"
         "    en: \"{% for g in deal.fees if g.amount %}{{ money(g.amount) }}{% endfor %}\"\n"
         "    for: \"f in deal.fees | selectattr('amount') | list\"\n"
         "  - zh: \"{{ money(f.amount) }}\"\n"
         "    en: x\n"
         "    for: \"f in deal.fees | selectattr('payer', 'equalto', deal.first('originator')) | list\"\n")
    msgs = [m for m in messages(lib_copy) if "fx.purpose" in m]
    assert len(msgs) == 1 and "body[1].zh" in msgs[0] and "'f.amount' may be None" in msgs[0]


def test_comma_in_flow_mapping_hint(lib_copy):
    edit(lib_copy, PURPOSE, "title: {zh: 协议目的, en: Purpose}", "title: {zh: 协议目的, en: Purpose, Scope and Effect}")
    msgs = messages(lib_copy)
    assert any("unknown key 'Scope and Effect' (a comma inside {…} starts a new key: quote the text)" in m for m in msgs)
