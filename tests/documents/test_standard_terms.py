"""The Standard Terms (标准条款): every term the documents share is defined there once; each contract
defines only what it alone uses and incorporates the rest; the offering memorandum's 释义 repeats the
Standard Terms word for word; lint says where a term may be defined."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from docgen.assembly import inline
from docgen.assembly.assemble import assemble_pack, pack_documents
from docgen.assembly.lint import lint_library
from docgen.model import load_deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from docgen.tree import Bi, ListBlock, Para, TermUse
from tests.assembly.conftest import lib_copy  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "deals").glob("*.yaml"))
ST, OM = "standard-terms", "offering-memorandum"


def _paras(node, lang: str):
    """The paragraphs of one language of a document tree."""
    if isinstance(node, Para):
        yield node
    elif isinstance(node, Bi):
        yield from _paras(getattr(node, lang), lang)
    elif isinstance(node, ListBlock):
        for item in node.items:
            yield from _paras(item, lang)
    elif isinstance(node, (tuple, list)):
        for x in node:
            yield from _paras(x, lang)
    elif hasattr(node, "__dataclass_fields__"):
        for f in node.__dataclass_fields__:
            yield from _paras(getattr(node, f), lang)


def definitions(doc, lang: str) -> dict[str, str]:
    """term id -> the printed entry ("“计划管理人”：指…"), for every entry of the document's definitions lists."""
    out = {}
    for p in _paras(doc.blocks, lang):
        defining = [r for r in p.runs if isinstance(r, TermUse) and r.defining]
        if defining:
            assert defining[0].term not in out, f"{doc.meta.document} defines {defining[0].term} twice"
            out[defining[0].term] = inline.plain(p.runs)
    return out


@pytest.fixture(scope="module")
def packs():
    out = {}
    for path in DEALS:
        deal = load_deal(path)
        out[path.stem] = (deal, assemble_pack(deal, project(deal), ROOT))
    return out


def test_standard_terms_come_first_in_every_pack(packs):
    assert pack_documents(ROOT)[0] == ST
    for name, (_, docs) in packs.items():
        assert list(docs)[0] == ST, name


@pytest.mark.parametrize("name", [p.stem for p in DEALS])
def test_no_term_is_defined_in_two_documents_and_every_used_term_is_defined(packs, name):
    deal, docs = packs[name]
    for lang in ("zh", "en"):
        defined = {d: definitions(doc, lang) for d, doc in docs.items()}
        # the offering memorandum repeats definitions (checked below); no other document shares one
        counts = Counter(t for d, terms in defined.items() if d != OM for t in terms)
        assert [t for t, n in counts.items() if n > 1] == [], name
        for d, doc in docs.items():
            used = {r.term for p in _paras(doc.blocks, lang) for r in p.runs if isinstance(r, TermUse)}
            undefined = used - set(defined[ST]) - set(defined[d])
            assert not undefined, (name, d, lang, sorted(undefined))
        # a contract's own list holds only terms the Standard Terms do not define
        for d in docs:
            if d not in (ST, OM):
                assert not set(defined[d]) & set(defined[ST]), (name, d)


@pytest.mark.parametrize("name", [p.stem for p in DEALS])
def test_memorandum_definitions_are_the_standard_terms_word_for_word(packs, name):
    _, docs = packs[name]
    for lang in ("zh", "en"):
        st, om = definitions(docs[ST], lang), definitions(docs[OM], lang)
        shared = set(st) & set(om)
        assert len(shared) > 30, (name, sorted(om))  # the 释义 is not empty by accident
        assert {t: om[t] for t in shared} == {t: st[t] for t in shared}, name


def test_contracts_incorporate_the_standard_terms(packs):
    deal, docs = packs["heating-sweep-guaranteed"]
    zh = {d: text_of(doc.blocks, "zh") for d, doc in docs.items()}
    en = {d: text_of(doc.blocks, "en") for d, doc in docs.items()}
    assert "本协议未定义的术语，以《标准条款》的定义为准" in zh["asset-purchase-agreement"]
    assert "Terms not defined in this Agreement have the meanings given in the Standard Terms" in en["asset-purchase-agreement"]
    assert "本承诺函未定义的术语，以《标准条款》的定义为准" in zh["shortfall-undertaking"]
    assert "本合同未定义的术语具有《标准条款》赋予的含义" in zh["pledge-contract"]
    # the pledge contract's own provisions prevail, as the pledge contract itself says
    assert "《供热收费权质押合同》关于主债权、质物、质权的设立和实现以及出质人义务的约定，以《供热收费权质押合同》为准" in zh[ST]
    # the APA defines only its own instruments; the shared terms are gone from it
    apa = definitions(docs["asset-purchase-agreement"], "zh")
    assert set(apa) == {"eligibility_criteria", "ineligible_asset", "price_account", "delivery_confirmation", "perfection_notice"}
    assert "附件三" in apa["delivery_confirmation"]


def test_standard_terms_carry_accounts_waterfall_and_events_from_the_deal(packs):
    deal, docs = packs["heating-sweep-guaranteed"]
    zh = text_of(docs[ST].blocks, "zh")
    for a in deal.accounts:
        assert a.number in zh
    for tr in deal.triggers:
        assert tr.condition.zh in zh
    assert "“交易日”：指交易场所的正常交易日" in zh
    # an SSE deal counts business days on the exchange's calendar unless `dates.business_days` says bank
    assert deal.plan.exchange == "SSE" and deal.business_days == "exchange"
    assert "“工作日”：指上海证券交易所的正常交易日" in zh
    # the one shortfall formula: unpaid put monies are added once, never netted (tests/review/test_check_shortfall.py)
    assert ("“差额资金”：指就任一兑付日而言，下列两项之和：（一）该兑付日的应付金额超过相应计算日可分配资金的差额（如有）；"
            "（二）该兑付日应支付而原始权益人未按时足额支付的回售资金，该项不以可分配资金抵减，亦不计入应付金额。") in zh
    # the three orders of payment are the memorandum's words (the memorandum describes the Standard Terms)
    om = text_of(docs[OM].blocks, "zh")
    for start in ("未发生加速清偿事件或违约事件时", "发生加速清偿事件后，专项计划依次支付", "发生违约事件后，专项计划资产"):
        i = zh.index(start)
        para = zh[i:zh.index("\n", i)]
        assert para in om, start


def test_no_pledge_no_pledge_carve_out(packs):
    deal, docs = packs["heating-sweep-letter-nopledge"]
    assert not deal.has_pledge
    zh = text_of(docs[ST].blocks, "zh")
    assert "质押合同" not in zh and "“质物”" not in zh


# ---------------------------------------------------------------- lint on the mini library
def edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(root: Path) -> list[str]:
    return [p.format("lint") for p in lint_library(root)]


TERMS = "clauses/terms/core.yaml"


def test_lint_a_term_defined_in_one_document_that_another_uses(lib_copy):  # noqa: F811
    edit(lib_copy, TERMS, "- id: plan_manager\n  zh: 计划管理人\n", "- id: plan_manager\n  zh: 计划管理人\n  defined_in: offering-memorandum\n")
    found = messages(lib_copy)
    assert any("term('plan_manager') is defined in 'offering-memorandum' only (defined_in), but asset-purchase-agreement uses it" in m
               for m in found), found


def test_lint_defined_in_an_unknown_document(lib_copy):  # noqa: F811
    edit(lib_copy, TERMS, "- id: plan_manager\n  zh: 计划管理人\n", "- id: plan_manager\n  zh: 计划管理人\n  defined_in: nowhere\n")
    assert any("term:plan_manager: defined_in: no document 'nowhere'" in m for m in messages(lib_copy))


def test_lint_a_definition_that_reads_doc(lib_copy):  # noqa: F811
    edit(lib_copy, TERMS, "    zh: 指{{ t(party('originator').name) }}。", "    zh: 指{{ t(party('originator').name) }}{{ doc }}。")
    assert any("term:originator: a definition must read the same in every document" in m for m in messages(lib_copy))


def test_real_library_is_clean():
    assert messages(ROOT) == []
