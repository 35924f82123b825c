"""The partner's markup on the offering memorandum (issue 13): the cover, the investors, the interim manager,
the pledge, the contradictions, the English after a semicolon and an under-covered deal, read off the
assembled memorandum in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.assembly.assemble import assemble
from docgen.model.deal import Deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from docgen.tree import Cover
from tests.projection.conftest import deal_data

ROOT = Path(__file__).resolve().parents[2]
LEGEND_SSE = ("资产支持证券仅代表专项计划权益的相应份额，不属于管理人或者其他任何服务机构的负债。中国证券投资基金业协会对本期专项计划的备案、"
              "上海证券交易所同意本期资产支持证券的挂牌转让，并不代表对本期证券的投资风险、价值或收益作出任何判断或保证。"
              "投资者应当认真阅读有关信息披露文件，进行独立的投资判断，自行承担投资风险。")


def om(data: dict):
    deal = Deal.model_validate(data)
    return deal, assemble(deal, project(deal), "offering-memorandum", root=ROOT)


def texts(doc) -> tuple[str, str]:
    return text_of(doc.blocks, "zh"), text_of(doc.blocks, "en")


@pytest.fixture(scope="module")
def sample():
    deal, doc = om(deal_data("heating-sweep-guaranteed"))
    return (deal, doc) + texts(doc)


def chapter(text: str, zh_title: str, next_title: str) -> str:
    start = text.index(zh_title)
    return text[start:text.index(next_title, start)]


# 1. The cover ---------------------------------------------------------------------------------------------

def test_cover_has_the_title_once_the_legend_verbatim_the_memorandum_date_and_the_seal(sample):
    deal, doc, zh, en = sample
    cover = next(b for b in doc.blocks if isinstance(b, Cover))
    assert cover.title.zh == deal.plan.name.zh + "说明书"
    assert cover.title.en == deal.plan.name.en + " Offering Memorandum"
    assert cover.subtitle is None
    lines_zh = [x.zh for x in cover.lines]
    lines_en = [x.en for x in cover.lines]
    assert LEGEND_SSE in lines_zh
    assert any(x.startswith("The asset-backed securities represent only the corresponding share") for x in lines_en)
    assert not any("计划说明书" == x or deal.plan.name.zh == x for x in lines_zh)  # the title is not repeated
    pm = deal.parties[deal.with_role("plan_manager")[0]]
    assert f"计划管理人：{pm.name.zh}" in lines_zh and "计划管理人（盖章）：" in lines_zh
    assert "Plan Manager (company seal):" in lines_en
    assert any(x.startswith("计划说明书日期：") for x in lines_zh)
    assert any(x.startswith("Date of this Offering Memorandum:") for x in lines_en)
    assert not any("签署日期" in x for x in lines_zh)
    # page 2 no longer paraphrases the legend
    flyleaf = chapter(zh, "声明", "重大事项提示")
    assert "均不表明" not in flyleaf and "见本计划说明书封面的提示" in flyleaf


def test_the_legend_names_the_shenzhen_exchange_for_a_szse_deal():
    _, doc = om(deal_data("scheduled-receivables"))
    cover = next(b for b in doc.blocks if isinstance(b, Cover))
    legend = LEGEND_SSE.replace("上海证券交易所", "深圳证券交易所")
    assert legend in [x.zh for x in cover.lines]
    assert any("consent of the Shenzhen Stock Exchange" in x.en for x in cover.lines)


# 3. Investors ----------------------------------------------------------------------------------------------

def test_investors_are_institutional_professional_investors_without_the_old_200_wording(sample):
    _, _, zh, en = sample
    offering = chapter(zh, "销售安排", "专项计划的设立")
    assert "专业投资者中的机构投资者" in offering
    assert "二百人" not in zh and "合格投资者，合计不超过" not in zh
    assert "offered privately by bookbuilding to professional investors that are institutional investors" in en
    assert "two hundred" not in en and "transferred only among qualified investors" not in en


# 4. Interim manager ----------------------------------------------------------------------------------------

def test_interim_manager_on_removal_or_resignation_matches_the_holders_meeting(sample):
    _, _, zh, en = sample
    replacement = chapter(zh, "计划管理人的解任与更换", "托管人的更换")
    assert "被解任或辞任" in replacement and "担任临时管理人" in replacement
    assert "召集资产支持证券持有人会议选任临时管理人" in replacement
    meeting = chapter(zh, "会议职权", "召集与通知")
    assert "更换计划管理人（包括选任临时管理人）" in meeting
    assert "If the Plan Manager is removed or resigns" in en and "appoint an institution qualified" in en
    assert "(including the appointment of an interim manager)" in en


# 5. Pledge -------------------------------------------------------------------------------------------------

def test_unregistered_pledge_is_not_called_pledged_and_the_charging_right_not_the_assets_is_pledged(sample):
    deal, _, zh, en = sample
    assert deal.credit_enhancement.pledge.registration_no is None
    assert "已质押" not in zh and "已出质" not in zh and "质押已在" not in zh and "质权已办理出质登记" not in zh
    assert "截至本计划说明书日期尚未登记" in zh
    assert "出质的是该收费权本身，而非已转让予专项计划的基础资产" in zh
    assert "has not yet been registered" in en and "has been registered" not in en
    assert "what is pledged is that charging right itself, not the underlying assets sold to the Plan" in en


def test_registered_pledge_prints_its_registration_number():
    data = deal_data("heating-sweep-guaranteed")
    data["credit_enhancement"]["pledge"]["registration_no"] = "04512345000876543210"
    zh, en = texts(om(data)[1])
    assert "质权已在中国人民银行征信中心动产融资统一登记公示系统办理出质登记（登记编号：04512345000876543210）" in zh
    assert "尚未登记" not in zh
    assert "registration No. 04512345000876543210" in en


def test_pledge_enforcement_trigger_route_and_time_limits_follow_the_pledge_contract(sample):
    deal, _, zh, en = sample
    days = deal.legal.notification_days
    section = chapter(zh, "发生下列任一情形的，质权人有权实现质权", "不得约定质物归其所有")
    assert f"书面通知后{days}个工作日内纠正" in section
    # the events are the pledge contract's: a default trigger is the Event of Default item, not listed again
    for tr in deal.triggers:
        if "enforce_pledge" in tr.consequences and tr.category != "default":
            assert tr.condition.zh in section
            assert tr.condition.en in en
        elif tr.category == "default":
            assert tr.condition.zh not in section
    assert "拍卖、变卖质物" in section and "申请实现担保物权" in section
    assert "第四百二十八条" in section
    assert f"{deal.credit_enhancement.pledge.registration_days}日内办理出质登记" in zh
    assert f"does not cure it within {days} Business Days after written notice from the Pledgee" in en


# 7. Contradictions -----------------------------------------------------------------------------------------

def test_perfection_notice_is_mandatory_not_replaceable_by_a_daily_sweep(sample):
    _, _, zh, en = sample
    assert "缩短为每日归集" not in zh and "shorten the sweep to daily" not in en
    assert "该通知不得以缩短归集周期等其他安排替代" in zh
    assert "no other arrangement, such as a shorter sweep interval, may replace that notice" in en


def test_eligibility_carve_out_only_for_listed_encumbrances():
    data = deal_data("heating-sweep-guaranteed")
    data["pool"]["encumbrances"] = []
    zh, en = texts(om(data)[1])
    assert "已披露并将于设立时解除的除外" not in zh and "权利负担除外" not in zh
    assert "save the encumbrances listed" not in en
    data["pool"]["encumbrances"] = [{"zh": "供热收费权已质押予某银行", "en": "the heating charging right is pledged to a bank"}]
    zh, en = texts(om(data)[1])
    assert re.search(r"（第6\.\d+节所列并将于交割日前解除的权利负担除外）", zh)
    assert re.search(r"save the encumbrances listed in Section 6\.\d+, which will be released before the Delivery Date", en)


def test_tax_assumption_and_tax_text_follow_taxes_rate():
    data = deal_data("heating-sweep-guaranteed")
    data["taxes_rate"] = 0
    zh, en = texts(om(data)[1])
    assert "按现金流入的0.00%计算" not in zh and "0.00% of inflow" not in en
    assert "测算未计提专项计划承担的增值税等税费" in zh and "现金流预测未计提该等税费" in zh
    assert "The forecast makes no provision for value-added tax" in en
    data["taxes_rate"] = 3
    zh, en = texts(om(data)[1])
    assert "专项计划承担的税费按现金流入的3.00%计算" in zh and "现金流预测按现金流入的3.00%计提" in zh
    assert "测算未计提" not in zh and "Taxes borne by the Plan are taken at 3.00% of inflow" in en


def test_subordinated_tranche_transfer_is_forbidden_once_without_a_holders_meeting_waiver(sample):
    _, _, zh, en = sample
    retention = chapter(zh, "原始权益人风险自留", "风险揭示与防范措施")
    assert "经资产支持证券持有人会议同意外" not in retention
    assert "在资产支持证券存续期内不得转让其持有的次级资产支持证券" in retention
    assert "持有人会议的决议不得豁免该等限制" in retention
    assert "在优先级资产支持证券清偿完毕前不得转让" not in zh
    assert "approved by the Holders' Meeting" not in en and "may waive these restrictions" in en


def test_put_terms_shared_by_several_classes_are_printed_once(sample):
    deal, _, zh, en = sample
    with_put = [t for t in deal.tranches if t.put_dates]
    assert len(with_put) > 1 and len({tuple(t.put_dates) for t in with_put}) == 1
    assert zh.count("将其持有的该档证券全部或部分按面值加应计预期收益回售") == 1
    assert "、".join(t.name.zh for t in with_put) + "：" in zh
    assert en.count("may put all or part of their units") == 1


# Every document: English after a semicolon, under-coverage --------------------------------------------------

def test_english_goes_on_in_lower_case_after_a_semicolon_in_chapter_two(sample):
    _, _, _, en = sample
    ch2 = en[en.index("Chapter 2"):en.index("Chapter 3")]
    assert not re.findall(r"; (?:The|Securityholders) ", ch2)
    assert "; the expected maturity of the" in ch2


def under_covered() -> dict:
    data = deal_data("heating-sweep-guaranteed")
    data["taxes_rate"] = 20
    for t in data["tranches"]:
        if t["coupon"]["type"] == "fixed":
            t["coupon"]["rate"] = "15"
    return data


def test_under_covered_deal_says_so_plainly():
    deal, doc = om(under_covered())
    proj = project(deal)
    assert min(p.coverage_total for p in proj.periods) < 1 and proj.break_even.already_below
    zh, en = texts(doc)
    key = chapter(zh, "现金流覆盖。", "压力情景下的差额。")
    assert "最低覆盖倍数低于1.00倍" in key and "不存在超额覆盖" in key and "差额须由差额支付承诺人补足" in key
    assert "超额覆盖的保护作用相对有限" not in key and "整体下降" not in key
    assert "there is no overcoverage in period" in en and "must make up the shortfall" in en
    assert "comparatively limited protection" not in en
    assert "安全边际" not in zh and "margin of safety" not in en
    assert "−" not in zh and "−" not in en and "decline of -" not in en
    assert "现金流入整体下降（等同面积或价格下降）\x1f基准情形下已低于1.00倍\x1f" in zh  # a label, not "0.00%"
    assert "Uniform fall in inflow (= area or tariff cut)\x1falready below 1.00x in the base case\x1f" in en


def test_covered_deal_keeps_its_break_even_figure(sample):
    _, _, zh, en = sample
    assert "基准情形下已低于1.00倍" not in zh and "不存在超额覆盖" not in zh
    assert re.search(r"现金流入整体下降\d+\.\d\d%将使最低覆盖倍数降至1\.00倍", zh)
    assert "margin of safety" in en
