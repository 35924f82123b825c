"""One shortfall formula: the Standard Terms define 差额资金 once, the memorandum repeats it word for word,
the APA, the undertaking and the memorandum cite it and never restate it, and it reads as the projection
computes: put monies are ring-fenced — unpaid ones are added once, never netted against Available Funds."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.assembly.assemble import assemble_pack
from docgen.model.deal import Deal
from docgen.projection.run import project
from docgen.review.treediff import text_of
from tests.projection.conftest import deal_data

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("standard-terms", "asset-purchase-agreement", "shortfall-undertaking", "offering-memorandum")
ENTRY = {"zh": "“差额资金”：", "en": '"Shortfall Amount" means'}
TERM = {"zh": "差额资金", "en": "Shortfall Amount"}
# a sentence that restates the shortfall as funds short of amounts that include put monies (the old OM/APA reading)
NETTING = {"zh": re.compile(r"(可分配资金|可供分配的资金)不足以支付[^。；]*回售资金"),
           "en": re.compile(r"(Available Funds|distributable funds) (are|is) insufficient to pay[^.;]*[Pp]ut [Mm]onies")}


@pytest.fixture(scope="module")
def put_deal():
    data = deal_data("heating-sweep-guaranteed")
    data["put_exercise_pct"] = 50  # holders put half the put tranches: the put date carries real put monies
    deal = Deal.model_validate(data)
    assert deal.has_put and "put_amount" in deal.credit_enhancement.undertaking.scope
    return deal


@pytest.fixture(scope="module")
def texts(put_deal):
    docs = assemble_pack(put_deal, project(put_deal), ROOT)
    return {(d, lang): text_of(docs[d].blocks, lang) for d in DOCS for lang in ("zh", "en")}


def entry(text: str, lang: str) -> str:
    lines = [x for x in text.splitlines() if x.startswith(ENTRY[lang])]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_memorandum_repeats_the_standard_terms_definition(texts, lang):
    st = entry(texts["standard-terms", lang], lang)
    assert entry(texts["offering-memorandum", lang], lang) == st
    # the put monies part: added once, not netted, not in the Amounts Due
    assert ("该项不以可分配资金抵减，亦不计入应付金额" if lang == "zh"
            else "which are not reduced by the Available Funds and do not form part of the Amounts Due") in st


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_document_cites_the_one_formula_and_none_restates_it(texts, lang):
    for doc in DOCS:
        text = texts[doc, lang]
        assert TERM[lang] in text, doc
        assert not NETTING[lang].search(text), (doc, NETTING[lang].search(text).group(0))
        # the definition is printed only where definitions of shared terms are: the Standard Terms and the 释义
        printed = [x for x in text.splitlines() if x.startswith(ENTRY[lang])]
        assert len(printed) == (1 if doc in ("standard-terms", "offering-memorandum") else 0), doc


def test_the_definition_agrees_with_the_projection_on_the_put_date(put_deal):
    proj = project(put_deal)
    put_dates = [p for p in proj.periods if p.put_amount > 0]
    assert put_dates, "the deal must put on a payment date"
    p = put_dates[0]
    ordinary = p.required - p.put_amount  # Amounts Due: taxes, fees, senior interest and principal in scope
    # the projection's shortfall is the Amounts Due over the Available Funds, put monies ring-fenced (paid in by
    # the originator; were they unpaid they would be added, not netted)
    assert p.shortfall_due == max(Decimal(0), ordinary - p.available)
    # if the originator left the put monies unpaid, the undertaker would owe them in full on top (the definition's
    # second item); netting them against the Available Funds would owe far less — the readings the documents
    # used to give differ by more than RMB 100 m on this put date
    ring_fenced = p.shortfall_due + p.put_amount
    netted = max(Decimal(0), p.required - p.available)
    assert ring_fenced - netted > Decimal("100000000"), (ring_fenced, netted)
