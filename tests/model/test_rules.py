"""Every cross-field rule (docgen/model/rules/) on a passing and a failing deal.

Each failing deal is a sample deal loaded as data, changed in one place, written to tmp_path and read back
with `load_deal`, so that the finding is checked as a user sees it: rule, severity, field path, line.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from docgen.model import DealError, load_deal
from docgen.model.loader import read_yaml
from docgen.model.rules import RULES

DEALS = Path(__file__).resolve().parents[2] / "deals"
G = "heating-sweep-guaranteed.yaml"
CAP = "heating-receivable-cap.yaml"
HYDRO = "hydro-power-sales.yaml"
SCHED = "scheduled-receivables.yaml"
NOPLEDGE = "heating-sweep-letter-nopledge.yaml"
SEMI = "heating-semiannual.yaml"
D = dt.date.fromisoformat

_BASE: dict[str, dict] = {}


def base(name: str) -> dict:
    if name not in _BASE:
        _BASE[name] = read_yaml(DEALS / name)[0]
    return copy.deepcopy(_BASE[name])


def dump(data: dict, path: Path) -> Path:
    y = YAML(typ="safe", pure=True)
    y.default_flow_style = False
    y.representer.add_representer(Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", format(d, "f")))
    with path.open("w", encoding="utf-8") as f:
        y.dump(data, f)
    return path


def findings(data: dict, tmp_path: Path):
    """(raised, diagnostics) for the deal as a file."""
    f = dump(data, tmp_path / "deal.yaml")
    try:
        _, warnings = load_deal(f, with_warnings=True)
        return False, warnings
    except DealError as e:
        return True, e.diagnostics


def line_of(path: Path, text: str, nth: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, x in enumerate(lines) if x.lstrip().startswith(text)]
    return hits[nth - 1]


# ----------------------------------------------------------------------------- the mutations
def m(fn):
    return fn


def tranche(d, i):
    return d["tranches"][i]


CASES = [
    # rule, base deal, mutation, expected path, severity, message substring
    ("tranche-sum", G, lambda d: d["plan"].update(total_size=Decimal("1000000001.00")), "plan.total_size", "error", "add up to 1,000,000,000.00"),
    ("tranche-ids", G, lambda d: tranche(d, 1).update(id="A1"), "tranches[1].id", "error", "used twice"),
    ("tranche-ids", G, lambda d: tranche(d, 6)["coupon"].update(type="fixed", rate=Decimal(5)), "tranches[6].coupon.type", "error", "has no coupon"),
    ("tranche-ids", G, lambda d: tranche(d, 2).update(exchange_code="135801"), "tranches[2].exchange_code", "error", "also the code of tranche A1"),
    ("maturity-order", G, lambda d: tranche(d, 2).update(expected_maturity=D("2028-04-26")), "tranches[2].expected_maturity", "error",
     "in order of expected maturity"),
    ("maturity-order", G, lambda d: d["dates"].update(legal_maturity=D("2033-01-31")), "tranches[5].expected_maturity", "error", "after the legal maturity"),
    ("maturity-order", G, lambda d: tranche(d, 6).update(expected_maturity=D("2032-04-26")), "tranches[6].expected_maturity", "error",
     "cannot mature before the last senior"),
    ("payment-dates", G, lambda d: d["dates"]["payment_dates"].insert(0, D("2027-08-01")), "dates.payment_dates[0]", "error", "not after establishment"),
    ("payment-dates", G, lambda d: d["dates"].update(cutoff=D("2027-09-30")), "dates.cutoff", "error", "after establishment"),
    ("payment-dates", G, lambda d: tranche(d, 3).update(put_dates=[D("2030-05-06")]), "tranches[3].put_dates[0]", "error", "must be a payment date"),
    ("amortisation", SCHED, lambda d: tranche(d, 1)["amortisation"]["schedule"][1].update(amount=Decimal("40000000.00")),
     "tranches[1].amortisation.schedule", "error", "adds up to 90,000,000.00"),
    ("amortisation", G, lambda d: tranche(d, 0).update(amortisation={"type": "bullet", "schedule": [{"date": D("2028-04-26"), "amount": Decimal(1)}]}),
     "tranches[0].amortisation.schedule", "error", "takes no principal schedule"),
    ("party-references", G, lambda d: d["credit_enhancement"]["undertaking"].update(undertaker="nobody"),
     "credit_enhancement.undertaking.undertaker", "error", "party 'nobody' is not defined"),
    ("party-references", G, lambda d: d["credit_enhancement"]["pledge"].update(pledgor="bank"), "credit_enhancement.pledge.pledgor", "error",
     "does not have the role 'pledgor'"),
    ("party-references", G, lambda d: d["accounts"][1].update(bank="bbcb"), "accounts[1].bank", "error", "party 'bbcb' is not defined"),
    ("party-references", G, lambda d: d["accounts"][1].update(bank="rating"), "accounts[1].bank", "error", "neither custodian nor account bank"),
    ("roles", G, lambda d: d["parties"]["ruitai"].update(roles=["originator", "pledgor"]), "parties", "error", "no party has the role 'servicer'"),
    ("roles", NOPLEDGE, lambda d: d["parties"]["lawfirm"]["roles"].append("guarantor"), "credit_enhancement", "error",
     "role 'guarantor' but credit_enhancement has no guarantee"),
    ("roles", G, lambda d: d.update(accounts=[a for a in d["accounts"] if a["purpose"] != "plan"]), "accounts", "error", "needs a plan account"),
    ("rates", G, lambda d: tranche(d, 3)["coupon"].update(rate=Decimal("20.5")), "tranches[3].coupon.rate", "error", "outside (0, 20]%"),
    ("rates", G, lambda d: d["fees"][0].update(rate=Decimal("5.5")), "fees[0].rate", "error", "outside [0, 5]%"),
    ("rates", G, lambda d: d.update(taxes_rate=Decimal(25)), "taxes_rate", "error", "outside [0, 20]%"),
    ("rates", G, lambda d: d["pool"]["customer_classes"][0].update(collection_rate=Decimal(25)), "pool.customer_classes[0].collection_rate", "error",
     "plausible range 30–100%"),
    ("rates", HYDRO, lambda d: d["pool"].update(collection_rate=Decimal(20)), "pool.collection_rate", "error", "outside 30–100%"),
    ("rates", G, lambda d: d["pool"]["customer_classes"][1]["history"][0].update(collected=Decimal("56000000.00")),
     "pool.customer_classes[1].history[0].collected", "error", "exceeds billed"),
    ("seasonality", G, lambda d: d["pool"]["customer_classes"][2]["seasonality"].update({3: Decimal(4)}), "pool.customer_classes[2].seasonality", "error",
     "add up to 99%, not 100%"),
    ("seasonality", HYDRO, lambda d: d["pool"]["monthly_profile"].update({12: Decimal(5)}), "pool.monthly_profile", "error", "add up to 101%"),
    ("history", G, lambda d: d["pool"]["customer_classes"][0]["history"].pop(0), "pool.customer_classes[0].history", "error",
     "2 season(s) of history; at least 3"),
    ("history-order", G, lambda d: d["pool"]["customer_classes"][0]["history"].reverse(), "pool.customer_classes[0].history", "error", "in order"),
    ("history", HYDRO, lambda d: d["pool"]["history"].pop(0), "pool.history", "error", "at least 3 are required"),
    ("history", G, lambda d: d["pool"].update(operating_years=1), "pool.operating_years", "error", "at least 2"),
    ("licence", G, lambda d: d["pool"]["licence"].update(valid_to=D("2035-04-25")), "pool.licence.valid_to", "error", "before the legal maturity"),
    ("licence-dates", HYDRO, lambda d: d["parties"]["qingjiang"]["licences"][0].update(valid_from=D("2038-01-01")),
     "parties.qingjiang.licences[0].valid_to", "error", "expires before it is valid"),
    ("retention", G, lambda d: (tranche(d, 5).update(size=Decimal("197000000.00")), tranche(d, 6).update(size=Decimal("30000000.00"))),
     "tranches[6].size", "error", "retain 3.00%"),
    ("retention", G, lambda d: tranche(d, 6).update(holder="guarantor"), "tranches[6].size", "error", "retain 0.00%"),
    ("retention", G, lambda d: tranche(d, 6).pop("holder"), "tranches[6].holder", "error", "name the party that holds"),
    ("sweep", G, lambda d: d["dates"]["sweep"].update(interval="semi_annual"), "dates.sweep.interval", "error", "at least monthly"),
    ("sweep", G, lambda d: d["dates"]["sweep"].update(interval="quarterly"), "dates.sweep.interval", "warning", "good credit"),
    ("full-sweep", CAP, lambda d: d["plan"].update(regime_version="2022"), "plan.collection_mode", "error", "must sweep all cash flow"),
    ("full-sweep", CAP, lambda d: None, "plan.collection_mode", "warning", "pre-2019 structure"),
    ("term", G, lambda d: d["plan"].pop("term_justification"), "dates.legal_maturity", "error", "needs plan.term_justification"),
    ("specified-periods", CAP, lambda d: d["pool"].pop("specified_periods"), "pool.specified_periods", "error", "needs pool.specified_periods"),
    ("specified-periods", G, lambda d: d["pool"].update(specified_periods=[{"id": "sp1", "start": D("2027-09-01"), "end": D("2028-03-31"),
                                                                            "amount": Decimal(1)}]),
     "pool.specified_periods", "warning", "ignored in full_sweep mode"),
    ("undertaking", G, lambda d: d["dates"].update(offsets={"calculation": 5, "shortfall_trigger": 8}), "dates.offsets", "error",
     "calculation > shortfall_trigger"),
    ("undertaking", G, lambda d: d["credit_enhancement"]["undertaking"].update(scope=["taxes", "fees", "senior_interest"]),
     "credit_enhancement.undertaking.scope", "warning", "both senior interest and senior principal"),
    ("undertaking", CAP, lambda d: (d["credit_enhancement"].pop("undertaking"), d["parties"]["hengxin_group"].update(roles=["financial_adviser"])),
     "credit_enhancement.interim_shortfall", "error", "needs a shortfall undertaking"),
    ("undertaking", CAP, lambda d: d["credit_enhancement"]["undertaking"].update(cap=Decimal("40000000.00")), "credit_enhancement.undertaking.cap",
     "warning", "under 10% of the senior principal"),
    ("concentration", G, lambda d: d["pool"]["key_cash_providers"][0].update(share=Decimal(16)), "pool.key_cash_providers[0].share", "warning",
     "key cash-provider disclosure"),
    ("concentration", G, lambda d: d["pool"].update(related_party_share=Decimal(12)), "pool.related_party_share", "warning", "extra disclosure"),
    ("scenarios", G, lambda d: d["scenarios"][1].update(id="S1"), "scenarios[1].id", "error", "used twice"),
    ("scenarios", G, lambda d: d["scenarios"][0].update(collection_rate_to={"industrial": Decimal(80)}), "scenarios[0].collection_rate_to.industrial",
     "error", "not a customer class"),
    ("signing", G, lambda d: d["legal"].update(signing_date=D("2027-09-01")), "legal.signing_date", "error", "after the plan is established"),
    ("plan-size", G, lambda d: d["plan"].update(amount_unit="wan"), "plan.total_size", "error", "figures in yuan while amount_unit says wan"),
    ("plan-size", G, lambda d: scale(d, Decimal("0.0001")), "plan.total_size", "error", "under RMB 1 million"),
    ("plan-size", G, lambda d: d["fees"][3].update(amount=Decimal("300000000.00")), "fees[3].amount", "error", "more than 10% of the plan size"),
    ("recommended-roles", G, lambda d: without_party(d, "lawfirm"), "parties", "warning", "'law_firm'"),
    ("recommended-roles", G, lambda d: without_party(d, "forecaster"), "parties", "warning", "cash_flow_forecaster"),
    ("recommended-roles", G, lambda d: d["parties"]["rating"].update(roles=["financial_adviser"]), "parties", "error",
     "tranches are rated but no party has the role 'rating_agency'"),
    ("recommended-roles", NOPLEDGE, lambda d: (d["parties"]["ruitai"]["roles"].append("guarantor"), d["credit_enhancement"].update(
        guarantee={"guarantor": "ruitai", "scope": {"zh": "全部", "en": "all"}})),
     "credit_enhancement.guarantee.guarantor", "warning", "the guarantor is the originator itself"),
    ("triggers", G, lambda d: d.update(triggers=[t for t in d["triggers"] if t["category"] != "default"]), "triggers", "warning", "no default trigger"),
    ("triggers", G, lambda d: d["triggers"][1].update(id="perfection_rating"), "triggers[1].id", "error", "used twice"),
    ("triggers", NOPLEDGE, lambda d: d["triggers"][6]["consequences"].append("enforce_pledge"), "triggers[6].consequences", "error",
     "the deal has no pledge"),
    ("stress-scenarios", G, lambda d: d.pop("scenarios"), "scenarios", "warning", "no stress scenarios"),
    ("legal-maturity-gap", G, lambda d: d["dates"].update(legal_maturity=D("2036-04-26")), "dates.legal_maturity", "warning", "more than 2 years after"),
    ("document-dates", G, lambda d: d["plan"].update(draft_date=D("2027-09-01")), "plan.draft_date", "warning", "after the plan is established"),
    ("document-dates", G, lambda d: d["parties"]["ruitai"]["board_approval"].update(date=D("2027-08-20")), "parties.ruitai.board_approval.date", "error",
     "after the signing date"),
    ("document-dates", G, lambda d: d["parties"]["manager"]["licences"][0].update(valid_to=D("2027-01-01")), "parties.manager.licences[0].valid_to",
     "error", "expired 2027-01-01"),
    ("document-dates", G, lambda d: d["plan"]["no_objection_letter"].update(date=D("2027-09-01")), "plan.no_objection_letter.date", "error",
     "after the establishment"),
    ("pool-data", G, lambda d: d["pool"]["customer_classes"][0]["history"][0].update(billed=Decimal("200000000.00")),
     "pool.customer_classes[0].history[0].billed", "warning", "differs by more than 2%"),
    ("pool-data", G, lambda d: d["pool"]["customer_classes"][1].update(id="residential"), "pool.customer_classes[1].id", "error", "used twice"),
    ("pool-data", HYDRO, lambda d: d["pool"]["key_cash_providers"].append({"name": {"zh": "其他", "en": "Others"}, "share": Decimal(1)}),
     "pool.key_cash_providers", "error", "add up to 101%"),
    ("pool-data", HYDRO, lambda d: d["pool"]["history"][1].update(billed=Decimal("350000000.00")), "pool.history[1].billed", "warning",
     "volume × tariff"),
    ("pool-data", SCHED, lambda d: d["pool"]["schedule"][3].update(date=D("2028-02-01")), "pool.schedule[3].date", "error", "in date order"),
    ("pool-data", "heating-two-class-growth.yaml", lambda d: d["pool"]["customer_classes"][0]["price_changes"][0].update(effective_season="2026-2027"),
     "pool.customer_classes[0].price_changes[0].effective_season", "error", "after the last historical season"),
    ("pool-data", CAP, lambda d: d["pool"]["specified_periods"][1].update(start=D("2029-03-01")), "pool.specified_periods[1].start", "error",
     "must not overlap"),
    ("coupons", CAP, lambda d: tranche(d, 1)["coupon"]["benchmark_path"][1].update(from_date=D("2028-05-01")),
     "tranches[1].coupon.benchmark_path[1].from_date", "error", "in date order"),
    ("coupons", CAP, lambda d: tranche(d, 1)["coupon"]["benchmark_path"].pop(0), "tranches[1].coupon.benchmark_path[0].from_date", "error",
     "from the establishment date or earlier"),
    ("coupons", G, lambda d: tranche(d, 0)["coupon"].update(spread_bp=50), "tranches[0].coupon", "error", "a fixed coupon takes no benchmark"),
    ("coupons", G, lambda d: tranche(d, 3).pop("put_dates"), "tranches[3].reset_dates[0]", "warning", "without a put"),
    ("pool-data", SCHED, lambda d: d["pool"]["schedule"][-1].update(date=D("2031-01-25")), "pool.schedule[35].date", "warning",
     "falls after the last collection period (ends 2030-12-31)"),
    ("om-costs", G, lambda d: d["pool"]["om_costs"][0].update(season="2024-2025"), "pool.om_costs[0].season", "error",
     "season 2024-2025 lies outside the plan's collections (2027-07-31 to 2033-04-26)"),
    ("om-costs", HYDRO, lambda d: d["pool"]["om_costs"][1].update(season="2029-2030"), "pool.om_costs[1].season", "error",
     "seasons start in January (calendar years): write '2029'"),
    ("om-costs", G, lambda d: d["pool"]["om_costs"][1].update(season="2028-2030"), "pool.om_costs[1].season", "error",
     "must name two consecutive years"),
    ("triggers", G, lambda d: d["triggers"][2].update(replaces=["payment_failure"]), "triggers[2].replaces[0]", "error",
     "'payment_failure' is not a standard perfection event"),
    ("triggers", G, lambda d: d["triggers"][0].update(replaces=["sweep"]), "triggers[1].replaces[0]", "error",
     "'sweep' is already replaced by trigger 'perfection_rating'"),
    ("interest-frequency", SEMI, lambda d: tranche(d, 0).update(interest_frequency="quarterly"), "tranches[0].interest_frequency",
     "error", "every 3 months) does not fit payment dates every 6 months"),
    ("interest-frequency", G, lambda d: tranche(d, 2).update(interest_frequency="semi_annual"), "tranches[2].interest_frequency",
     "error", "every 6 months) does not fit payment dates every 12 months"),
    ("interest-frequency", SEMI, lambda d: tranche(d, 1).pop("interest_frequency"), "tranches[1]", "error",
     "pays interest only on every second payment date"),
    ("accounts", G, lambda d: d["accounts"][2].update(id="plan_account"), "accounts[2].id", "error", "used twice"),
    ("sub-income", G, lambda d: d["credit_enhancement"].update(sub_income="capped"), "credit_enhancement.sub_income", "error",
     "needs credit_enhancement.sub_expected_yield"),
    ("waivers", G, lambda d: d.update(waivers=[{"rule": "coupons", "reason": "x"}]), "waivers[0].rule", "error", "is a structural rule"),
    ("accounts", G, lambda d: d["accounts"][2].update(number="1302-0188-0000-0001-27"), "accounts[2].number", "error", "also account 'plan_account'"),
    # a fictitious depository beside the real one: the exchange fixes it
    ("registrar", G, lambda d: d["parties"]["registrar"]["name"].update(zh="华夏证券登记结算有限责任公司上海分公司"),
     "parties.registrar.name.zh", "error", "the depository of an SSE plan is 中国证券登记结算有限责任公司上海分公司"),
    ("disclosure-project", G, lambda d: d["disclosures"]["project"].pop("concession"), "disclosures.project.concession", "error",
     "number, grantor, term and renewal (SSE guideline No. 1, 3.7)"),
    ("disclosure-encumbrances", G, lambda d: d["disclosures"]["project"].pop("encumbrances"), "disclosures.project.encumbrances",
     "error", "([] for none)"),
    ("disclosure-credit-support", G, lambda d: d["disclosures"]["credit_support"]["ruitai_group"].pop("soe_approval"),
     "disclosures.credit_support.ruitai_group.soe_approval", "error", "state-owned-assets approval"),
    ("disclosure-obligors", G, lambda d: d["disclosures"].pop("obligors"), "disclosures.obligors", "error", "government bodies"),
    ("disclosure-due-diligence", G, lambda d: d["disclosures"].update(due_diligence=d["disclosures"]["due_diligence"][1:]),
     "disclosures.due_diligence", "error", "plan manager's due-diligence conclusion, attributed to 'manager'"),
    ("disclosure-independence", G, lambda d: d["disclosures"]["independence"].remove("bank"), "disclosures.independence", "error",
     "custodian 'bank'"),
    ("disclosure-references", G, lambda d: d["disclosures"]["credit_support"]["ruitai_group"]["financials"].pop(1),
     "disclosures.credit_support.ruitai_group.financials", "error", "consecutive"),
    ("disclosure-references", G, lambda d: d["disclosures"]["credit_support"].update(ruitai=d["disclosures"]["credit_support"]["guarantor"]),
     "disclosures.credit_support.ruitai", "error", "not the deal's shortfall undertaker or guarantor"),
]


def without_party(d: dict, pid: str) -> None:
    """The deal without the party `pid`, and without the disclosures attributed to it."""
    d["parties"].pop(pid)
    ds = d["disclosures"]
    ds["independence"] = [p for p in ds["independence"] if p != pid]
    ds["due_diligence"] = [c for c in ds["due_diligence"] if c["by"] != pid]
    if ds["obligors"].get("local_government_debt", {}).get("opinion_of") == pid:
        ds["obligors"]["local_government_debt"]["opinion_of"] = "manager"


def scale(d: dict, k: Decimal) -> None:
    d["plan"]["total_size"] *= k
    for t in d["tranches"]:
        t["size"] *= k


def _id(case) -> str:
    return f"{case[0]}:{case[3]}:{case[5][:20]}"


@pytest.mark.parametrize("rule,deal,mutate,path,severity,message", CASES, ids=[_id(c) for c in CASES])
def test_rule_fails(rule, deal, mutate, path, severity, message, tmp_path):
    data = base(deal)
    mutate(data)
    raised, diags = findings(data, tmp_path)
    mine = [d for d in diags if d.rule == rule and d.path == path and d.severity == severity and message in d.message]
    assert mine, f"no {severity} {rule} at {path} with {message!r}; got:\n" + "\n".join(d.format() for d in diags)
    assert raised == (severity == "error")
    # located: the line is the line of the field's key (or of its nearest parent present in the file)
    d = mine[0]
    assert d.line >= 1 and d.column >= 1
    text = (tmp_path / "deal.yaml").read_text(encoding="utf-8").splitlines()
    key = path.split(".")[-1].split("[")[0]
    if "[" not in path.split(".")[-1] and any(x.lstrip(" -").startswith(key + ":") for x in text):
        assert text[d.line - 1][d.column - 1:].startswith(key), (d.format(), text[d.line - 1])


@pytest.mark.parametrize("deal", [G, CAP, HYDRO, SCHED, NOPLEDGE, "heating-quarterly-guarantor.yaml", "heating-two-class-growth.yaml",
                                  "heating-semiannual.yaml"])
def test_rules_pass_on_the_samples(deal, tmp_path):
    raised, diags = findings(base(deal), tmp_path)
    assert not raised, "\n".join(d.format() for d in diags)
    deliberate = {CAP: {"full-sweep"}, HYDRO: {"concentration"}, "heating-quarterly-guarantor.yaml": {"sweep"}}.get(deal, set())
    assert {d.rule for d in diags} == deliberate


def test_every_rule_has_a_failing_case():
    assert set(RULES) <= {c[0] for c in CASES}


def test_rule_errors_come_all_at_once(tmp_path):
    data = base(G)
    data["plan"]["total_size"] = Decimal("1000000001.00")
    data["dates"]["sweep"]["interval"] = "annual"
    data["legal"]["signing_date"] = D("2027-09-01")
    raised, diags = findings(data, tmp_path)
    assert raised
    assert {"tranche-sum", "sweep", "signing"} <= {d.rule for d in diags}


def test_a_failing_rule_does_not_crash(monkeypatch, tmp_path):
    def broken(deal):
        raise ZeroDivisionError("boom")
        yield

    monkeypatch.setitem(RULES, "broken", broken)
    raised, diags = findings(base(G), tmp_path)
    assert raised
    assert [d.rule for d in diags] == ["broken"] and "internal error in rule 'broken'" in diags[0].message


def test_money_is_decimal_and_exact(tmp_path):
    deal = load_deal(DEALS / G)
    assert isinstance(deal.plan.total_size, Decimal) and deal.plan.total_size == Decimal("1000000000.00")
    assert deal.tranches[0].coupon.rate == Decimal("3.20")
    data = base(G)
    data["tranches"][0]["size"] = Decimal("140000000.10")
    data["tranches"][1]["size"] = Decimal("147999999.90")
    f = dump(data, tmp_path / "d.yaml")
    deal = load_deal(f)
    assert sum(t.size for t in deal.tranches) == deal.plan.total_size  # 0.1 + 0.9 with no float error
