"""The declared type of the field at a path, and what kind of value it holds (money, quantity, percent …)."""

from __future__ import annotations

import datetime as dt
import functools
import typing
from decimal import Decimal

from pydantic import BaseModel

from docgen.model.deal import Deal
from docgen.model.types import Money, Percent, SignedPercent
from docgen.review.dealdiff.changes import is_bitext


def _unwrap(tp):
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Union or type(tp).__name__ == "UnionType":
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def field_type(path: tuple):
    """The declared type (Annotated kept) of the field at `path`, or None."""
    tp: object = Deal
    for step in path:
        tp = _unwrap(tp)
        base = typing.get_args(tp)[0] if typing.get_origin(tp) is typing.Annotated else tp
        base = _unwrap(base)
        if typing.get_origin(base) is typing.Annotated:
            base = typing.get_args(base)[0]
        origin = typing.get_origin(base)
        if origin is typing.Union or type(base).__name__ == "UnionType":  # the pool: pick by member fields
            members = [_unwrap(m) for m in typing.get_args(base)]
            members = [typing.get_args(m)[0] if typing.get_origin(m) is typing.Annotated else m for m in members]
            hit = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)
                   and isinstance(step, str) and _field_hint(m, step) is not None]
            if not hit:
                return None
            tp = _field_hint(hit[0], step)
            continue
        if isinstance(base, type) and issubclass(base, BaseModel) and isinstance(step, str):
            tp = _field_hint(base, step)
            if tp is None:
                return None
        elif origin is list:
            tp = typing.get_args(base)[0]
        elif origin is dict:
            tp = typing.get_args(base)[1]
        else:
            return None
    return tp


@functools.lru_cache(maxsize=None)
def _field_hint(model: type, name: str):
    hints = _hints(model)
    for fname, f in model.model_fields.items():
        if fname == name or f.alias == name:
            return hints.get(fname)
    return None


@functools.lru_cache(maxsize=None)
def _hints(model: type) -> dict:
    return typing.get_type_hints(model, include_extras=True)


# Money-typed fields that are quantities, not amounts of money: the unit printed after each
# (its label is review.unit.<unit> in clauses/labels/review.yaml)
QUANTITIES = {
    "capacity_mw": "mw", "area_capacity": "area", "heated_area": "area", "billable_area": "area",
    "price": "area_price", "new_price": "area_price", "volume": "energy", "annual_volume": "energy", "tariff": "tariff",
}


def value_kind(path: tuple, sample) -> str:
    tp = field_type(path)
    name = next((s for s in reversed(path) if isinstance(s, str)), "")
    inner = _unwrap(tp) if tp is not None else None
    if is_bitext(sample):
        return "bitext"
    if inner is Money or tp is Money:
        return "quantity" if name in QUANTITIES else "money"
    if inner in (Percent, SignedPercent) or tp in (Percent, SignedPercent):
        return "percent"
    if isinstance(sample, Decimal) and (name.endswith("_pct") or name.startswith("pct_") or "_pct_" in name):
        return "percent"
    if name == "spread_bp":
        return "bp"
    if name == "overcoverage_target":
        return "multiple"
    if isinstance(sample, dt.date):
        return "date"
    if isinstance(sample, list) and sample and all(isinstance(x, dt.date) for x in sample):
        return "dates"
    if isinstance(sample, Decimal) and (inner is Money or name in ("amount", "size", "cap")):
        return "money"
    return "text"
