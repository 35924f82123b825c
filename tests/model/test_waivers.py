"""Structural and regulatory rules, and `waivers:`: a regulatory error does not stop the analysis, only
drafting, and only until the deal records a waiver; structural errors stop everything."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.model import DealError, load_deal
from docgen.model.rules import REGULATORY, RULES
from tests.model.test_rules import G, base, dump

RETENTION = {"zh": "本项目于2018年备案，适用当时的风险自留规则。", "en": "Filed in 2018 under the retention rule then in force."}


def low_retention(d: dict) -> dict:
    """The sample with the originator's subordinated tranche cut to 3 % of the plan."""
    d["tranches"][5]["size"] = Decimal("197000000.00")
    d["tranches"][6]["size"] = Decimal("30000000.00")
    return d


def test_the_regulatory_rules_are_the_regulators_requirements():
    assert REGULATORY == {"retention", "sweep", "full-sweep", "term", "licence", "history", "concentration",
                          "stress-scenarios", "disclosure-project", "disclosure-encumbrances", "disclosure-credit-support",
                          "disclosure-obligors", "disclosure-due-diligence", "disclosure-independence"}
    assert REGULATORY < set(RULES)


def test_a_regulatory_error_stops_drafting_but_not_the_analysis(tmp_path):
    f = dump(low_retention(base(G)), tmp_path / "d.yaml")
    with pytest.raises(DealError) as e:
        load_deal(f)
    [d] = e.value.diagnostics
    assert (d.rule, d.kind, d.path) == ("retention", "regulatory", "tranches[6].size")
    assert "render needs a waiver" in d.format()
    deal, found = load_deal(f, with_warnings=True, allow_regulatory=True)
    assert deal.tranches[6].size == Decimal("30000000.00")
    assert [(x.rule, x.severity) for x in found] == [("retention", "error")]


def test_a_structural_error_stops_the_analysis_too(tmp_path):
    d = low_retention(base(G))
    d["plan"]["total_size"] = Decimal("1000000001.00")
    with pytest.raises(DealError) as e:
        load_deal(dump(d, tmp_path / "d.yaml"), allow_regulatory=True)
    assert {(x.rule, x.kind) for x in e.value.diagnostics} == {("tranche-sum", "structural"), ("retention", "regulatory")}


@pytest.mark.parametrize("reason", [RETENTION, "Filed in 2018 under the retention rule then in force."])
def test_a_waiver_turns_the_error_into_a_warning_that_gives_the_reason(reason, tmp_path):
    d = low_retention(base(G))
    d["waivers"] = [{"rule": "retention", "reason": reason}]
    deal, found = load_deal(dump(d, tmp_path / "d.yaml"), with_warnings=True)
    [w] = found
    assert (w.rule, w.severity, w.kind) == ("retention", "warning", "waived")
    assert w.message.endswith("waived: Filed in 2018 under the retention rule then in force.")
    assert deal.waivers[0].reason.en == "Filed in 2018 under the retention rule then in force."
    assert deal.waivers[0].reason.zh == (reason["zh"] if isinstance(reason, dict) else reason)


@pytest.mark.parametrize("rule,message", [
    ("retension", "'retension' is not a validation rule; the regulatory rules a deal may waive are: concentration, "),
    ("tranche-sum", "'tranche-sum' is a structural rule"),
])
def test_a_waiver_of_an_unknown_or_structural_rule_is_a_structural_error(rule, message, tmp_path):
    d = base(G)
    d["waivers"] = [{"rule": rule, "reason": "x"}]
    f = dump(d, tmp_path / "d.yaml")
    with pytest.raises(DealError) as e:
        load_deal(f, allow_regulatory=True)
    [x] = e.value.diagnostics
    assert (x.rule, x.path, x.kind) == ("waivers", "waivers[0].rule", "structural") and message in x.message
    line = f.read_text(encoding="utf-8").splitlines()[x.line - 1]
    assert line[x.column - 1:].startswith("rule:")


def test_a_waiver_of_a_rule_that_does_not_fire_is_a_warning(tmp_path):
    d = base(G)
    d["waivers"] = [{"rule": "term", "reason": RETENTION}]
    _, found = load_deal(dump(d, tmp_path / "d.yaml"), with_warnings=True)
    assert [(x.rule, x.severity, x.path) for x in found] == [("waivers", "warning", "waivers[0].rule")]
    assert "rule 'term' reports no error for this deal" in found[0].message


def test_a_rule_waived_twice_is_an_error(tmp_path):
    d = low_retention(base(G))
    d["waivers"] = [{"rule": "retention", "reason": "a"}, {"rule": "retention", "reason": "b"}]
    with pytest.raises(DealError) as e:
        load_deal(dump(d, tmp_path / "d.yaml"), allow_regulatory=True)
    assert [(x.rule, x.path) for x in e.value.diagnostics if x.severity == "error"] == [("waivers", "waivers[1].rule")]
