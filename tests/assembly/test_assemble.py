"""Assembly on the mini fixture library: selection, numbering, cross-references, definitions, output."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.assembly.assemble import assemble, assemble_pack
from docgen.hashing import library_hash
from docgen.model.deal import Guarantee
from docgen.model.types import BiText
from docgen.tree import Bi, Clause, Cover, ListBlock, Para, Section, SignatureBlock, TermUse, Toc, XRef

from tests.assembly.conftest import MINI


def with_guarantor(deal):
    ce = deal.credit_enhancement.model_copy(update={"guarantee": Guarantee(guarantor="beichen", scope=BiText(zh="全部", en="all"))})
    return deal.model_copy(update={"credit_enhancement": ce})


def without_pledge(deal):
    ce = deal.credit_enhancement.model_copy(update={"pledge": None})
    return deal.model_copy(update={"credit_enhancement": ce})


def articles(doc):
    return [b for b in doc.blocks if isinstance(b, Clause)]


def by_id(doc, cid):
    def walk(blocks):
        for b in blocks:
            if getattr(b, "id", None) == cid:
                return b
            hit = walk(getattr(b, "children", ()))
            if hit:
                return hit
    return walk(doc.blocks)


def xrefs(block, lang):
    out = []
    for b in block.body[lang]:
        if isinstance(b, Para):
            out += [r for r in b.runs if isinstance(r, XRef)]
    return out


def test_contract_numbering_and_refs(deal, proj):
    doc = assemble(deal, proj, "asset-purchase-agreement", root=MINI)
    arts = articles(doc)
    assert [a.id for a in arts] == ["fx.definitions", "fx.purpose", "fx.sale", "fx.payment", "fx.misc", "common.law"]
    assert [a.number for a in arts][:3] == [Bi("第一条", "Article 1"), Bi("第二条", "Article 2"), Bi("第三条", "Article 3")]
    sale = by_id(doc, "fx.sale")
    assert [c.number for c in sale.children] == ["3.1", "3.2"]  # fx.sale.cap dropped (full sweep)
    # items by the drafting convention of each language: （一）/（二） beside (a)/(b)
    assert [c.number for c in sale.children[0].children] == [Bi("（一）", "(a)"), Bi("（二）", "(b)")]
    assert [c.level for c in sale.children[0].children] == [3, 3]
    assert [c.number for c in by_id(doc, "fx.payment").children] == ["4.1", "4.2"]  # restarts under each article
    purpose = xrefs(by_id(doc, "fx.purpose"), "zh")
    assert purpose == [XRef("fx.payment.timing", "第4.1条")]
    assert xrefs(by_id(doc, "fx.purpose"), "en") == [XRef("fx.payment.timing", "Clause 4.1")]
    timing = by_id(doc, "fx.payment.timing")
    assert [x.text for x in xrefs(timing, "zh")] == ["第3.2条", "附件二"]
    assert [x.text for x in xrefs(timing, "en")] == ["Clause 3.2", "Annex 2"]
    account = by_id(doc, "fx.payment.account")
    assert [x.text for x in xrefs(account, "zh")] == ["第3.1条第（二）项", "第三条"]
    assert [x.text for x in xrefs(account, "en")] == ["Clause 3.1(b)", "Article 3"]


def test_condition_drops_clause_and_renumbers_everything_after(deal, proj):
    doc = assemble(with_guarantor(deal), proj, "asset-purchase-agreement", root=MINI)
    arts = articles(doc)
    assert [a.id for a in arts][:4] == ["fx.definitions", "fx.purpose", "fx.guarantee", "fx.sale"]
    assert by_id(doc, "fx.sale").number == Bi("第四条", "Article 4")
    assert by_id(doc, "fx.payment.timing").number == "5.1"
    # the (b) item about the guarantee now exists: the named item moves from (b) to (c)
    assert [c.number.en for c in by_id(doc, "fx.sale.object").children] == ["(a)", "(b)", "(c)"]
    assert [c.number.zh for c in by_id(doc, "fx.sale.object").children] == ["（一）", "（二）", "（三）"]
    assert xrefs(by_id(doc, "fx.purpose"), "zh") == [XRef("fx.payment.timing", "第5.1条")]
    assert [x.text for x in xrefs(by_id(doc, "fx.payment.account"), "en")] == ["Clause 4.1(c)", "Article 4"]
    # annexes are numbered separately and follow as well
    annexes = [b for b in doc.blocks if isinstance(b, Section) and b.kind == "annex"]
    assert [(a.id, a.number) for a in annexes] == [
        ("fx.annex-scope", Bi("附件一", "Annex 1")), ("fx.annex-guarantee", Bi("附件二", "Annex 2")),
        ("fx.annex-forecast", Bi("附件三", "Annex 3"))]
    assert [x.text for x in xrefs(by_id(doc, "fx.payment.timing"), "zh")] == ["第4.2条", "附件三"]


def test_annex_and_front_structure(deal, proj):
    doc = assemble(deal, proj, "asset-purchase-agreement", root=MINI)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds[:4] == ["Cover", "Section", "Section", "Toc"]
    parties, recitals = doc.blocks[1], doc.blocks[2]
    assert (parties.kind, recitals.kind) == ("front", "recitals")
    assert parties.number is None and not parties.in_toc
    assert parties.body.zh[0].style == "address"
    # the recital under `when: deal.has_guarantor` is dropped from the list
    assert len(recitals.body.zh[0].items) == 2 and isinstance(recitals.body.zh[0], ListBlock)
    scope = by_id(doc, "fx.annex-scope")
    assert scope.page_break_before and scope.in_toc
    classes = scope.children[0]
    # under an annex paragraph "1." the Chinese items are （1）, which ranks below it
    assert classes.number == "1." and [c.number for c in classes.children] == [Bi("（1）", "(a)"), Bi("（2）", "(b)")]
    assert [c.body.en[0].text for c in classes.children] == ["Residential customers", "Non-residential customers"]
    sig = next(b for b in doc.blocks if isinstance(b, SignatureBlock))
    assert [s.name.zh for s in sig.signatories] == ["北辰热力集团有限公司", "华泰证券资产管理有限公司"]
    assert sig.note == Bi("（以下无正文，为签署页）", "(No further text below; signature page follows.)")
    assert sig.date_label == Bi("签署日期：2028年4月10日", "Date: 10 April 2028")
    cover = doc.blocks[0]
    assert isinstance(cover, Cover) and cover.title == Bi("资产买卖协议", "Asset Purchase Agreement")
    assert cover.lines[0].zh.startswith("华泰证券－北辰热力")


def test_inline_markup_tables_and_figures(deal, proj):
    misc = by_id(assemble(deal, proj, "asset-purchase-agreement", root=MINI), "fx.misc")
    zh = misc.body.zh[0]
    assert zh.style == "note"
    assert [(r.text, r.bold, r.italic) for r in zh.runs] == [
        ("本协议", False, False), ("中文文本", True, False), ("为准，", False, False), ("另有约定", False, True), ("除外。", False, False)]
    kinds = [type(b).__name__ for b in misc.body.en]
    assert kinds == ["Para", "ListBlock", "Table", "Figure", "PageBreak", "Para"]
    assert misc.body.zh[2] is misc.body.en[2]  # one bilingual table shared by both languages
    assert misc.body.en[1].ordered is False
    assert misc.body.zh[1].items[0][0].text == "正本六份；"
    assert misc.body.en[5].text == "A1, A2, Sub"


def test_memorandum_numbering(deal, proj):
    doc = assemble(deal, proj, "offering-memorandum", root=MINI)
    chapters = articles(doc)
    assert [(c.id, c.number) for c in chapters] == [
        ("om.parties", Bi("第一章", "Chapter 1")), ("om.structure", Bi("第二章", "Chapter 2")),
        ("om.pool", Bi("第三章", "Chapter 3")), ("common.law", Bi("第四章", "Chapter 4"))]
    assert all(c.page_break_before for c in chapters)
    parties = chapters[0]
    assert [(c.id, c.number) for c in parties.children] == [("om.parties.manager", "1.1"), ("om.parties.pledgor", "1.2")]
    assert parties.children[0].children[0].number == Bi("（一）", "(a)")
    assert parties.children[0].in_toc
    refs = xrefs(chapters[1], "zh")
    assert [x.text for x in refs] == ["第1.1节第（一）项", "第1.2节", "第三章"]
    assert [x.text for x in xrefs(chapters[1], "en")] == ["Section 1.1(a)", "Section 1.2", "Chapter 3"]
    pool = chapters[2]
    assert [(c.number, c.title) for c in pool.children] == [
        ("3.1", Bi("居民用户", "Residential customers")), ("3.2", Bi("非居民用户", "Non-residential customers"))]
    assert [p.text for p in pool.children[0].body.zh] == [
        "2025-2026采暖季收费率95.20%。", "2026-2027采暖季收费率95.00%。", "2027-2028采暖季收费率95.50%。"]
    assert pool.body.zh[0].text == "历史收费率如下（《资产买卖协议》）："
    assert pool.body.en[0].text == "Historical collection rates (the Asset Purchase Agreement):"
    front = doc.blocks[1]
    assert isinstance(front, Section) and front.kind == "chapter-like" and front.in_toc
    assert isinstance(doc.blocks[2], Toc)
    assert doc.blocks[0].subtitle.zh.startswith("华泰证券")


def test_definitions_contain_exactly_the_terms_whose_when_holds(deal, proj):
    def defined(d):
        block = by_id(assemble(d, proj, "asset-purchase-agreement", root=MINI), "fx.definitions")
        out = []
        for p in block.body.zh[1:]:
            uses = [r for r in p.runs if isinstance(r, TermUse) and r.defining]
            assert len(uses) == 1
            out.append(uses[0].term)
        assert len(block.body.en) == len(block.body.zh)
        return out

    base = ["plan_manager", "originator", "plan", "underlying_assets"]
    assert defined(deal) == base + ["pledgor"]
    assert defined(with_guarantor(deal)) == base + ["guarantor", "pledgor"]
    assert defined(without_pledge(deal)) == base
    block = by_id(assemble(deal, proj, "asset-purchase-agreement", root=MINI), "fx.definitions")
    assert block.body.zh[1].text == "“计划管理人”：指华泰证券资产管理有限公司，或根据《标准条款》任命的继任计划管理人。"
    assert block.body.en[1].text.startswith('"Plan Manager" means Huatai Securities Asset Management Co., Ltd., or any')
    assert block.body.en[2].text == '"Originator" means Beichen Heating Group Co., Ltd.'  # no doubled full stop


def test_term_use_in_text(deal, proj):
    purpose = by_id(assemble(deal, proj, "asset-purchase-agreement", root=MINI), "fx.purpose")
    runs = purpose.body.en[0].runs
    assert TermUse("originator", "Originator") in runs and TermUse("plan_manager", "Plan Manager") in runs
    assert purpose.body.zh[0].runs[0] == TermUse("originator", "原始权益人")


def test_same_inputs_give_equal_trees(deal, proj):
    a = assemble(deal, proj, "asset-purchase-agreement", root=MINI, inputs_hash="abc", version="1")
    b = assemble(deal, proj, "asset-purchase-agreement", root=MINI, inputs_hash="abc", version="1")
    assert a == b and a is not b
    assert repr(a) == repr(b)


def test_meta(deal, proj):
    doc = assemble(deal, proj, "asset-purchase-agreement", root=MINI, inputs_hash="h", version="v", draft=True)
    m = doc.meta
    assert (m.deal_id, m.document, m.layout, m.date, m.inputs_hash, m.version, m.draft) == (
        "worked-example-1", "asset-purchase-agreement", "bilingual", "2028-03-20", "h", "v", True)
    assert m.title == "资产买卖协议 Asset Purchase Agreement"
    assert m.title_bi == Bi("资产买卖协议", "Asset Purchase Agreement")
    assert m.running_header_bi == Bi("北辰示例一 资产买卖协议", "Beichen Example 1 – Asset Purchase Agreement")
    assert doc.blocks[0].draft is True
    other = assemble(deal, proj, "asset-purchase-agreement", root=MINI, date=dt.date(2028, 5, 1))
    assert other.meta.date == "2028-05-01"


def test_pack(deal, proj):
    pack = assemble_pack(deal, proj, MINI)
    assert list(pack) == ["asset-purchase-agreement", "pledge-contract", "offering-memorandum"]
    assert "pledge-contract" not in assemble_pack(without_pledge(deal), proj, MINI)
    pledge = pack["pledge-contract"]
    assert not any(isinstance(b, Cover) for b in pledge.blocks)
    assert pledge.blocks[-1].signatories[0].name.en == "Beichen Heating Group Co., Ltd."
    only = assemble_pack(deal, proj, MINI, documents=["offering-memorandum"])
    assert list(only) == ["offering-memorandum"]
    # a named document that does not apply to the deal is left out, as the render pipeline expects
    assert list(assemble_pack(without_pledge(deal), proj, MINI, documents=["pledge-contract"])) == []


def test_library_hash_changes_with_any_file(lib_copy):
    h1 = library_hash(lib_copy)
    assert h1 == library_hash(lib_copy) and len(h1) == 64
    p = lib_copy / "clauses" / "common" / "law.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert library_hash(lib_copy) != h1
    h2 = library_hash(lib_copy)
    (lib_copy / "templates" / "style").mkdir()
    (lib_copy / "templates" / "style" / "a.css").write_text("p {}", encoding="utf-8")
    assert library_hash(lib_copy) != h2


def test_meta_extra_and_real_projection(deal):
    run = pytest.importorskip("docgen.projection.run")
    proj = run.project(deal)
    doc = assemble(deal, proj, "offering-memorandum", root=MINI, lang="zh-Hans")
    assert doc.meta.lang == "zh-Hans"
    assert doc == assemble(deal, proj, "offering-memorandum", root=MINI, lang="zh-Hans")


FURNITURE = """\
labels:
  furniture:
    contents: {zh: 目次, en: Table of Contents}
    seal: {zh: （公章）, en: (Company Seal)}
    signer: {zh: 签字：, en: "Signed:"}
    date: {zh: 日期：, en: "Dated:"}
    footer: {zh: "{page}/{pages}", en: "p. {page} of {pages}"}
    draft: {zh: 征求意见稿, en: FOR COMMENT}
"""


def test_page_furniture_comes_from_the_library(deal, proj, lib_copy):
    from docgen.tree import PageField

    own = assemble(deal, proj, "asset-purchase-agreement", root=MINI)  # no furniture of its own: docgen's
    assert next(b for b in own.blocks if isinstance(b, Toc)).title == Bi("目录", "Contents")
    assert own.meta.footer.en == ("Page ", PageField("PAGE"), " of ", PageField("NUMPAGES"))

    (lib_copy / "clauses" / "common").mkdir(parents=True, exist_ok=True)
    (lib_copy / "clauses" / "common" / "page-furniture.yaml").write_text(FURNITURE, "utf-8")
    doc = assemble(deal, proj, "asset-purchase-agreement", root=lib_copy, draft=True)
    assert next(b for b in doc.blocks if isinstance(b, Toc)).title == Bi("目次", "Table of Contents")
    sig = next(b for b in doc.blocks if isinstance(b, SignatureBlock))
    assert sig.seal_label == Bi("（公章）", "(Company Seal)")
    assert [g.signer_label for g in sig.signatories] == [  # the clause's own signer line, else the library's
        Bi("法定代表人或授权代表（签字）", "Legal representative or authorised signatory"), Bi("签字：", "Signed:")]
    assert sig.date_label == Bi("签署日期：2028年4月10日", "Date: 10 April 2028")  # the clause's own date line wins
    assert doc.meta.footer == Bi((PageField("PAGE"), "/", PageField("NUMPAGES")),
                                 ("p. ", PageField("PAGE"), " of ", PageField("NUMPAGES")))
    assert doc.meta.draft_label == Bi("征求意见稿", "FOR COMMENT")
