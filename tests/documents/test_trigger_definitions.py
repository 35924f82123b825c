"""The definitions of 权利完善事件 / 加速清偿事件 / 违约事件 list the standard events and the deal's own
triggers once each: a deal trigger that restates a standard event (`replaces`) takes its place."""

from __future__ import annotations

from pathlib import Path

from docgen.assembly.assemble import assemble
from docgen.model.deal import Deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from tests.projection.conftest import deal_data

ROOT = Path(__file__).resolve().parents[2]


def definition(data: dict, lang: str, start: str, end: str) -> str:
    deal = Deal.model_validate(data)
    text = text_of(assemble(deal, project(deal), "standard-terms", root=ROOT).blocks, lang)
    i = text.index(start)
    return text[i:text.index(end, i)]


def test_a_restated_standard_event_appears_once_in_the_deals_words():
    data = deal_data("heating-sweep-guaranteed")
    zh = definition(data, "zh", "“权利完善事件”", "以及《标准条款》约定的其他权利完善事件")
    assert zh.count("划转至专项计划账户") == 1 and "且未在3个工作日内纠正" in zh
    assert zh.count("丧失") == 1 and "（6）" in zh and "（7）" not in zh
    en = definition(data, "en", "\"Perfection Event\" means", "and any other perfection event")
    assert en.count("Plan Account") == 1 and "(1) the Originator or the Servicer is dissolved" in en
    assert "; (4) the long-term credit rating of the Originator" in en  # the deal's wording, lower-cased mid-list
    eod = definition(data, "zh", "“违约事件”", "以及《标准条款》约定的其他违约事件")
    assert "未偿本金" not in eod and eod.count("足额支付") == 1


def test_without_replaces_the_standard_wording_stays():
    data = deal_data("heating-sweep-guaranteed")
    for t in data["triggers"]:
        t.pop("replaces", None)
    zh = definition(data, "zh", "“权利完善事件”", "以及《标准条款》约定的其他权利完善事件")
    assert "且未在5个工作日内纠正" in zh and "（8）" in zh  # five standard events, then the deal's three
