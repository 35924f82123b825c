"""Charts: byte-identical across builds, Chinese kept as text in the SVG, a PNG for the DOCX."""

from __future__ import annotations

import importlib.util
import shutil
import time
from pathlib import Path

import pytest

from docgen.assembly.labels import context_for
from docgen.assembly.registry import FIGURES, BuildContext, load_builders
from docgen.format import Formatter
from docgen.model import load_deal
from docgen.resources import library_root
from docgen.tree import Bi, Figure

ROOT = Path(__file__).resolve().parents[2]
IDS = ("om.inflow-vs-due", "om.coverage", "om.balances", "om.monthly")


def _tables_module():
    spec = importlib.util.spec_from_file_location("_docgen_test_tables", Path(__file__).with_name("test_tables.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def ctx():
    deal = load_deal(ROOT / "deals" / "worked-example-1.yaml")
    proj, _ = _tables_module().real_or_fixture(deal)
    fmt = {lang: Formatter(lang, deal.plan.amount_unit, deal.plan.display_unit) for lang in ("zh", "en")}
    load_builders()
    return context_for(deal, proj, "offering-memorandum", fmt=fmt)


@pytest.mark.parametrize("fid", IDS)
def test_figure(ctx, fid):
    assert fid in FIGURES
    a = FIGURES[fid](ctx)
    b = FIGURES[fid](ctx)
    assert isinstance(a, Figure) and a.id == fid
    assert isinstance(a.caption, Bi) and a.caption.zh and a.caption.en
    assert a.svg == b.svg, "SVG differs between two builds"
    assert a.png == b.png, "PNG differs between two builds"
    assert a.png.startswith(b"\x89PNG")
    svg = a.svg.decode("utf-8")
    assert "<text" in svg, "text must stay text (svg.fonttype none)"
    assert "Noto Sans CJK SC" in svg
    assert "<dc:date>" not in svg


def test_chinese_text_in_svg(ctx):
    svg = FIGURES["om.inflow-vs-due"](ctx).svg.decode("utf-8")
    assert "预测现金流入" in svg and "应付金额" in svg and "1.30x" in svg
    svg = FIGURES["om.coverage"](ctx).svg.decode("utf-8")
    assert "基准情形" in svg and "覆盖倍数" in svg
    svg = FIGURES["om.balances"](ctx).svg.decode("utf-8")
    assert "A1" in svg and "A2" in svg and "2029-04-25" in svg


def test_fast(ctx):
    FIGURES["om.coverage"](ctx)  # warm up: import and font cache
    t = time.perf_counter()
    for fid in IDS:
        FIGURES[fid](ctx)
    assert (time.perf_counter() - t) / (len(IDS) * 3) < 2.0  # each chart is drawn bilingual, zh and en


def test_a_lawyers_edit_to_the_chart_labels_changes_the_chart(ctx, tmp_path):
    lib = tmp_path / "lib"
    for part in ("clauses", "templates"):
        shutil.copytree(library_root() / part, lib / part)
    charts = lib / "clauses" / "tables" / "charts.yaml"
    charts.write_text(charts.read_text("utf-8").replace("en: Forecast inflow}", "en: Projected inflow}"), "utf-8")
    edited = context_for(ctx.deal, ctx.proj, "offering-memorandum", fmt=ctx.fmt, root=lib)
    before = FIGURES["om.inflow-vs-due"](ctx).svg.decode("utf-8")
    after = FIGURES["om.inflow-vs-due"](edited).svg.decode("utf-8")
    assert "Forecast inflow" in before and "Projected inflow" not in before
    assert "预测现金流入 Projected inflow" in after and "Forecast inflow<" not in after


def test_the_coverage_target_is_drawn_as_a_target_only_when_the_deal_states_it(ctx):
    svg = FIGURES["om.coverage"](ctx).svg.decode("utf-8")
    assert "目标 Target 1.20x" in svg  # worked example 1 states overcoverage_target: 1.20
    deal = ctx.deal.model_copy(update={"credit_enhancement": ctx.deal.credit_enhancement.model_copy()})
    deal.credit_enhancement.model_fields_set.discard("overcoverage_target")  # as if the file left it out
    unstated = context_for(deal, ctx.proj, "offering-memorandum", fmt=ctx.fmt)
    svg = FIGURES["om.coverage"](unstated).svg.decode("utf-8")
    assert "Target" not in svg and "1.20x" not in svg


def _svg_text(svg: bytes) -> str:
    import html
    import re

    return " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode("utf-8")))


@pytest.mark.parametrize("fid", IDS)
def test_the_zh_and_en_layouts_print_each_chart_in_their_language_only(ctx, fid):
    import re

    from docgen.layout import apply_layout
    from docgen.tree import Document, DocMeta

    f = FIGURES[fid](ctx)
    words = [ctx.labels.text(f"chart.{fid}.{k}") for k in ("inflow", "due", "x_axis", "y_axis", "base_case",
                                                            "collections") if ctx.labels.has(f"chart.{fid}.{k}")]
    assert words
    m = DocMeta(deal_id="x", document="offering-memorandum", layout="bilingual", title="t", running_header="t",
                date="2028-01-01", inputs_hash="0", version="0")
    doc = Document(meta=m, blocks=(f,))
    shown = {lay: apply_layout(doc, lay).blocks[0] for lay in ("parallel", "zh", "en")}
    both, zh, en = (_svg_text(shown[lay].svg) for lay in ("parallel", "zh", "en"))
    assert shown["parallel"].svg == f.svg and shown["en"].png != f.png  # the DOCX's picture follows too
    assert not re.search(r"[\u4e00-\u9fff]", en), en  # no Chinese at all: 万元, 预测回收款 …
    for w in words:
        assert w.zh in both and w.en in both, w
        assert w.zh in zh and w.en not in zh, (w, zh)
        assert w.en in en, (w, en)


def _plot_and_legend(svg: bytes) -> tuple[tuple[float, float, float, float], list[tuple[float, float]]]:
    """The plot area (x0, y0, x1, y1; SVG y grows downward) and the anchor points of every legend mark and word."""
    import re

    text = svg.decode("utf-8")
    patch = re.search(r'<g id="patch_2">\s*<path d="([^"]*)"', text).group(1)
    xs, ys = zip(*((float(a), float(b)) for a, b in re.findall(r"([\d.]+) ([\d.]+)", patch)))
    legend = text[text.index('<g id="legend_1">'):]
    points = [(float(a), float(b)) for a, b in re.findall(r"(?:M|L) ([\d.]+) ([\d.]+)", legend)]
    points += [(float(a), float(b)) for a, b in re.findall(r'<text[^>]* x="([\d.]+)" y="([\d.]+)"', legend)]
    return (min(xs), min(ys), max(xs), max(ys)), points


@pytest.mark.parametrize("fid", IDS)
def test_no_legend_covers_the_plot_in_any_language(ctx, fid):
    f = FIGURES[fid](ctx)
    for lang, svg in [(None, f.svg)] + [(code, s) for code, s, _ in f.langs]:
        (x0, top, x1, bottom), points = _plot_and_legend(svg)
        assert points, (fid, lang)
        inside = [(x, y) for x, y in points if x0 < x < x1 and top < y < bottom]
        assert not inside, (fid, lang, inside[:3])


def test_the_coverage_target_and_the_one_times_line_are_named_outside_the_plot(ctx):
    import re

    f = FIGURES["om.coverage"](ctx)
    for svg in [f.svg] + [s for _, s, _ in f.langs]:
        text = svg.decode("utf-8")
        legend = text[text.index('<g id="legend_1">'):]
        assert "1.20x" in _svg_text(legend.encode()), "the target is named in the legend"
        assert "1.20x" not in _svg_text(text[:text.index('<g id="legend_1">')].encode()), "nowhere on the plot"
        (_, _, x1, _), _ = _plot_and_legend(svg)
        one = re.search(r'<text[^>]* x="([\d.]+)"[^>]*>1\.00x<', text)
        assert float(one.group(1)) > x1, "the 1.00x label sits in the right margin, beyond every line"


def test_the_bilingual_coverage_legend_names_each_scenario_in_both_languages(ctx):
    f = FIGURES["om.coverage"](ctx)
    both, zh, en = _svg_text(f.svg), _svg_text(f.only("zh").svg), _svg_text(f.only("en").svg)
    assert ctx.proj.stress
    for s in ctx.proj.stress:
        assert f"{s.id} {s.name_zh} {s.name_en}" in both, s.id
        assert s.name_zh in zh and s.name_en not in zh
        assert s.name_en in en and s.name_zh not in en


def test_scenarios_that_draw_the_same_line_take_turns_along_it(ctx):
    import re

    by_cov: dict = {}
    for i, s in enumerate(ctx.proj.stress):
        by_cov.setdefault(s.coverage, []).append(i)
    twins = [g for g in by_cov.values() if len(g) > 1]
    assert twins, "worked example 1: area down 10% and tariff down 10% give the same coverage"
    from docgen.assembly.figures import COLOURS

    svg = FIGURES["om.coverage"](ctx).svg.decode("utf-8")
    styles = dict((c, (a, o)) for a, o, c in re.findall(
        r"stroke-dasharray: ([\d.,]+); stroke-dashoffset: ([\d.]+); stroke: (#[0-9a-f]+)", svg))
    for g in twins:
        seen = [styles[COLOURS[(i + 1) % len(COLOURS)]] for i in g]
        dash, gap = (float(x) for x in seen[0][0].split(","))
        assert gap >= dash * (len(g) - 1), seen  # room in each line's gaps for the others' dashes
        assert len({o for _, o in seen}) == len(g), seen  # each at its own offset: every colour shows
