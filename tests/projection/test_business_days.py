"""`dates.business_days`: the sample deals on SSE trading days and on bank working days pay on different days
when a payment date is a weekend made a working day (调休), and the printed 工作日 definition follows the field."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.assembly.assemble import assemble
from docgen.model.loader import load_deal
from docgen.model.rules import run_rules
from docgen.projection.run import project
from docgen.review.treediff import text_of
from tests.projection.conftest import DEALS, ROOT, build, deal_data

d = dt.date


@pytest.fixture(scope="module")
def twins():
    return {k: load_deal(DEALS / f"heating-{k}-days.yaml") for k in ("exchange", "bank")}


def test_the_two_sample_deals_differ_only_in_their_business_days(twins):
    ex, bank = twins["exchange"], twins["bank"]
    assert (ex.dates.business_days, bank.dates.business_days) == ("exchange", "bank")
    assert ex.dates.payment_dates == bank.dates.payment_dates
    assert ex.dates.business_day_convention == bank.dates.business_day_convention == "following"


def test_their_payment_schedules_differ_on_the_make_up_sunday(twins):
    sse, bank = (project(twins[k]).periods for k in ("exchange", "bank"))
    # 2020-04-26 was a Sunday worked before Labour Day 2020: a bank working day, not a trading day
    assert sse[0].unadjusted_date == bank[0].unadjusted_date == d(2020, 4, 26)
    assert bank[0].payment_date == d(2020, 4, 26)
    assert sse[0].payment_date == d(2020, 4, 27)  # the next Monday
    # the later dates are weekdays: the same on both calendars
    assert [p.payment_date for p in sse[1:]] == [p.payment_date for p in bank[1:]] == [d(2021, 4, 26), d(2022, 4, 26)]
    # the dates counted back from 2021-04-26 cross Sunday 2021-04-25, worked on bank days only
    assert sse[1].calculation_date == d(2021, 4, 12) and bank[1].calculation_date == d(2021, 4, 13)
    assert not any(p.calendar_estimated for p in sse + bank)


def _texts(deal, doc: str) -> tuple[str, str]:
    tree = assemble(deal, project(deal), doc, root=ROOT)
    return text_of(tree.blocks, "zh"), text_of(tree.blocks, "en")


def _definition(text: str, head: str) -> str:
    """The definitions-list entry that starts with `head` (one paragraph)."""
    return next(line for line in text.splitlines() if line.startswith(head))


def test_the_printed_definition_follows_the_field(twins):
    # business days are defined once, in the Standard Terms
    zh, en = _texts(twins["exchange"], "standard-terms")
    assert _definition(zh, "“工作日”").startswith("“工作日”：指上海证券交易所的正常交易日；星期六、星期日不属于工作日")
    assert "means a day on which the Shanghai Stock Exchange is open for trading; a Saturday or Sunday is not" in en
    assert "调休上班的星期六、星期日属于工作日" not in zh
    zh, en = _texts(twins["bank"], "standard-terms")
    bank_day = _definition(zh, "“工作日”")
    assert "指中国的法定工作日" in bank_day and "调休上班的星期六、星期日属于工作日" in bank_day
    assert "means a statutory working day in the PRC" in en and "made a working day" in en
    assert "正常交易日" not in bank_day
