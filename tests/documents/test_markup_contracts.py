"""The partner's markup of the three contracts (asset purchase agreement, pledge contract, shortfall undertaking),
checked on the assembled text of the sample deals in both languages: what a reviewing partner would look for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.assembly.assemble import assemble_pack
from docgen.model import load_deal
from docgen.model.deal import Deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from docgen.tree import Bi, Clause, Cover, Section, SignatureBlock

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "deals").glob("*.yaml"))
APA, PLEDGE, SU = "asset-purchase-agreement", "pledge-contract", "shortfall-undertaking"
CONTRACTS = [APA, PLEDGE, SU]
SAMPLE = "heating-sweep-guaranteed"


def _assemble(deal: Deal) -> dict:
    return assemble_pack(deal, project(deal), ROOT, documents=CONTRACTS)


@pytest.fixture(scope="module")
def packs():
    return {p.stem: (d := load_deal(p), _assemble(d)) for p in DEALS}


def _vary(deal: Deal, **updates) -> Deal:
    """The deal with fields replaced, validated again; `updates` maps a dotted path to its new value."""
    data = deal.model_dump(by_alias=True, exclude_unset=True)
    for path, value in updates.items():
        *head, last = path.split(".")
        node = data
        for k in head:
            node = node[int(k)] if isinstance(node, list) else node[k]
        node[last] = value
    return Deal.model_validate(data)


def _nodes(x):
    if isinstance(x, Bi):
        yield from _nodes(x.zh)
        yield from _nodes(x.en)
    elif isinstance(x, (tuple, list)):
        for i in x:
            yield from _nodes(i)
    elif hasattr(x, "__dataclass_fields__"):
        yield x
        for f in x.__dataclass_fields__:
            yield from _nodes(getattr(x, f))


def clause(doc, cid: str, lang: str) -> str:
    """The text of one clause (title, body and sub-clauses) in one language; '' when the document lacks it."""
    for n in _nodes(doc.blocks):
        if isinstance(n, (Clause, Section)) and n.id == cid:
            return "\n".join(t for t in (text_of(n.title, lang), text_of(n.body, lang),
                                         *(clause_of(c, lang) for c in n.children)) if t)
    return ""


def clause_of(n, lang: str) -> str:
    return "\n".join(t for t in (text_of(n.title, lang), text_of(n.body, lang),
                                 *(clause_of(c, lang) for c in n.children)) if t)


def cover(doc, lang: str) -> list[str]:
    c = next(n for n in doc.blocks if isinstance(n, Cover))
    return [text_of(line, lang) for line in c.lines]


def whole(doc, lang: str) -> str:
    return "\n".join(clause_of(n, lang) if isinstance(n, (Clause, Section)) else text_of(n, lang) for n in doc.blocks)


# ------------------------------------------------------------------------------------------------ every contract
def test_each_contract_carries_its_number_on_the_cover_and_none_without_it(packs):
    deal, docs = packs[SAMPLE]
    nums = deal.legal.contract_numbers
    for doc_id, num, zh, en in ((APA, nums.asset_purchase_agreement, "协议编号", "Agreement No."),
                                (PLEDGE, nums.pledge_contract, "合同编号", "Contract No."),
                                (SU, nums.shortfall_undertaking, "编号", "No.")):
        assert num
        assert f"{zh}：{num}" in cover(docs[doc_id], "zh"), doc_id
        assert f"{en}: {num}" in cover(docs[doc_id], "en"), doc_id
    bare = _assemble(_vary(deal, **{"legal.contract_numbers": {}}))
    for doc_id in CONTRACTS:
        assert not any("编号" in line for line in cover(bare[doc_id], "zh")), doc_id
        assert not any("No." in line for line in cover(bare[doc_id], "en")), doc_id


@pytest.mark.parametrize("name", [p.stem for p in DEALS])
def test_english_goes_on_in_lower_case_after_a_semicolon_and_deal_text_reads_inside_the_sentence(packs, name):
    _, docs = packs[name]
    for doc_id, doc in docs.items():
        en = whole(doc, "en")
        assert not re.findall(r"; (?:The|It|This|That|Such|Any|All|Each|If|In|A|An|No|Its) ", en), (name, doc_id)
        assert not re.findall(r"\b(?:for|of|to|by) All\b", en), (name, doc_id)


# ------------------------------------------------------------------------------------------------ APA
def test_apa_recourse_is_limited_to_indemnity_or_repurchase_of_affected_assets(packs):
    _, docs = packs[SAMPLE]
    zh, en = clause(docs[APA], "apa.breach.repurchase", "zh"), clause(docs[APA], "apa.breach.repurchase", "en")
    assert "受影响资产" in zh and "赔偿" in zh and "公允" in zh
    assert "Affected Assets" in en and "indemnify" in en and "fair" in en
    # no whole-pool buy-back at senior principal plus yield anywhere in the agreement
    assert "回购全部基础资产" not in whole(docs[APA], "zh")
    assert "相当于届时全部未偿优先级资产支持证券本金" not in whole(docs[APA], "zh")
    assert "不承担按照优先级资产支持证券的未偿本金和预期收益向专项计划付款的义务" in zh
    assert "has no obligation to repurchase any of the Underlying Assets" in en


def test_put_securities_are_bought_by_the_originator_and_may_be_resold_not_cancelled(packs):
    _, docs = packs[SAMPLE]
    zh, en = clause(docs[APA], "apa.put-redemption.put", "zh"), clause(docs[APA], "apa.put-redemption.put", "en")
    assert "优先收购" in zh and "不予注销" in zh and "转售" in zh and "办理注销" not in zh
    assert "priority purchaser" in en and "are not cancelled" in en and "resell" in en


def test_apa_has_an_ineligible_asset_mechanism_for_a_charging_right_pool(packs):
    deal, docs = packs[SAMPLE]
    assert deal.plan.asset_type == "fee_revenue_right"
    zh, en = clause(docs[APA], "apa.ineligible-assets", "zh"), clause(docs[APA], "apa.ineligible-assets", "en")
    n = deal.legal.notification_days
    assert "合格标准" in zh and "服务报告" in zh                     # the test and who finds out
    assert f"发现之日起{n}个工作日内书面通知" in zh                   # notice
    assert f"通知送达之日起{n * 2}个工作日内" in zh and "回购价款等于以下各项之和" in zh  # deadline and price
    assert f"within {n} Business Days after the discovery" in en and "The repurchase price is the sum of" in en
    assert "替换" not in zh                                          # no substitution of a charging right
    # a receivables pool may substitute
    _, rec = packs["scheduled-receivables"]
    assert "替换" in clause(rec[APA], "apa.ineligible-assets", "zh")


def test_the_manager_registers_the_transfer_within_the_deal_s_business_days(packs):
    deal, docs = packs[SAMPLE]
    n = deal.legal.transfer_registration_days
    zh, en = clause(docs[APA], "apa.delivery.registration", "zh"), clause(docs[APA], "apa.delivery.registration", "en")
    assert f"买方应于专项计划设立日起{n}个工作日内，在统一登记系统" in zh
    assert f"Within {n} Business Days after the Establishment Date, the Purchaser shall register" in en
    other = _assemble(_vary(deal, **{"legal.transfer_registration_days": n + 3}))
    assert f"设立日起{n + 3}个工作日内" in clause(other[APA], "apa.delivery.registration", "zh")


def test_selected_trigger_kinds_are_triggers_with_their_wording(packs):
    deal, docs = packs[SAMPLE]
    kinded = [tr for tr in deal.triggers if tr.kind != "custom"]
    assert {tr.kind for tr in kinded} == {"safety_environmental_accident", "administrative_penalty", "change_of_control"}
    zh = clause(docs[APA], "apa.seller-covenants.trigger-events", "zh")
    en = clause(docs[APA], "apa.seller-covenants.trigger-events", "en")
    for tr in kinded:
        assert tr.condition.zh in zh
        assert tr.condition.en[1:] in en
    accident = next(tr for tr in kinded if tr.kind == "safety_environmental_accident")
    assert f"{accident.condition.zh}的，构成加速清偿事件" in zh
    assert "《生产安全事故报告和调查处理条例》" in zh and "《中华人民共和国公司法》第二百六十五条" in zh
    assert "It is an Acceleration Event if a major work-safety accident" in en
    # a deal that selects none has no such clause
    _, plain = packs["heating-semiannual"]
    assert clause(plain[APA], "apa.seller-covenants.trigger-events", "zh") == ""


def test_no_encumbrance_of_the_heating_assets_and_major_events_in_two_trading_days(packs):
    _, docs = packs[SAMPLE]
    zh, en = clause(docs[APA], "apa.seller-covenants.project-assets", "zh"), clause(docs[APA], "apa.seller-covenants.project-assets", "en")
    assert "不得在其用于供热的热源、供热管网及换热站" in zh and "新设抵押、质押或其他权利负担" in zh
    assert "shall not create any new mortgage, pledge or other encumbrance over the heat sources, heating network" in en
    assert "知悉之日起2个交易日内书面通知买方" in clause(docs[APA], "apa.seller-covenants.events", "zh")
    assert "within 2 Trading Days after becoming aware" in clause(docs[APA], "apa.seller-covenants.events", "en")


def test_apa_cites_the_securities_law_with_its_revision_and_calls_itself_this_agreement(packs):
    _, docs = packs[SAMPLE]
    zh, en = whole(docs[APA], "zh"), whole(docs[APA], "en")
    assert zh.count("《中华人民共和国证券法》（2019年修订）") == 2 and "《中华人民共和国证券法》《" not in zh
    assert en.count("Securities Law of the People's Republic of China (revised in 2019)") == 2
    assert "《资产买卖协议》" not in clause(docs[APA], "apa.definitions", "zh")


def test_the_seller_s_price_account_cannot_be_confused_with_the_collection_account(packs):
    _, docs = packs[SAMPLE]
    zh, en = whole(docs[APA], "zh"), whole(docs[APA], "en")
    assert "卖方收款账户" not in zh and "Seller Account" not in en
    assert "“价款收取账户”：指" in zh and "价款收取账户不是收款账户" in zh
    assert "划付至价款收取账户" in clause(docs[APA], "apa.purchase-price.payment", "zh")
    assert "may not be the same account as, the Collection Account" in en


def test_government_funding_warranty_follows_the_customer_classes(packs):
    deal, docs = packs[SAMPLE]
    public = [c for c in deal.pool.customer_classes if c.public_sector]
    assert public
    zh, en = clause(docs[APA], "apa.seller-reps.eligibility", "zh"), clause(docs[APA], "apa.seller-reps.eligibility", "en")
    assert f"{public[0].name.zh}的付款义务人为国家机关或事业单位" in zh
    assert "不属于以政府财政资金为直接还款来源的款项" not in zh
    assert f"class of {public[0].name.en.lower()} are government bodies or public institutions" in en
    classes = [c.model_dump(by_alias=True, exclude_unset=True) for c in deal.pool.customer_classes]
    for c in classes:
        c["public_sector"] = False
    none = _assemble(_vary(deal, **{"pool.customer_classes": classes}))
    assert "不属于以政府财政资金为直接还款来源的款项" in clause(none[APA], "apa.seller-reps.eligibility", "zh")
    assert "国家机关或事业单位" not in clause(none[APA], "apa.seller-reps.eligibility", "zh")


# ------------------------------------------------------------------------------------------------ pledge contract
def test_pledge_designates_the_supervised_account_as_its_specific_account(packs):
    deal, docs = packs[SAMPLE]
    acc = next(a for a in deal.accounts if a.purpose in ("collection", "supervised"))
    zh = clause(docs[PLEDGE], "pledge.pledged-property.account", "zh")
    en = clause(docs[PLEDGE], "pledge.pledged-property.account", "en")
    assert f"账号：{acc.number}" in zh and "指定为本合同项下的特定账户" in zh and "要求时" not in zh
    assert "法释〔2020〕28号）第六十一条第四款" in zh
    assert f"account number: {acc.number}" in en and "as the specific account for the purposes of this Contract" in en


def test_secured_claims_are_the_debtors_obligations_not_the_plan_s_payments(packs):
    _, docs = packs[SAMPLE]
    zh = clause(docs[PLEDGE], "pledge.secured-claims", "zh")
    en = clause(docs[PLEDGE], "pledge.secured-claims", "en")
    assert "向资产支持证券持有人分配预期收益和本金的义务不属于主债权" in zh
    assert "各为主合同项下的债务人" in zh and "主债权参考" not in zh and "回购全部基础资产" not in zh
    assert "each a debtor under the Principal Contracts" in en
    assert "does not form part of the Secured Claims" in en


def test_pledge_enforcement_events_are_not_repeated(packs):
    for name, (deal, docs) in packs.items():
        if PLEDGE not in docs:
            continue
        for lang in ("zh", "en"):
            items = [text_of(c.body, lang) for n in _nodes(docs[PLEDGE].blocks)
                     if isinstance(n, Clause) and n.id == "pledge.enforcement.events" for c in n.children]
            assert len(items) == len(set(items)) >= 5, (name, lang)
            defaults = [tr for tr in deal.triggers if tr.category == "default"]
            assert not any(tr.condition[lang] in "\n".join(items) for tr in defaults), (name, lang)


# ------------------------------------------------------------------------------------------------ shortfall undertaking
def test_undertaking_falls_back_on_joint_and_several_suretyship_without_calling_itself_a_guarantee(packs):
    _, docs = packs[SAMPLE]
    zh, en = clause(docs[SU], "su.nature.fallback", "zh"), clause(docs[SU], "su.nature.fallback", "en")
    assert "认定承诺人在本承诺函项下的义务具有保证性质" in zh
    assert "连带责任保证" in zh and "履行期限届满之日起三年" in zh and "第六百八十七条第二款规定的先诉抗辩权" in zh
    assert "joint and several surety" in en and "three years from the due date" in en and "Article 687" in en
    body = whole(docs[SU], "zh")
    assert "本承诺函为保证" not in body and "担保函" not in body


def test_undertaking_is_addressed_to_the_manager_for_the_plan_and_accepted_by_it(packs):
    deal, docs = packs[SAMPLE]
    assert deal.credit_enhancement.undertaking.form == "letter"
    su = docs[SU]
    zh, en = whole(su, "zh"), whole(su, "en")
    assert "的计划管理人，代表专项计划）" in zh and "全体资产支持证券持有人" not in zh
    assert "（代表资产支持证券持有人）" not in zh and "for the Securityholders)" not in en
    assert "acting for and on behalf of the Plan" in en
    sig = next(n for n in _nodes(su.blocks) if isinstance(n, SignatureBlock))
    roles = [text_of(s.role, "zh") for s in sig.signatories]
    assert "接受方：计划管理人（代表专项计划）" in roles
    approval = deal.parties[deal.credit_enhancement.undertaking.undertaker].board_approval
    acc = clause(su, "su.effectiveness.acceptance", "zh")
    assert f"其已审阅承诺人{approval.body.zh}" in acc and f"第{approval.resolution_no}号决议" in acc
    assert f"reviewed resolution No. {approval.resolution_no}" in clause(su, "su.effectiveness.acceptance", "en")


def test_undertaker_has_a_subordinated_claim_not_a_guarantor_s_subrogation(packs):
    _, docs = packs[SAMPLE]
    zh, en = clause(docs[SU], "su.recourse", "zh"), clause(docs[SU], "su.recourse", "en")
    assert "次级返还请求权" in zh and "劣后于优先级资产支持证券" in zh and "追偿权或代位权" not in zh
    assert "subordinated claim for repayment against the Plan" in en and "right of reimbursement or subrogation" not in en
