"""The partner's markup, second pass (issue 13): the encumbrance covenant and its disclosed exceptions, the
undertaker's resolution annexed and reviewed, the resolution basis the representation cites, the investors, the
Pledged Property kept apart from what was sold, and the memorandum's pledge-enforcement events — read off the
assembled documents of the sample deals in both languages."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.assembly.assemble import assemble_pack
from docgen.model import load_deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from docgen.tree import Clause, Section, Table
from tests.documents.test_markup_contracts import _nodes, _vary, clause, whole

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "deals").glob("*.yaml"))
ST, APA, PLEDGE, SU, OM = ("standard-terms", "asset-purchase-agreement", "pledge-contract", "shortfall-undertaking",
                           "offering-memorandum")
SAMPLE = "heating-sweep-guaranteed"


def pack(deal, *docs):
    return assemble_pack(deal, project(deal), ROOT, documents=list(docs))


@pytest.fixture(scope="module")
def sample():
    deal = load_deal(ROOT / "deals" / f"{SAMPLE}.yaml")
    return deal, pack(deal, ST, APA, PLEDGE, SU, OM)


def annex_titles(doc, lang: str) -> list[str]:
    return [text_of(n.title, lang) for n in _nodes(doc.blocks) if isinstance(n, Section) and n.id.startswith("su.annex")]


# ------------------------------------------------------------------ APA 6: the covenant and the disclosed encumbrances
def test_apa_covenant_lists_the_disclosed_encumbrances_as_existing_exceptions(sample):
    deal, docs = sample
    (e,) = deal.disclosures.project.encumbrances
    assert deal.disclosures.project.no_further_encumbrance
    zh = clause(docs[APA], "apa.seller-covenants.project-assets", "zh")
    en = clause(docs[APA], "apa.seller-covenants.project-assets", "en")
    assert "新设抵押、质押或其他权利负担" in zh and "所列既有权利负担）的期限或增加其担保金额" in zh
    assert f"{e.asset.zh}已抵押予{e.secured_creditor.zh}，担保金额32,000.00万元" in zh
    assert f"登记编号{e.registration_no}，登记日期2021年3月15日" in zh and "（以下合称“既有权利负担”）" in zh
    assert "不违反第12.6条" in zh and "2个交易日内书面通知买方" in zh
    assert '(the "Existing Encumbrances")' in en and f"are mortgaged to {e.secured_creditor.en} for RMB 320.00 million" in en
    assert "including the Existing Encumbrances listed in Clause 12.6(a)" in en
    # the memorandum's key risk notice states the same facts and the same undertaking
    risk = clause(docs[OM], "om.key-risks", "zh")
    assert f"{e.asset.zh}已抵押予{e.secured_creditor.zh}，担保金额32,000.00万元" in risk and e.registration_no in risk
    assert "原始权益人已在《资产买卖协议》中承诺，在专项计划存续期间不在上述资产上新设权利负担" in risk
    assert "作为既有权利负担在该协议中列明" in risk
    risk_en = clause(docs[OM], "om.key-risks", "en")
    assert "has undertaken in the Asset Purchase Agreement not to create any further encumbrance" in risk_en


def test_no_encumbrance_is_confirmed_and_no_undertaking_means_no_covenant(sample):
    deal, _ = sample
    none = pack(_vary(deal, **{"disclosures.project.encumbrances": []}), APA)
    zh = clause(none[APA], "apa.seller-covenants.project-assets", "zh")
    assert "卖方确认，截至本协议签署日，上述资产上未设定任何抵押、质押或其他权利负担" in zh
    assert "既有权利负担）" not in zh and "已抵押予" not in zh
    assert "those assets are free of any mortgage" in clause(none[APA], "apa.seller-covenants.project-assets", "en")
    # an originator that has not undertaken it: no covenant in the agreement, and the memorandum says so
    docs = pack(_vary(deal, **{"disclosures.project.no_further_encumbrance": False}), APA, OM)
    assert clause(docs[APA], "apa.seller-covenants.project-assets", "zh") == ""
    assert "原始权益人未承诺在专项计划存续期间不在上述资产上新设权利负担" in clause(docs[OM], "om.key-risks", "zh")
    assert "has not undertaken to refrain from encumbering those assets" in clause(docs[OM], "om.key-risks", "en")


# ------------------------------------------------------------------ SU 3: the resolution annexed, the review recorded
def test_undertaking_annexes_the_resolution_and_records_the_manager_s_review(sample):
    deal, docs = sample
    u = deal.credit_enhancement.undertaking.undertaker
    ba = deal.parties[u].board_approval
    assert deal.disclosures.credit_support[u].resolution_annexed
    su = docs[SU]
    assert annex_titles(su, "zh")[-1] == "承诺人董事会决议（复印件）"
    assert annex_titles(su, "en")[-1] == "Copy of the Resolution of the Undertaker's Board of Directors"
    zh, en = whole(su, "zh"), whole(su, "en")
    assert f"第{ba.resolution_no}号决议，同意出具本承诺函" in zh and "其复印件见附件三" in zh
    assert "a copy is set out in Annex 3" in en
    acc_zh = clause(su, "su.effectiveness.acceptance", "zh")
    acc_en = clause(su, "su.effectiveness.acceptance", "en")
    assert f"第{ba.resolution_no}号决议（复印件见附件三" in acc_zh and "并已对其进行审查" in acc_zh
    assert "《中华人民共和国公司法》（2023年修订）第十五条及承诺人公司章程规定的机构作出" in acc_zh
    assert "has found that it was passed by the body that Article 15 of the Company Law" in acc_en
    annex = clause(su, "su.annex-resolution", "zh")
    assert f"第{ba.resolution_no}号决议的复印件附后，经承诺人加盖公章确认与原件一致" in annex


def test_no_annex_heading_unless_the_data_says_the_resolution_is_annexed(sample):
    deal, _ = sample
    u = deal.credit_enhancement.undertaking.undertaker
    su = pack(_vary(deal, **{f"disclosures.credit_support.{u}.resolution_annexed": False}), SU)[SU]
    assert len(annex_titles(su, "zh")) == 2 and "决议（复印件）" not in "".join(annex_titles(su, "zh"))
    zh, en = whole(su, "zh"), whole(su, "en")
    assert "复印件" not in zh and "a copy is set out" not in en and "Annex 3" not in en
    assert "并已对其进行审查" in clause(su, "su.effectiveness.acceptance", "zh")   # the review is still recorded


# ------------------------------------------------------------------ SU representation: the resolution basis
def test_undertaker_representation_cites_the_law_the_resolution_basis_names(sample):
    deal, docs = sample
    u = deal.credit_enhancement.undertaking.undertaker
    assert deal.disclosures.credit_support[u].resolution_basis == "company_law"
    zh = clause(docs[SU], "su.representations", "zh")
    assert "按照其公司章程及《中华人民共和国公司法》（2023年修订）第十五条取得" in zh and "第八条" not in zh
    assert "articles of association and Article 15 of the Company Law of the PRC (revised 2023)" in \
        clause(docs[SU], "su.representations", "en")
    fg = pack(_vary(deal, **{f"disclosures.credit_support.{u}.resolution_basis": "financing_guarantee"}), SU)[SU]
    zh, en = clause(fg, "su.representations", "zh"), clause(fg, "su.representations", "en")
    assert "第十五条" not in zh and "承诺人为依法设立的融资担保公司" in zh
    assert "《最高人民法院关于适用〈中华人民共和国民法典〉有关担保制度的解释》（法释〔2020〕28号）第八条第一款第（一）项" in zh
    assert "Article 15" not in en and "Article 8(1)(i) of the Interpretation of the Supreme People's Court" in en
    assert "第十五条关于公司为他人提供担保" not in whole(fg, "zh")            # nor the recital
    assert "承诺人为融资担保公司" in whole(fg, "zh")
    # an undertaker the memorandum does not describe: no statute is asserted
    bare = pack(_vary(deal, **{"disclosures.credit_support": {"guarantor": deal.disclosures.credit_support["guarantor"]
                                                                  .model_dump(exclude_unset=True)}}), SU)[SU]
    zh = clause(bare, "su.representations", "zh")
    assert "按照其公司章程及适用的法律法规取得" in zh and "公司法" not in zh


def test_an_undertaking_signed_before_july_2024_cites_article_16_of_the_2018_law():
    deal = load_deal(ROOT / "deals" / "heating-bank-days.yaml")
    assert deal.legal.signing_date.year == 2019
    zh = clause(pack(deal, SU)[SU], "su.representations", "zh")
    assert "《中华人民共和国公司法》（2018年修正）第十六条" in zh and "2023年修订" not in zh


# ------------------------------------------------------------------ OM 3: investors, in every document of every deal
@pytest.mark.parametrize("path", DEALS, ids=[p.stem for p in DEALS])
def test_no_document_speaks_of_qualified_investors(path):
    deal = load_deal(path)
    for doc_id, doc in pack(deal, ST, APA, SU, OM).items():
        zh, en = whole(doc, "zh"), whole(doc, "en")
        assert "合格投资者" not in zh and "二百人" not in zh, doc_id
        assert "qualified investor" not in en.lower() and "institutional professional" not in en, doc_id


def test_securities_and_holders_are_defined_by_professional_institutional_investors(sample):
    _, docs = sample
    for doc_id in (ST, OM):
        zh, en = whole(docs[doc_id], "zh"), whole(docs[doc_id], "en")
        assert "依据《标准条款》向专业投资者中的机构投资者发行的" in zh, doc_id
        assert "取得并持有资产支持证券的专业投资者中的机构投资者" in zh, doc_id
        assert "to professional investors that are institutional investors, each representing" in en, doc_id
        assert '"Securityholders" means the professional investors that are institutional investors' in en, doc_id
    assert "向专业投资者中的机构投资者发行总规模为" in whole(docs[SU], "zh")
    assert "向专业投资者中的机构投资者发行资产支持证券募集资金" in whole(docs[APA], "zh")


# ------------------------------------------------------------------ Pledged Property: disjoint definitions
def _definition(text: str, head: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(head))


def test_pledged_property_is_the_charging_right_not_sold_and_nothing_the_plan_owns(sample):
    _, docs = sample
    st_zh, st_en = whole(docs[ST], "zh"), whole(docs[ST], "en")
    pp = _definition(st_zh, "“质物”")
    assert "中未依据《资产买卖协议》有效转让予专项计划的部分" in pp
    assert "基础资产、回收款以及专项计划账户内的资金均不属于质物" in pp and "全部应收账款" not in pp
    pp_en = _definition(st_en, '"Pledged Property"')
    assert "to the extent not validly transferred to the Plan" in pp_en
    assert "The Underlying Assets, the Collections and the funds in the Plan Account do not form part" in pp_en
    # the memorandum repeats it word for word
    assert pp == _definition(whole(docs[OM], "zh"), "“质物”")
    assert pp_en == _definition(whole(docs[OM], "en"), '"Pledged Property"')
    # the secured claims are the debtors' obligations, not the plan's payments to investors (PC 2)
    sc = _definition(st_zh, "“主债权”")
    assert "对原始权益人及差额支付承诺人享有的全部债权" in sc and "资产支持证券持有人" not in sc
    # the pledge contract's grant, scope and specific account keep to the same line
    grant = clause(docs[PLEDGE], "pledge.pledged-property.pledge", "zh")
    assert "供热收费权中未依据《资产买卖协议》转让予专项计划的部分（即质物" in grant
    assert "to the extent not transferred to the Plan under the Asset Purchase Agreement (the Pledged Property" in \
        clause(docs[PLEDGE], "pledge.pledged-property.pledge", "en")
    scope = clause(docs[PLEDGE], "pledge.pledged-property.scope", "zh")
    assert "收取供热费（采暖费）的权利中未转让予专项计划的部分" in scope
    acc = clause(docs[PLEDGE], "pledge.pledged-property.account", "zh")
    assert "就该特定账户内质物项下的款项优先受偿；该账户内的回收款属于专项计划，不属于质物" in acc
    assert "the Collections in that account belong to the Plan and are not part of the Pledged Property" in \
        clause(docs[PLEDGE], "pledge.pledged-property.account", "en")
    # what the memorandum lists as pledged leaves the sold assets out, and is not called pledged before registration
    enc = clause(docs[OM], "om.assets.encumbrances", "zh")
    assert "基础资产本身不出质" in enc and "质权自在中国人民银行征信中心动产融资统一登记公示系统办理出质登记时设立" in enc
    assert "已设定或将设定" not in enc


# ------------------------------------------------------------------ OM 5: the enforcement events are the contract's
def test_memorandum_pledge_enforcement_events_are_the_pledge_contract_s(sample):
    deal, docs = sample
    events = next(n for n in _nodes(docs[PLEDGE].blocks) if isinstance(n, Clause) and n.id == "pledge.enforcement.events")
    for lang, head, number in (("zh", "有权实现质权：", r"（[一二三四五六七八九十]+）"), ("en", "may enforce the pledge if (1)", r"\((\d+)\) ")):
        om = whole(docs[OM], lang)
        start = om.index(head)
        para = om[start:om.index("\n", start)]
        numbers = re.findall(number, para)
        assert len(numbers) == len(events.children) == len(set(numbers)), (lang, numbers)
        for tr in deal.triggers:
            if tr.category == "default":
                assert tr.condition[lang] not in para      # the Event of Default item covers it, as in the contract
            elif "enforce_pledge" in tr.consequences:
                assert tr.condition[lang] in para


# ------------------------------------------------------------------ OM 8: one title for Fa Shi [2020] No. 28
def test_the_security_interpretation_has_one_english_title_throughout(sample):
    _, docs = sample
    head = "Interpretation of the Supreme People's Court on the Application of "
    title = head + "the Civil Code of the People's Republic of China concerning the Security System"
    found = 0
    for doc_id, doc in docs.items():
        en = whole(doc, "en")
        for m in re.finditer(re.escape(head), en):
            assert en.startswith(title, m.start()), (doc_id, en[m.start():m.start() + 160])
            found += 1
    assert found >= 4


# ------------------------------------------------------------------ OM 6: the originator's costs after the sweep
def _cells(row) -> list[str]:
    return [(c.zh if hasattr(c, "zh") else c).text for c in row]


def test_key_risk_notice_states_cost_coverage_and_its_dependence_on_subordinated_income(sample):
    deal, docs = sample
    assert deal.plan.collection_mode == "full_sweep" and deal.pool.om_costs
    table = next(n for n in _nodes(docs[OM].blocks) if isinstance(n, Table) and n.id == "om.om-coverage")
    rows = [[Decimal(x.replace(",", "")) for x in _cells(r)[1:]] for r in table.rows]
    # columns: collections, swept, retained, subordinated returns, other cash, available, O&M costs, taxes, coverage
    low = min(r[8] for r in rows)
    low_without = min((r[2] + r[4]) / (r[6] + r[7]) for r in rows)
    assert low_without < 1 <= low
    zh, en = clause(docs[OM], "om.key-risks", "zh"), clause(docs[OM], "om.key-risks", "en")
    assert f"运营成本覆盖倍数最低为{low:.2f}倍；不计次级资产支持证券收益，最低为{low_without:.2f}倍，不足以支付运营成本和税费" in zh
    assert "发生加速清偿事件后，次级资产支持证券不再取得期间收益" in zh
    assert f"the lowest yearly coverage of operating costs in the base case is {low:.2f}x" in en
    assert f"leaving out the returns on the Subordinated Securities, it is {low_without:.2f}x" in en
    assert "After an Acceleration Event the Subordinated Securities receive no period income" in en
    # a deal without the cost data says nothing of it
    plain = pack(_vary(deal, **{"pool.om_costs": []}), OM)[OM]
    assert "运营成本覆盖倍数" not in clause(plain, "om.key-risks", "zh")


# ------------------------------------------------------------------ SU 4 / every document: the memorandum agrees
def test_memorandum_describes_the_undertaker_s_subordinated_claim_not_recourse(sample):
    _, docs = sample
    zh, en = whole(docs[OM], "zh"), whole(docs[OM], "en")
    assert "追偿" not in zh and "recourse against the Plan" not in en and "limits on recourse" not in en
    part = clause(docs[OM], "om.parties-rights.undertaker", "zh")
    assert "其支付的款项构成对专项计划的次级返还请求权，劣后于优先级资产支持证券的全部预期收益和本金受偿" in part
    assert "gives it a subordinated claim for repayment against the Plan" in en


@pytest.mark.parametrize("name", ["heating-sweep-guaranteed", "heating-quarterly-guarantor"])
def test_the_guarantee_scope_reads_inside_the_sentence(name):
    deal = load_deal(ROOT / "deals" / f"{name}.yaml")
    assert deal.has_guarantor
    for doc_id, doc in pack(deal, ST, OM).items():
        en = whole(doc, "en")
        assert not re.findall(r"\b(?:for|of|to|by|guarantees) All\b", en), doc_id
        assert "Undertaking Letter" not in en, doc_id
    assert "guarantee for all shortfall payment obligations of the Shortfall Payment Undertaker" in whole(pack(deal, OM)[OM], "en")


# ------------------------------------------------------------------ OM 7 / APA 4: notice and registration agree
def test_memorandum_makes_the_perfection_notice_mandatory_and_registration_no_afterthought(sample):
    deal, docs = sample
    n = deal.legal.notification_days
    zh, en = whole(docs[OM], "zh"), whole(docs[OM], "en")
    assert "必要时办理转让登记" not in zh and "if needed, register the transfer" not in en
    assert "有权要求资产服务机构通知付款义务人" not in zh and "may require the Servicer to instruct" not in en
    for cid in ("om.structure.flows", "om.credit-enhancement.triggers"):
        part_zh, part_en = clause(docs[OM], cid, "zh"), clause(docs[OM], cid, "en")
        assert f"{n}个工作日内，原始权益人应通知付款义务人" in part_zh, cid
        assert "计划管理人有权自行通知" in part_zh, cid
        assert f"Within {n} Business Days" in part_en and "the Plan Manager may give the notice itself" in part_en, cid
    # the agreement says the same
    assert f"权利完善事件发生后{n}个工作日内，卖方应" in whole(docs[APA], "zh")


# ------------------------------------------------------------------ OM 7: retention reads the same in the APA
def test_apa_retention_covenant_allows_no_waiver_as_the_memorandum_says(sample):
    _, docs = sample
    zh, en = clause(docs[APA], "apa.seller-covenants.retention", "zh"), clause(docs[APA], "apa.seller-covenants.retention", "en")
    assert "资产支持证券持有人会议的决议不得豁免该等限制" in zh and "另有决议的除外" not in zh
    assert "no resolution of the Holders' Meeting may waive these restrictions" in en
    assert "资产支持证券持有人会议的决议不得豁免该等限制" in clause(docs[OM], "om.retention", "zh")


def test_memorandum_summary_of_the_apa_names_registration_covenant_and_ineligible_assets(sample):
    deal, docs = sample
    zh, en = clause(docs[OM], "om.documents.apa", "zh"), clause(docs[OM], "om.documents.apa", "en")
    n = deal.legal.transfer_registration_days
    assert f"计划管理人于专项计划设立日起{n}个工作日内在统一登记系统办理转让登记" in zh
    assert "包括不在项目资产上新设权利负担的承诺，既有权利负担作为例外列明" in zh and "不合格基础资产的处置" in zh
    assert en.split("\n")[1].startswith("The Asset Purchase Agreement is made between")   # a sentence starts upper case
    assert f"within {n} Business Days after the establishment of the Plan" in en
    for cid in ("om.documents.undertaking", "om.documents.pledge"):
        body = clause(docs[OM], cid, "en").split("\n")[1]
        assert body[:1].isupper(), (cid, body[:40])
