"""`credit_enhancement.sub_income`: the subordinated tranche takes all the residual cash each period
(`residual`), or (`capped`) at most its expected yield, the excess retained in the plan until its principal
is repaid — in a tight deal the capped option repays the subordinated principal the residual one leaves unpaid."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from docgen.model import DealError, load_deal
from docgen.projection.run import project
from tests.model.test_rules import G, base, dump
from tests.projection.conftest import conserved

YIELD = Decimal(5)


def tight(tmp_path, mode: str) -> dict:
    """The guaranteed sample collecting 75 % of its bills (lowest coverage about 1.13x)."""
    d = base(G)
    for c in d["pool"]["customer_classes"]:
        c["collection_rate"] = Decimal(75)
    if mode == "capped":
        d["credit_enhancement"].update(sub_income="capped", sub_expected_yield=YIELD)
    return d


def run(d, tmp_path):
    deal = load_deal(dump(d, tmp_path / "d.yaml"))
    return deal, project(deal)


def test_residual_income_leaves_the_sub_unpaid_in_a_tight_deal_and_capped_income_repays_it(tmp_path):
    d = tight(tmp_path, "residual")
    sub = d["tranches"][-1]
    _, res = run(d, tmp_path)
    _, cap = run(tight(tmp_path, "capped"), tmp_path)
    assert res.periods[-1].balances[sub["id"]] > 0
    assert cap.periods[-1].balances[sub["id"]] == 0
    assert sum(p.sub_principal for p in cap.periods) == sub["size"]
    # the same cash, shared differently: what the sub gets in all is the same or more under the cap
    for proj in (res, cap):
        assert all(conserved(p) for p in proj.periods)
    assert not any(p.retained for p in res.periods)


def test_capped_income_is_the_expected_yield_on_the_outstanding_principal(tmp_path):
    d = tight(tmp_path, "capped")
    sub = d["tranches"][-1]
    deal, proj = run(d, tmp_path)
    assert deal.dates.day_count == "ACT/365"
    balance = sub["size"]
    for p in proj.periods[:-1]:
        cap = (balance * YIELD / 100 * p.accrual_days / 365).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert p.sub_income <= cap
        if p.retained:  # the excess is kept: the sub got exactly its cap
            assert p.sub_income == cap and p.reserve_end >= p.retained
        balance -= p.principal[sub["id"]]
    retained = [p for p in proj.periods if p.retained]
    assert retained and retained[0].reserve_end + retained[0].inflow > 0
    # what is retained is brought forward: the next date's funds include it
    for a, b in zip(proj.periods, proj.periods[1:]):
        assert b.reserve_bf == a.reserve_end


@pytest.mark.parametrize("change,path,message", [
    (dict(sub_income="capped"), "credit_enhancement.sub_income", "needs credit_enhancement.sub_expected_yield"),
    (dict(sub_expected_yield=Decimal(5)), "credit_enhancement.sub_expected_yield", "applies only with sub_income: capped"),
])
def test_the_cap_needs_a_yield_and_a_yield_needs_the_cap(change, path, message, tmp_path):
    d = base(G)
    d["credit_enhancement"].update(change)
    with pytest.raises(DealError) as e:
        load_deal(dump(d, tmp_path / "d.yaml"), allow_regulatory=True)
    [x] = e.value.diagnostics
    assert (x.rule, x.path, x.kind) == ("sub-income", path, "structural") and message in x.message


def test_the_memorandum_describes_the_chosen_option(tmp_path):
    from docgen import pipeline
    from docgen.resources import library_root

    texts = {}
    for mode in ("residual", "capped"):
        deal, proj = run(tight(tmp_path, mode), tmp_path)
        trees = pipeline.assemble(deal, proj, root=library_root(), documents=["offering-memorandum"], figures=False)
        texts[mode] = repr(trees["offering-memorandum"])
    capped, residual = texts["capped"], texts["residual"]
    assert "up to the amount of their expected yield of 5.00% a year on their principal outstanding" in capped
    assert "以按其当期期初未偿本金和5.00%的年化预期收益率计算的金额为限" in capped
    assert " is capped at an expected yield of 5.00% a year, any excess being retained in the " in capped
    assert "的期间收益以5.00%的年化预期收益率为上限，超出部分留存于" in capped
    assert "carry no expected yield" not in capped
    assert " carry no expected yield and receive the residual return once the " in residual
    assert "expected yield of 5.00%" not in residual
