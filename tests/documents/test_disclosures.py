"""No fact without data (issue 12 §2): each disclosure field, with and without it. With it, the sentence
carries the field's value; without it, the sentence is gone or `validate` reports the required disclosure
missing (rule id, field path, the rule it comes from). Trees are assembled, never rendered."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.assembly.assemble import assemble
from docgen.model import Deal, DealError, load_deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from tests.model.test_rules import dump

ROOT = Path(__file__).resolve().parents[2]
G = ROOT / "deals" / "heating-sweep-guaranteed.yaml"
OM, SU = "offering-memorandum", "shortfall-undertaking"


@pytest.fixture(scope="module")
def base() -> Deal:
    return load_deal(G)


def changed(deal: Deal, **disclosures) -> Deal:
    """The deal with `disclosures` fields replaced (validated again, so the change is a real deal)."""
    data = deal.model_dump()
    data["disclosures"].update(disclosures)
    return Deal.model_validate(data)


def text(deal: Deal, doc: str, lang: str) -> str:
    return text_of(assemble(deal, project(deal), doc, root=ROOT).blocks, lang)


def errors_for(data: dict, tmp_path: Path) -> list:
    """The regulatory errors `validate` reports for the deal written as a file."""
    f = dump(data, tmp_path / "deal.yaml")
    with pytest.raises(DealError) as e:
        load_deal(f)
    return [d for d in e.value.diagnostics if d.severity == "error"]


def raw(deal: Deal) -> dict:
    return copy.deepcopy(deal.model_dump(mode="json", exclude_none=True))


# ----------------------------------------------------------------------------- with the data: printed
def test_each_providers_financials_note_names_its_provider_so_no_note_prints_twice(base):
    zh, en = text(base, OM, "zh"), text(base, OM, "en")
    support = base.disclosures.credit_support
    providers = [base.parties[pid].name for pid, facts in support.items() if facts.financials]
    assert len(providers) == 2  # the undertaker and the guarantor: the sample prints two financials tables
    for name in providers:
        assert f"{name.zh}的资产总额、净资产为各年末数" in zh
        assert f"Total assets and net assets of {name.en} are at each year end" in en


def test_the_credit_support_chapter_prints_the_providers_facts(base):
    zh, en = text(base, OM, "zh"), text(base, OM, "en")
    group = base.disclosures.credit_support["ruitai_group"]
    # the resolution and the law it satisfies: Company Law art. 15 for the group, 担保解释 art. 8 for the guarantee company
    assert "第RTJT-2027-019号决议" in zh and "依照《中华人民共和国公司法》（2023年修订）第十五条" in zh
    assert "第八条第一款第（一）项" in zh and "Article 8(1)(i)" in en
    assert "A copy of the resolution is annexed to the Shortfall Payment Undertaking" in en
    # the SOE approval, the rating
    assert group.soe_approval.number in zh and "为国有控股企业" in zh
    assert "Yanshan Ruitai Energy Group Co., Ltd. is rated AA+ with a stable outlook" in en
    # financials as a table: the 2026 total assets of 18,640,000,000 yuan printed in 万元
    assert "燕山瑞泰能源集团有限公司主要财务数据（单位：万元）" in zh
    assert "1,864,000.00" in zh and "经营活动产生的现金流量净额" in zh
    # guarantees given, with the share of the last year's net assets (1,250 / 6,820)
    assert "对外担保余额为125,000.00万元，其中为关联方提供的担保余额为98,000.00万元，占其最近一个会计年度末净资产的18.33%" in zh
    # the old unsupported sentence is gone
    assert "足以支持其履行差额支付义务" not in zh


def test_without_provider_facts_the_sentences_go_and_validate_reports_them(base, tmp_path):
    d = changed(base, credit_support={})
    zh = text(d, OM, "zh")
    assert "主要财务数据" not in zh and "对外担保余额" not in zh and "国资复" not in zh
    assert "第十五条关于公司为他人提供担保" not in zh  # the law is never asserted without the data
    data = raw(base)
    del data["disclosures"]["credit_support"]
    errs = errors_for(data, tmp_path)
    found = {(e.rule, e.path) for e in errs}
    assert ("disclosure-credit-support", "disclosures.credit_support.ruitai_group") in found
    assert ("disclosure-credit-support", "disclosures.credit_support.guarantor") in found
    assert all("SSE guideline No. 1, 3.6" in e.message for e in errs if e.rule == "disclosure-credit-support")
    assert all(e.kind == "regulatory" for e in errs)


def test_a_state_controlled_provider_needs_its_soe_approval(base, tmp_path):
    data = raw(base)
    del data["disclosures"]["credit_support"]["ruitai_group"]["soe_approval"]
    [e] = [e for e in errors_for(data, tmp_path) if e.rule == "disclosure-credit-support"]
    assert e.path == "disclosures.credit_support.ruitai_group.soe_approval" and "state-controlled" in e.message
    cs = dict(base.disclosures.credit_support)
    cs["ruitai_group"] = cs["ruitai_group"].model_copy(update={"soe_approval": None})
    d = changed(base, credit_support=cs)
    assert "国有控股企业" not in text(d, OM, "zh") and "国有控股企业" not in text(d, SU, "zh")


def test_the_undertaking_recites_the_resolution_the_law_and_the_soe_approval(base):
    zh, en = text(base, SU, "zh"), text(base, SU, "en")
    assert "该决议系依照《中华人民共和国公司法》（2023年修订）第十五条关于公司为他人提供担保的决议程序作出，其复印件见附件三" in zh
    assert "approved its giving of this Undertaking on 20 June 2027 by the Approval of the Shortfall Payment Undertaking" in en


def test_a_deal_signed_before_july_2024_cites_article_16_of_the_2018_company_law():
    d = load_deal(ROOT / "deals" / "heating-bank-days.yaml")
    assert d.legal.signing_date.year == 2019
    zh = text(d, OM, "zh")
    assert "（2018年修正）第十六条" in zh and "（2023年修订）第十五条关于公司为他人提供担保" not in zh


def test_project_approvals_concession_and_encumbrances(base, tmp_path):
    zh, en = text(base, OM, "zh"), text(base, OM, "en")
    pj = base.disclosures.project
    for a in pj.approvals:
        assert a.number in zh
    assert "环境影响评价批复" in zh and "竣工验收" in zh
    assert f"(No. {pj.concession.number}) with Tangshan Municipal People's Government" in en
    assert "At the end of the term, the concessionaire may apply for an extension" in en
    # the key risk notice's encumbrance point: the mortgage with its creditor and amount
    assert "项目资产权利负担。" in zh and "已抵押予冀东农村商业银行股份有限公司，担保金额32,000.00万元" in zh
    assert "原始权益人已在《资产买卖协议》中承诺，在专项计划存续期间不在上述热源及供热管网上新设抵押" in zh
    # no security: the memorandum says so, and the key risk point goes
    d = changed(base, project=pj.model_copy(update={"encumbrances": []}))
    zh2 = text(d, OM, "zh")
    assert "项目资产权利负担。" not in zh2 and "上述热源及供热管网上未设定抵押、质押或其他担保物权" in zh2
    # unknown: neither statement, and validate asks for it
    d = changed(base, project=pj.model_copy(update={"encumbrances": None, "approvals": [], "concession": None}))
    zh3 = text(d, OM, "zh")
    assert "未设定抵押" not in zh3 and "已抵押予" not in zh3 and pj.concession.number not in zh3
    data = raw(base)
    del data["disclosures"]["project"]
    found = {(e.rule, e.path) for e in errors_for(data, tmp_path)}
    assert {("disclosure-project", "disclosures.project.approvals"), ("disclosure-project", "disclosures.project.concession"),
            ("disclosure-encumbrances", "disclosures.project.encumbrances"),
            ("disclosure-encumbrances", "disclosures.project.no_further_encumbrance")} <= found


def test_obligor_mix_and_the_local_government_debt_statement(base, tmp_path):
    zh, en = text(base, OM, "zh"), text(base, OM, "en")
    assert "公共机构付款义务人支付的款项占比为6.90%" in zh
    assert "In the opinion of Beijing Hengzheng Law Firm, the underlying assets are the heating fee revenue right" in en
    d = changed(base, obligors=None)
    zh2 = text(d, OM, "zh")
    assert "公共机构付款义务人支付的款项占比" not in zh2 and "地方政府债务（含隐性债务）" not in zh2
    data = raw(base)
    del data["disclosures"]["obligors"]["local_government_debt"]
    [e] = [e for e in errors_for(data, tmp_path) if e.rule == "disclosure-obligors"]
    assert e.path == "disclosures.obligors.local_government_debt" and "whose opinion" in e.message


def test_due_diligence_conclusions_are_attributed(base, tmp_path):
    zh, en = text(base, OM, "zh"), text(base, OM, "en")
    assert "瀚海证券资产管理有限公司在其《尽职调查报告》（2027年8月9日）中认为：原始权益人依法设立并有效存续" in zh
    assert "In the Legal Opinion dated 12 August 2027, Beijing Hengzheng Law Firm concludes that" in en
    d = changed(base, due_diligence=[])
    zh2 = text(d, OM, "zh")
    assert "中认为：" not in zh2 and "经核查，基础资产权属清晰" not in zh2
    data = raw(base)
    data["disclosures"]["due_diligence"] = []
    msgs = [e.message for e in errors_for(data, tmp_path) if e.rule == "disclosure-due-diligence"]
    assert sorted(m.split("attributed to ")[1].split(" ")[0] for m in msgs) == ["'lawfirm'", "'manager'"]


def test_independence_only_for_the_intermediaries_that_confirmed_it(base, tmp_path):
    en = text(base, OM, "en")
    assert "Beijing Hengzheng Law Firm" in en.split("have each confirmed")[0].rsplit("\n", 1)[-1]
    d = changed(base, independence=["manager"])
    en2 = text(d, OM, "en")
    assert "Hanhai Securities Asset Management Co., Ltd. has confirmed that it has no direct or indirect shareholding" in en2
    data = raw(base)
    data["disclosures"]["independence"] = []
    found = {e.message.split("'")[1] for e in errors_for(data, tmp_path) if e.rule == "disclosure-independence"}
    assert found == {"manager", "bank"}


def test_operational_facts_only_from_data(base):
    zh = text(base, OM, "zh")
    ops = base.disclosures.operations
    assert ops.fuel_supply.zh in zh and ops.emissions.zh in zh and ops.collection_policy.zh in zh
    # the mitigant follows the APA's servicing covenant: no cut-off of heat supply
    assert "对欠费用户采取停止供热以外的合理催收措施" in zh and "停供管理制度" not in zh
    d = changed(base, operations={})
    zh2 = text(d, OM, "zh")
    for gone in (ops.fuel_supply.zh, ops.emissions.zh, ops.collection_policy.zh, "长期供应合同", "已符合现行排放标准"):
        assert gone not in zh2


def test_financials_may_show_a_loss(base):
    cs = dict(base.disclosures.credit_support)
    years = list(cs["guarantor"].financials)
    years[-1] = years[-1].model_copy(update={"net_profit": Decimal("-12345678.00")})
    cs["guarantor"] = cs["guarantor"].model_copy(update={"financials": years})
    zh = text(changed(base, credit_support=cs), OM, "zh")
    assert "-1,234.57" in zh
