"""Charts of the Offering Memorandum, drawn with matplotlib (Agg) as SVG (text kept as text) and PNG.

Output is byte-identical run to run: fixed `svg.hashsalt`, no dates in the metadata, fixed sizes and
DPI, and nothing read from the clock. Each chart is drawn three times: bilingual labels (the Chinese, a
space, the English) for the parallel and sequential layouts, and Chinese-only and English-only ones that
the zh and en layouts pick (`Figure.langs`, `Figure.only`). The words come from
clauses/tables/charts.yaml (`chart.<figure id>.<key>`).
matplotlib is imported lazily: importing this module costs nothing until a chart is drawn.
"""

from __future__ import annotations

import io
from decimal import Decimal

from docgen.assembly.registry import BuildContext, figure
from docgen.format.amounts import UNIT_FACTOR, to_yuan
from docgen.tree import Bi, Figure

FONT = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "docgen",
    "font.family": "sans-serif",
    "font.sans-serif": FONT,
    "font.size": 8,
    "axes.unicode_minus": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.5,
    "legend.frameon": False,
    "path.simplify": False,
    "figure.dpi": 100,
}
COLOURS = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#b8860b", "#2e8b57",
           "#8b4513"]
SIZE = (6.3, 3.2)  # inches: 160 mm wide
PNG_DPI = 200
LEGEND_ROW_IN = 0.14  # one row of a 6.5 pt legend, inches


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _shown(ctx: BuildContext, x: Decimal) -> float:
    """An amount in the display unit, as a float for plotting only (never printed)."""
    u = ctx.fmt["zh"].display_unit
    return float(to_yuan(x, ctx.fmt["zh"].amount_unit) / UNIT_FACTOR[u])


LANGS = (None, "zh", "en")  # the bilingual chart, then one per language


def _both(zh: str, en: str, lang: str | None) -> str:
    """A label in `lang`, or in both ("zh en") for the bilingual chart (`lang` None)."""
    return {"zh": zh, "en": en}.get(lang, f"{zh} {en}")


def _unit(ctx: BuildContext, lang: str | None) -> str:
    return _both(ctx.fmt["zh"].unit_label(), ctx.fmt["en"].unit_label(), lang)


def _words(ctx: BuildContext, fig_id: str, key: str, lang: str | None) -> str:
    """A chart label `chart.<fig_id>.<key>` in `lang` (None: both, "zh en")."""
    b = ctx.labels.text(f"chart.{fig_id}.{key}")
    return _both(b.zh, b.en, lang)


def _caption(ctx: BuildContext, fig_id: str) -> Bi:
    return ctx.labels.text(f"chart.{fig_id}.caption")


def _draw_one(draw, lang: str | None) -> tuple[bytes, bytes]:
    """The SVG and PNG of one chart drawn by `draw(fig, lang)`."""
    plt = _plt()
    import matplotlib

    with matplotlib.rc_context(RC):
        fig = plt.figure(figsize=SIZE)
        try:
            draw(fig, lang)
            fig.tight_layout()
            svg = io.BytesIO()
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
            png = io.BytesIO()
            fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
        finally:
            plt.close(fig)
    return svg.getvalue(), png.getvalue()


def _render(fig_id: str, caption: Bi, draw) -> Figure:
    (svg, png), *mono = [_draw_one(draw, lang) for lang in LANGS]
    langs = tuple((lang, s, p) for lang, (s, p) in zip(LANGS[1:], mono))
    return Figure(id=fig_id, caption=caption, svg=svg, png=png, width_mm=160, langs=langs)


def _thousands(ax):
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))


def _legend_above(ax, ncol: int):
    """The legend in a row above the plot, where it can never cover a bar or a line."""
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=7, ncol=ncol, borderaxespad=0.2)


def _period_labels(proj) -> list[str]:
    return [f"{p.index}\n{p.payment_date.isoformat()}" for p in proj.periods]


@figure("om.inflow-vs-due")
def inflow_vs_due(ctx: BuildContext) -> Figure:
    """Forecast inflow against amounts due per period, with the total coverage over each pair."""
    fid, proj = "om.inflow-vs-due", ctx.proj
    inflow = [_shown(ctx, p.inflow) for p in proj.periods]
    due = [_shown(ctx, p.required) for p in proj.periods]
    labels = _period_labels(proj)
    n = len(labels)

    def draw(fig, lang):
        ax = fig.add_subplot(111)
        xs = list(range(n))
        w = 0.38
        ax.bar([x - w / 2 for x in xs], inflow, w, color=COLOURS[0], label=_words(ctx, fid, "inflow", lang))
        ax.bar([x + w / 2 for x in xs], due, w, color=COLOURS[1], label=_words(ctx, fid, "due", lang))
        top = max(inflow + due + [1.0])
        for x, p, h in zip(xs, proj.periods, inflow):
            ax.text(x - w / 2, h + top * 0.01, ctx.fmt["en"].mult(p.coverage_total, 2), ha="center",
                    va="bottom", fontsize=6.5)
        ax.set_xticks(xs)
        ax.set_xticklabels(labels, fontsize=6.5 if n <= 12 else 5)
        ax.set_xlabel(_words(ctx, fid, "x_axis", lang))
        ax.set_ylabel(_unit(ctx, lang))
        ax.set_ylim(0, top * 1.15)
        _thousands(ax)
        _legend_above(ax, 2)

    return _render(fid, _caption(ctx, fid), draw)


@figure("om.coverage")
def coverage(ctx: BuildContext) -> Figure:
    """Total coverage per period under the base case and every stress scenario; the 1.00x line."""
    fid, proj = "om.coverage", ctx.proj
    xs = [p.index for p in proj.periods]
    target = ctx.deal.credit_enhancement.overcoverage_target
    en = ctx.fmt["en"]
    same: dict[tuple, list[int]] = {}  # scenarios whose coverage is the same in every period, drawn interleaved
    for i, s in enumerate(proj.stress):
        same.setdefault(s.coverage, []).append(i)

    def draw(fig, lang):
        ax = fig.add_subplot(111)
        ax.plot(xs, [float(p.coverage_total) for p in proj.periods], marker="o", lw=1.8, color=COLOURS[0],
                label=_words(ctx, fid, "base_case", lang))
        for i, s in enumerate(proj.stress):
            ax.plot(xs, [float(c) for c in s.coverage], marker=".", lw=1.0, ls=_dashes(i, same[s.coverage]),
                    color=COLOURS[(i + 1) % len(COLOURS)], label=f"{s.id} {_both(s.name_zh, s.name_en, lang)}")
        ax.axhline(1.0, color="black", lw=0.8)
        # the 1.00x label in the right margin, outside the plot, where no line can run under it
        ax.text(1.005, 1.0, en.mult(Decimal(1), 2), transform=ax.get_yaxis_transform(), va="center", ha="left",
                fontsize=6.5)
        # the target is the deal's own input, drawn only when the deal states one and named in the legend
        if "overcoverage_target" in ctx.deal.credit_enhancement.model_fields_set and target != 1:
            ax.axhline(float(target), color=COLOURS[6], lw=0.8, ls=":",
                       label=f"{_words(ctx, fid, 'target', lang)} {en.mult(target, 2)}")
        ax.set_xticks(xs)
        ax.set_xticklabels([str(x) for x in xs])
        ax.set_xlabel(_words(ctx, fid, "x_axis", lang))
        ax.set_ylabel(_words(ctx, fid, "y_axis", lang))
        _legend_rows_above(fig, ax)

    return _render(fid, _caption(ctx, fid), draw)


def _dashes(i: int, group: list[int]):
    """The dash pattern of stress line `i`: dashed; when other scenarios draw the very same line, dashes that
    take turns with theirs, so that every line of the legend shows on the plot."""
    if len(group) == 1:
        return "--"
    k, n = group.index(i), len(group)
    return (3.0 * k, (3.0, 3.0 * (n - 1)))


def _legend_rows_above(fig, ax):
    """A long legend above the plot, in two columns when its labels fit the width, else one; the figure
    grows by the legend's height so that the plot keeps its own."""
    for ncol in (2, 1):
        leg = ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.02), fontsize=6.5, ncol=ncol, borderaxespad=0.2)
        width = leg.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi
        if width <= SIZE[0] * 0.85:
            break
    rows = -(-len(leg.get_texts()) // ncol)
    fig.set_size_inches(SIZE[0], SIZE[1] + rows * LEGEND_ROW_IN)


@figure("om.balances")
def balances(ctx: BuildContext) -> Figure:
    """Outstanding principal of each tranche from establishment to each payment date (stacked steps)."""
    fid, deal, proj = "om.balances", ctx.deal, ctx.proj
    dates = [deal.dates.establishment] + [p.payment_date for p in proj.periods]
    series = []
    for t in deal.tranches:
        vals = [_shown(ctx, t.size)] + [_shown(ctx, p.balances.get(t.id, Decimal(0))) for p in proj.periods]
        series.append((t.id, vals))

    def draw(fig, lang):
        ax = fig.add_subplot(111)
        xs = list(range(len(dates)))
        bottom = [0.0] * len(xs)
        for i, (tid, vals) in enumerate(series):
            ax.bar(xs, vals, 0.6, bottom=bottom, color=COLOURS[i % len(COLOURS)], label=tid)
            bottom = [a + b for a, b in zip(bottom, vals)]
        ax.set_xticks(xs)
        ax.set_xticklabels([d.isoformat() for d in dates], fontsize=6.5 if len(xs) <= 12 else 5, rotation=30,
                           ha="right")
        ax.set_ylabel(_unit(ctx, lang))
        ax.set_xlabel(_words(ctx, fid, "x_axis", lang))
        _thousands(ax)
        _legend_above(ax, min(4, len(series)))

    return _render(fid, _caption(ctx, fid), draw)


@figure("om.monthly")
def monthly(ctx: BuildContext) -> Figure:
    """Forecast collections per month, with what is swept to the Plan."""
    fid, proj = "om.monthly", ctx.proj
    months = list(proj.months)
    cash = [_shown(ctx, m.cash) for m in months]
    swept = [_shown(ctx, m.transferred) for m in months]

    def draw(fig, lang):
        ax = fig.add_subplot(111)
        xs = list(range(len(months)))
        ax.bar(xs, cash, 0.8, color=COLOURS[5], label=_words(ctx, fid, "collections", lang))
        if any(abs(a - b) > 1e-9 for a, b in zip(cash, swept)):
            ax.plot(xs, swept, color=COLOURS[1], lw=1.0, label=_words(ctx, fid, "swept", lang))
        step = max(1, len(xs) // 12)
        ax.set_xticks(xs[::step])
        ax.set_xticklabels([f"{m.month.year}-{m.month.month:02d}" for m in months][::step], rotation=45, ha="right",
                           fontsize=6)
        ax.set_ylabel(_unit(ctx, lang))
        _legend_above(ax, 2)
        _thousands(ax)

    return _render(fid, _caption(ctx, fid), draw)
