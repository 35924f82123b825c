"""The depository is derived from the exchange, never free text: `validate` refuses a registrar party named
otherwise (tests/model/test_rules.py, rule `registrar`), and the memorandum's participants table and the
trigger table print from the deal's typed values whatever the party list or a condition says."""

from __future__ import annotations

from docgen.assembly.labels import context_for
from docgen.assembly.registry import TABLES, load_builders
from docgen.model.deal import Deal
from docgen.model.rules import run_rules
from docgen.projection.run import project
from tests.assembly.test_tables import rows_text
from tests.projection.conftest import deal_data

FICTITIOUS = {"zh": "华夏证券登记结算有限责任公司上海分公司", "en": "Huaxia Securities Depository and Clearing Co., Ltd., Shanghai Branch"}


def test_the_participants_table_prints_the_depository_of_the_exchange():
    data = deal_data("heating-sweep-guaranteed")
    data["parties"]["registrar"]["name"] = dict(FICTITIOUS)
    deal = Deal.model_validate(data)
    assert any(rule == "registrar" and severity == "error" for _, severity, rule, _ in run_rules(deal))
    load_builders()
    ctx = context_for(deal, project(deal), "offering-memorandum")
    for lang, real in (("zh", "中国证券登记结算有限责任公司上海分公司"),
                       ("en", "China Securities Depository and Clearing Corporation Limited, Shanghai Branch")):
        cells = [c for row in rows_text(TABLES["om.participants"](ctx), lang) for c in row]
        assert real in cells and FICTITIOUS[lang] not in cells
    # an SZSE plan: the Shenzhen branch
    data["plan"]["exchange"] = "SZSE"
    szse = Deal.model_validate(data)
    ctx = context_for(szse, project(szse), "offering-memorandum")
    assert "中国证券登记结算有限责任公司深圳分公司" in [c for row in rows_text(TABLES["om.participants"](ctx)) for c in row]


def test_the_trigger_table_prints_cure_periods_in_their_unit():
    deal = Deal.model_validate(deal_data("heating-sweep-guaranteed"))
    load_builders()
    ctx = context_for(deal, project(deal), "offering-memorandum")
    zh, en = rows_text(TABLES["om.triggers"](ctx), "zh"), rows_text(TABLES["om.triggers"](ctx), "en")
    cures = {tr.id: tr.cure_days for tr in deal.triggers}
    assert cures["perfection_sweep"] == 3 and cures["acceleration_debt"] == 10
    assert [r[2] for r in zh if r[2] != "无"] == ["3个工作日", "10个工作日"]
    assert [r[2] for r in en if r[2] != "none"] == ["3 Business Days", "10 Business Days"]
