"""Charts kept in the disk cache: matplotlib costs ~0.4 s of CPU a chart drawing, a cached one ~1 ms.

The key holds what a chart is drawn from (`FIGURE_INPUTS`: the projection, units, tranches, dates, the
target, the scenarios) by its repr, never by pickle: pickle's bytes differ from process to process (a
pydantic model pickles its set of set fields, whose order follows the per-process string hash), so a
pickled key never hit in a new process. Not the whole deal: an edit to a party's address or a clause's
wording does not redraw them. The chart's words come from label files; rather than key on the whole
library, an entry records every label the builder read with its text, and is used only when each of them
still reads the same (an edited legend in clauses/tables/charts.yaml is redrawn, an edited clause is not).
"""

from __future__ import annotations

from dataclasses import replace

from docgen.assembly import diskcache
from docgen.assembly.labels import Labels
from docgen.tree import Figure

# the deal fields the charts of docgen/assembly/figures.py read (tests/assembly/test_figure_cache.py traces
# them: a chart that starts reading another field fails that test until the field is added here)
FIGURE_INPUTS = ("plan.amount_unit", "plan.display_unit", "dates.establishment", "tranches",
                 "credit_enhancement.overcoverage_target", "scenarios")


def _read(obj, dotted: str):
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def inputs_repr(deal, proj) -> str:
    """What the charts are drawn from, as text that is the same in every process for the same values."""
    fields = [(path, _read(deal, path)) for path in FIGURE_INPUTS]
    # the target line is drawn only when the deal states one, so "stated" is an input too
    stated = "overcoverage_target" in deal.credit_enhancement.model_fields_set
    return repr((fields, stated, proj))


class _Recording(Labels):
    """The labels of the document, noting each one a builder reads and what it read."""

    def __init__(self, labels: Labels):
        super().__init__(labels.lib, labels.api)
        self.read: list[tuple] = []

    def text(self, key: str, **values):
        out = super().text(key, **values)
        self.read.append(("text", key, tuple(sorted(values.items())), out))
        return out

    def has(self, key: str) -> bool:
        out = super().has(key)
        self.read.append(("has", key, (), out))
        return out


def _still_reads(labels: Labels, read) -> bool:
    try:
        for kind, key, values, out in read:
            now = labels.text(key, **dict(values)) if kind == "text" else labels.has(key)
            if now != out:
                return False
    except Exception:  # noqa: BLE001 — a label that no longer renders: draw, and let the builder report it
        return False
    return True


def cached_figure(fn, ctx, key_parts: tuple, inputs: str):
    """`fn(ctx)`, or the figure drawn before from the same inputs whose labels still read the same."""
    key = diskcache.key_of("figure", *key_parts, inputs)
    hit = diskcache.load("figure", key)
    if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], Figure) and _still_reads(ctx.labels, hit[1]):
        return hit[0]
    if diskcache.folder() is None:
        return fn(ctx)
    recording = _Recording(ctx.labels)
    fig = fn(replace(ctx, labels=recording))
    if isinstance(fig, Figure):
        diskcache.store("figure", key, (fig, tuple(recording.read)))
    return fig
