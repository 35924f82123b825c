"""The memorandum says how interest is paid when it is paid less often than there are payment dates,
and its tranche table and cash-flow table agree with that (annual interest on half-yearly dates)."""

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
