"""The derived figures `docgen compare` summarises besides the inputs: what the projection makes of each
version of the deal — total coverage per period, the lowest and cumulative coverage, senior interest over
the life of the plan (in all and per tranche), the subordinated tranche's income, and the break-even
levels. A figure is listed when it prints differently (as the documents print it) in OLD and NEW.

Labels are English words from `clauses/labels/review.yaml` (`review.derived.*`), like the labels of the
input changes; the values are formatted in both languages by `docgen.format`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.format.numbers import Formatter
from docgen.projection.result import Projection
from docgen.review.dealdiff.words import word

ZERO = Decimal(0)


@dataclass
class Derived:
    key: str  # stable id: coverage[3], senior_interest, senior_interest[A1], sub_income, break_even.uniform …
    label: str
    old: Decimal | None  # None: the figure exists only in the other version
    new: Decimal | None
    old_text: dict = field(default_factory=dict)  # zh, en
    new_text: dict = field(default_factory=dict)

    @property
    def line(self) -> str:
        def shown(t: dict) -> str:
            return t["zh"] if t["zh"] == t["en"] else f"{t['zh']} ({t['en']})"
        return f"{self.label}: {shown(self.old_text)} → {shown(self.new_text)}"

    def as_json(self) -> dict:
        def side(v, t):
            return None if v is None else {"value": format(v, "f"), **t}
        return {"key": self.key, "label": self.label, "old": side(self.old, self.old_text),
                "new": side(self.new, self.new_text), "text": self.line}


def _w(key: str) -> str:
    return word(f"review.derived.{key}", "en")


def _figures(deal, proj: Projection) -> dict[str, tuple[str, str, Decimal]]:
    """key -> (label, kind, value); kind: mult | money | pct | int."""
    out: dict[str, tuple[str, str, Decimal]] = {}
    for p in proj.periods:
        out[f"coverage[{p.index}]"] = (f"{_w('coverage')}, {_w('period')} {p.index}", "mult", p.coverage_total)
    live = [p.coverage_total for p in proj.periods if p.required > 0]
    if live:
        out["coverage.lowest"] = (_w("lowest_coverage"), "mult", min(live))
    out["coverage.cumulative"] = (_w("cumulative_coverage"), "mult", proj.cumulative_coverage)
    out["senior_interest"] = (_w("senior_interest"), "money", proj.totals["senior_interest"])
    for t in deal.tranches:
        if t.is_senior:
            paid = sum((p.interest.get(t.id, ZERO) for p in proj.periods), ZERO)
            out[f"senior_interest[{t.id}]"] = (f"{_w('senior_interest')}, {_w('tranche')} {t.id}", "money", paid)
    out["sub_income"] = (_w("sub_income"), "money", proj.totals["sub_income"])
    out["sub_residual"] = (_w("sub_residual"), "money", proj.totals["residual"])
    be = proj.break_even
    if be is not None:
        out["break_even.uniform"] = (_w("break_even_uniform"), "pct", be.uniform_haircut_pct)
        out["break_even.period"] = (_w("break_even_period"), "int", Decimal(be.binding_period))
        for cid, rate in be.collection_rate_pct.items():
            out[f"break_even.rate[{cid}]"] = (f"{_w('break_even_rate')}, {cid}", "pct", rate)
    return out


def _printer(fmt: Formatter, kind: str) -> Callable[[Decimal], str]:
    return {"mult": fmt.mult, "money": fmt.money, "pct": fmt.pct, "int": lambda x: str(int(x))}[kind]


def derived_changes(old_deal, new_deal, old_proj: Projection, new_proj: Projection) -> list[Derived]:
    """The derived figures that print differently in OLD and NEW, in a fixed order (per-period coverage,
    coverage overall, senior interest, subordinated income, break-even)."""
    fmts = {side: {lang: Formatter(lang, d.plan.amount_unit, d.plan.display_unit) for lang in ("zh", "en")}
            for side, d in (("old", old_deal), ("new", new_deal))}
    none = {lang: word("review.none", lang) for lang in ("zh", "en")}
    a, b = _figures(old_deal, old_proj), _figures(new_deal, new_proj)
    out = []
    for key in list(a) + [k for k in b if k not in a]:
        label, kind, _ = b.get(key) or a[key]
        texts = {}
        for side, figs in (("old", a), ("new", b)):
            texts[side] = ({lang: _printer(fmts[side][lang], kind)(figs[key][2]) for lang in ("zh", "en")}
                           if key in figs else dict(none))
        if texts["old"] != texts["new"]:
            out.append(Derived(key, label, a[key][2] if key in a else None, b[key][2] if key in b else None,
                               texts["old"], texts["new"]))
    return out
