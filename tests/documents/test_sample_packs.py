"""Every sample deal, every layout, read back from the PDF as a reviewer would read it.

The packs are rendered once for the module (all sample deals × four layouts, PDF through the default
engine; DOCX for the parallel layout; the parallel and en PDFs again through the other engine) and then
proofread: the headings of shared/domain/documents.md kept in
tests/data/headings/, text that must not appear in a configuration, leftover placeholders, the
memorandum's length, tables and charts, and `docgen check` over the whole output folder.
"""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment
from ruamel.yaml import YAML

from docgen.model import load_deal
from docgen.render.batch import render_deals
from docgen.render.pack import Options
from docgen.review.check import PLACEHOLDERS, check_path
from docgen.review.extract import pdf_text, squash
from docgen.writers.options import DEFAULT_PDF_ENGINE, PDF_ENGINES

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "deals").glob("*.yaml"))
LAYOUTS = ("parallel", "sequential", "zh", "en")
HEADINGS = {p.stem: YAML(typ="safe").load(p.read_text("utf-8")) for p in (ROOT / "tests/data/headings").glob("*.yaml")}
ENV = ImmutableSandboxedEnvironment()
OTHER_ENGINE = next(e for e in PDF_ENGINES if e != DEFAULT_PDF_ENGINE)  # CI covers both PDF engines


def holds(expr: str, deal) -> bool:
    return bool(ENV.compile_expression(expr)(deal=deal))


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("packs")
    pdf_all = Options(layouts=LAYOUTS, formats=("pdf",))
    outcomes = render_deals(DEALS, out, pdf_all, jobs=2)
    assert [o.status for o in outcomes] == ["ok"] * len(DEALS), [(o.deal, o.messages) for o in outcomes]
    docx_parallel = Options(layouts=("parallel",), formats=("docx",))
    # a second render into a sibling folder (the first pack's manifest must stay as it is for `check`)
    outcomes = render_deals(DEALS, out / "docx", docx_parallel, jobs=2)
    assert [o.status for o in outcomes] == ["ok"] * len(DEALS)
    return out


@pytest.fixture(scope="module")
def other_engine_output(tmp_path_factory) -> Path:
    """Every sample deal through the PDF engine that is not the default, parallel and en layouts."""
    out = tmp_path_factory.mktemp(f"packs-{OTHER_ENGINE}")
    outcomes = render_deals(DEALS, out, Options(layouts=("parallel", "en"), formats=("pdf",), pdf_engine=OTHER_ENGINE),
                            jobs=2)
    assert [o.status for o in outcomes] == ["ok"] * len(DEALS), [(o.deal, o.messages) for o in outcomes]
    return out


@pytest.fixture(scope="module")
def texts(output) -> dict[tuple[str, str, str], str]:
    found = {}
    for deal_path in DEALS:
        deal = load_deal(deal_path)
        for pdf in sorted((output / deal.plan.id).glob("*.pdf")):
            doc, layout = pdf.stem.rsplit("-", 1)
            found[(deal.plan.id, doc, layout)] = pdf_text(pdf.read_bytes())
    return found


def cases():
    for deal_path in DEALS:
        for layout in LAYOUTS:
            yield pytest.param(deal_path, layout, id=f"{deal_path.stem}-{layout}")


@pytest.mark.parametrize("deal_path, layout", list(cases()))
def test_every_applicable_heading_and_no_inapplicable_text(texts, deal_path, layout):
    deal = load_deal(deal_path)
    langs = {"parallel": ("zh", "en"), "sequential": ("zh", "en"), "zh": ("zh",), "en": ("en",)}[layout]
    missing, present = [], []
    for doc, spec in HEADINGS.items():
        key = (deal.plan.id, doc, layout)
        if key not in texts:
            continue
        flat = squash(texts[key])
        for h in spec["headings"]:
            if holds(h.get("when", "true"), deal):
                for lang in langs:
                    if squash(h[lang]) not in flat:
                        missing.append(f"{doc}: {h[lang]}")
        for rule in spec.get("absent_when", []):
            if holds(rule["when"], deal):
                for lang in langs:
                    for text in rule.get(lang, []):
                        if squash(text) in flat:
                            present.append(f"{doc}: '{text}' although {rule['when']}")
    assert not missing, f"headings missing from {deal.plan.id} ({layout}): {missing}"
    assert not present, f"inapplicable text in {deal.plan.id} ({layout}): {present}"


def test_documents_follow_the_deal(texts):
    """The pledge contract exists only with a pledge, the undertaking only with an undertaker; the Standard
    Terms, the asset purchase agreement and the memorandum always."""
    for deal_path in DEALS:
        deal = load_deal(deal_path)
        docs = {doc for (d, doc, layout) in texts if d == deal.plan.id}
        assert ("pledge-contract" in docs) == deal.has_pledge, deal.plan.id
        assert ("shortfall-undertaking" in docs) == deal.has_undertaker, deal.plan.id
        assert {"standard-terms", "asset-purchase-agreement", "offering-memorandum"} <= docs


def test_no_placeholder_in_any_document(texts):
    found = []
    for key, text in texts.items():
        for pattern, what in PLACEHOLDERS:
            m = pattern.search(text)
            if m:
                found.append((key, what, text[max(0, m.start() - 40):m.end() + 40]))
    assert not found, found[:10]


def test_power_deal_has_no_heating_text(texts):
    power = [load_deal(p) for p in DEALS if load_deal(p).pool.kind == "power"]
    assert power
    for deal in power:
        for (d, doc, layout), text in texts.items():
            if d == deal.plan.id:
                assert "供热" not in text and "heating" not in text.lower(), (doc, layout)


def test_six_tranche_memorandum_is_long_and_carries_its_charts(output):
    pack = output / "heating-sweep-guaranteed"
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["files"]["offering-memorandum-parallel.pdf"]["pages"] >= 40
    docx_bytes = (output / "docx" / "heating-sweep-guaranteed" / "offering-memorandum-parallel.docx").read_bytes()
    media = [n for n in zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist() if n.startswith("word/media/")]
    assert len(media) >= 3
    # the charts' SVG text stays text: each chart's axis label is in the PDF (whichever engine drew it)
    flat = squash(pdf_text((pack / "offering-memorandum-parallel.pdf").read_bytes()))
    charts = YAML(typ="safe").load((ROOT / "clauses/tables/charts.yaml").read_text("utf-8"))["labels"]["chart"]["om"]
    drawn = [fid for fid, words in charts.items() if "x_axis" in words and squash(words["x_axis"]["zh"]) in flat]
    assert len(drawn) >= 3, drawn


def test_memorandum_tables_agree_with_docgen_project(output, texts):
    """Every period's inflow, amounts due and coverage in the memorandum equal `docgen project --format json`."""
    from typer.testing import CliRunner

    from docgen.cli import app
    from docgen.format import Formatter

    deal_path = ROOT / "deals" / "heating-sweep-guaranteed.yaml"
    deal = load_deal(deal_path)
    result = CliRunner().invoke(app, ["project", str(deal_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    proj = json.loads(result.stdout)
    f = Formatter("zh", deal.plan.amount_unit, deal.plan.display_unit)
    flat = squash(texts[(deal.plan.id, "offering-memorandum", "zh")])
    for p in proj["periods"]:
        for key in ("inflow", "required", "senior_interest", "senior_principal"):
            assert f.money_figure(Decimal(p[key])) in flat, (p["payment_date"], key)
        assert f.num(Decimal(p["coverage_total"]), 4) in flat or f.num(Decimal(p["coverage_total"]), 2) in flat


def test_check_is_clean_on_every_sample_pack(output):
    findings = check_path(output)
    assert not findings, [f.format() for f in findings][:20]
    findings = check_path(output / "docx")
    assert not findings, [f.format() for f in findings][:20]


def test_check_is_clean_on_every_sample_pack_through_the_other_engine(other_engine_output):
    for deal_path in DEALS:
        manifest = json.loads((other_engine_output / load_deal(deal_path).plan.id / "manifest.json").read_text())
        engines = {f.get("pdf_engine") for name, f in manifest["files"].items() if name.endswith(".pdf")}
        assert engines == {OTHER_ENGINE}, (deal_path.stem, engines)
    findings = check_path(other_engine_output)
    assert not findings, [f.format() for f in findings][:20]
