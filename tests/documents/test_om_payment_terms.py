"""What the memorandum says about payment terms the projection models: interest paid less often than
there are payment dates (annual interest on half-yearly dates), and the put and call assumptions."""

from __future__ import annotations

from pathlib import Path

from docgen.assembly.assemble import assemble
from docgen.model.deal import Deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from tests.projection.conftest import deal_data

ROOT = Path(__file__).resolve().parents[2]
ZH = "付息频率低于兑付频率的，各兑付期间计提的预期收益累计至该档证券的下一个付息日"
EN = "the return accrued in each payment period is paid on its next interest payment date"


def om_text(deal: Deal) -> tuple[str, str]:
    doc = assemble(deal, project(deal), "offering-memorandum", root=ROOT)
    return text_of(doc.blocks, "zh"), text_of(doc.blocks, "en")


def test_interest_every_second_payment_date_is_explained_and_tabled():
    data = deal_data("heating-semiannual")
    for t in data["tranches"]:
        if t["coupon"]["type"] != "none":
            t["interest_frequency"] = "annual"
    zh, en = om_text(Deal.model_validate(data))
    assert ZH in zh and EN in en
    assert "按年付息" in zh and "按半年付息" not in zh


def test_no_such_sentence_when_interest_is_paid_on_every_payment_date():
    zh, en = om_text(Deal.model_validate(deal_data("heating-semiannual")))
    assert ZH not in zh and EN not in en
    assert "按半年付息" in zh


def test_put_and_call_assumptions_are_stated_with_the_modelled_put_share():
    data = deal_data("heating-sweep-guaranteed")
    data["put_exercise_pct"] = 25
    with_call = [t for t in data["tranches"] if t.get("put_dates")][0]
    with_call["call_dates"] = list(with_call["put_dates"])
    zh, en = om_text(Deal.model_validate(data))
    assert "测算假设资产支持证券持有人于每个回售日就相关档次证券届时未偿本金的25.00%行使回售权；" in zh
    assert "测算假设原始权益人不行使赎回权。" in zh
    assert "holders put 25.00% of the then outstanding principal" in en
    assert "it assumes that the Originator does not exercise its right of redemption." in en


def test_no_put_or_call_no_assumption_sentence():
    data = deal_data("heating-sweep-guaranteed")
    for t in data["tranches"]:
        t.pop("put_dates", None), t.pop("reset_dates", None), t.pop("call_dates", None)
    zh, en = om_text(Deal.model_validate(data))
    assert "行使回售权" not in zh and "赎回权" not in zh
    assert "put date" not in en
