"""What changed between two deals, field by field, in the user's terms.

Both deals are compared as validated models (defaults filled in), so writing a default out
explicitly is no change. Lists whose items carry an `id` (tranches, fees, accounts, triggers …) or a
`season`/`date`/`year` are matched by that key, so reordering is no change and a changed tranche is
named by its id; lists of plain values (payment dates, roles) are compared whole; bilingual text is
one leaf (its Chinese and English shown together).

A `Change` can be applied to another deal's data (`apply_changes`), which is how `compare` finds
the articles each change touches.

The parts: `changes` (what a change is, and finding them), `paths` (following a path, applying
changes), `fields` (the kind of value a field holds), `values` (printing a value), `labels` (a change's
label), `words` (the printed words, from clauses/labels/review.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.format.numbers import Formatter
from docgen.model.deal import Deal
from docgen.review.dealdiff.changes import MISSING, Change, Sel, Step, diff_data, dotted, is_bitext, plain
from docgen.review.dealdiff.fields import QUANTITIES, field_type, value_kind
from docgen.review.dealdiff.labels import FIELD_LABELS, KEYED_SECTIONS, PARTY_FIELDS, TRANCHE_FIELDS, label
from docgen.review.dealdiff.paths import apply_changes, get, yaml_path
from docgen.review.dealdiff.values import describe_item, format_value

__all__ = [
    "FIELD_LABELS", "KEYED_SECTIONS", "MISSING", "PARTY_FIELDS", "QUANTITIES", "SECTION_ORDER", "TRANCHE_FIELDS",
    "Change", "DealDiff", "Sel", "Step", "apply_changes", "describe_item", "diff_data", "diff_deals", "dotted",
    "field_type", "format_value", "get", "is_bitext", "label", "plain", "value_kind", "yaml_path",
]


@dataclass
class DealDiff:
    old: Deal
    new: Deal
    old_data: dict
    new_data: dict
    changes: list[Change]


def diff_deals(old: Deal, new: Deal, old_pos=None, new_pos=None) -> DealDiff:
    """Every changed leaf, labelled and formatted; `*_pos` are the loader's Positions (line numbers)."""
    od, nd = plain(old), plain(new)
    changes = diff_data(od, nd)
    fmts = {
        "old": {lang: Formatter(lang, old.plan.amount_unit, old.plan.display_unit) for lang in ("zh", "en")},
        "new": {lang: Formatter(lang, new.plan.amount_unit, new.plan.display_unit) for lang in ("zh", "en")},
    }
    for c in changes:
        sample = c.new if c.new is not MISSING else c.old
        c.value_kind = value_kind(c.path, sample) if c.kind == "changed" else "item"
        c.label = label(c.path, od, nd)
        for side, value, target in (("old", c.old, c.old_text), ("new", c.new, c.new_text)):
            for lang in ("zh", "en"):
                if c.kind == "changed":
                    target[lang] = format_value(value, c.value_kind, fmts[side][lang], c.path)
                else:
                    target[lang] = "—" if value is MISSING else describe_item(value, c.path, fmts[side][lang])
        for side, data, pos in (("old", od, old_pos), ("new", nd, new_pos)):
            if pos is None:
                continue
            yp = yaml_path(data, c.path)
            if yp is None:
                yp = yaml_path(data, c.path[:-1])
            if yp is not None:
                try:
                    setattr(c, f"{side}_line", int(pos.at(tuple(yp))[0]))
                except (AttributeError, TypeError, ValueError, IndexError):
                    pass
    changes.sort(key=_order_key)
    return DealDiff(old, new, od, nd, changes)


SECTION_ORDER = ["plan", "parties", "pool", "tranches", "dates", "fees", "taxes_rate", "credit_enhancement",
                 "triggers", "accounts", "legal", "scenarios"]


def _order_key(c: Change):
    top = c.path[0] if c.path else ""
    rank = SECTION_ORDER.index(top) if top in SECTION_ORDER else len(SECTION_ORDER)
    return (rank, c.new_line if c.new_line is not None else (c.old_line or 0), c.sort_key())
