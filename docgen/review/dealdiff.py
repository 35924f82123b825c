"""What changed between two deals, field by field, in the user's terms.

Both deals are compared as validated models (defaults filled in), so writing a default out
explicitly is no change. Lists whose items carry an `id` (tranches, fees, accounts, triggers …) or a
`season`/`date`/`year` are matched by that key, so reordering is no change and a changed tranche is
named by its id; lists of plain values (payment dates, roles) are compared whole; bilingual text is
one leaf (its Chinese and English shown together).

A `Change` can be applied to another deal's data (`apply_changes`), which is how `compare` finds
the articles each change touches.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel

from docgen.format.numbers import Formatter
from docgen.model.deal import Deal
from docgen.model.types import Money, Percent, SignedPercent

MISSING = object()


@dataclass(frozen=True, order=True)
class Sel:
    """The item of a list whose `key` field equals `value` (e.g. the tranche with id A2)."""

    key: str
    value: object

    def __str__(self) -> str:
        return str(self.value)


Step = typing.Union[str, int, Sel]


@dataclass
class Change:
    path: tuple  # steps from the deal root: str keys, Sel for keyed items, int for positional items
    kind: str  # changed | added | removed
    old: object  # plain value (MISSING when added)
    new: object  # plain value (MISSING when removed)
    label: str = ""
    value_kind: str = "text"
    old_text: dict = field(default_factory=dict)  # {"zh": …, "en": …}
    new_text: dict = field(default_factory=dict)
    old_line: int | None = None
    new_line: int | None = None

    @property
    def dotted(self) -> str:
        return dotted(self.path)

    def sort_key(self):
        return tuple((0, s) if isinstance(s, str) else (1, str(s)) for s in self.path)


def dotted(path: tuple) -> str:
    out = ""
    for s in path:
        if isinstance(s, (int, Sel)):
            out += f"[{s}]"
        else:
            out += ("." if out else "") + str(s)
    return out


# ----------------------------------------------------------------------------- plain data
def plain(deal: Deal) -> dict:
    """The deal as plain data that validates back into the same deal (aliases, defaults kept)."""
    return _unenum(deal.model_dump(mode="python", by_alias=True))


def _unenum(x):
    if isinstance(x, dict):
        return {k: _unenum(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_unenum(v) for v in x]
    if isinstance(x, Enum):
        return x.value
    return x


def _is_bitext(x) -> bool:
    return isinstance(x, dict) and set(x) == {"zh", "en"} and all(isinstance(v, str) for v in x.values())


def _list_key(items: list) -> str | None:
    """The field that identifies the items of a list of mappings, if there is one."""
    if not items or not all(isinstance(i, dict) and not _is_bitext(i) for i in items):
        return None
    for key in ("id", "season", "from_date", "date", "year", "payment_date", "effective_season"):
        values = [i.get(key, MISSING) for i in items]
        if all(v is not MISSING and v is not None for v in values) and len(set(map(repr, values))) == len(values):
            return key
    return None


def diff_data(old, new, path: tuple = ()) -> list[Change]:
    """Every changed leaf between two plain deals."""
    if old == new:
        return []
    if _is_bitext(old) or _is_bitext(new):
        return [Change(path, "changed", old, new)]
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in list(old) + [k for k in new if k not in old]:
            o, n = old.get(k, MISSING), new.get(k, MISSING)
            if o is MISSING:
                out.append(Change(path + (k,), "added", MISSING, n))
            elif n is MISSING:
                out.append(Change(path + (k,), "removed", o, MISSING))
            else:
                out += diff_data(o, n, path + (k,))
        return out
    if isinstance(old, list) and isinstance(new, list):
        key = _list_key(old) if old else None
        nkey = _list_key(new) if new else None
        key = key or nkey if (not old or not new) else (key if key == nkey else None)
        if key:
            okeys = {repr(i[key]): i for i in old}
            nkeys = {repr(i[key]): i for i in new}
            out = []
            for i in old:
                r = repr(i[key])
                sel = Sel(key, i[key])
                if r in nkeys:
                    out += diff_data(i, nkeys[r], path + (sel,))
                else:
                    out.append(Change(path + (sel,), "removed", i, MISSING))
            for i in new:
                if repr(i[key]) not in okeys:
                    out.append(Change(path + (Sel(key, i[key]),), "added", MISSING, i))
            return out
        if old and new and all(isinstance(i, dict) for i in old + new) and len(old) == len(new):
            out = []
            for idx, (o, n) in enumerate(zip(old, new)):
                out += diff_data(o, n, path + (idx,))
            return out
        return [Change(path, "changed", old, new)]
    return [Change(path, "changed", old, new)]


# ----------------------------------------------------------------------------- navigation
def _index(items: list, step) -> int | None:
    if isinstance(step, int):
        return step if 0 <= step < len(items) else None
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get(step.key, MISSING) == step.value:
            return i
    return None


def yaml_path(data, path: tuple) -> tuple | None:
    """The path with keyed steps replaced by list indexes in `data` (for line numbers)."""
    out: list = []
    cur = data
    for step in path:
        if isinstance(cur, list):
            i = _index(cur, step)
            if i is None:
                return None
            out.append(i)
            cur = cur[i]
        elif isinstance(cur, dict):
            if step not in cur:
                return None
            out.append(step)
            cur = cur[step]
        else:
            return None
    return tuple(out)


def get(data, path: tuple):
    cur = data
    for step in path:
        if isinstance(cur, list):
            i = _index(cur, step)
            if i is None:
                return MISSING
            cur = cur[i]
        elif isinstance(cur, dict):
            if step not in cur:
                return MISSING
            cur = cur[step]
        else:
            return MISSING
    return cur


def apply_changes(data: dict, changes: list[Change], new_data: dict | None = None) -> dict:
    """A deep copy of `data` with `changes` applied (added list items go where they are in `new_data`)."""
    import copy

    out = copy.deepcopy(data)
    for c in changes:
        *parent_path, last = c.path
        parent = get(out, tuple(parent_path))
        if parent is MISSING:
            raise KeyError(dotted(c.path))
        if isinstance(parent, dict):
            if c.kind == "removed":
                parent.pop(last, None)
            else:
                parent[last] = copy.deepcopy(c.new)
        elif isinstance(parent, list):
            i = _index(parent, last)
            if c.kind == "removed":
                if i is not None:
                    del parent[i]
            elif c.kind == "added":
                where = len(parent)
                if new_data is not None:
                    siblings = get(new_data, tuple(parent_path))
                    if isinstance(siblings, list):
                        j = _index(siblings, last)
                        if j is not None:
                            where = min(j, len(parent))
                parent.insert(where, copy.deepcopy(c.new))
            else:
                if i is None:
                    raise KeyError(dotted(c.path))
                parent[i] = copy.deepcopy(c.new)
        else:
            raise KeyError(dotted(c.path))
    return out


# ----------------------------------------------------------------------------- types of fields
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


# Money-typed fields that are quantities, not amounts of money
QUANTITIES = {
    "capacity_mw": "MW", "area_capacity": "万㎡", "heated_area": "万㎡", "billable_area": "万㎡",
    "price": "元/㎡", "new_price": "元/㎡", "volume": "万kWh", "annual_volume": "万kWh", "tariff": "元/kWh",
}


def value_kind(path: tuple, sample) -> str:
    tp = field_type(path)
    name = next((s for s in reversed(path) if isinstance(s, str)), "")
    inner = _unwrap(tp) if tp is not None else None
    if _is_bitext(sample):
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


def describe_item(item, path: tuple, fmt: Formatter) -> str:
    """An added or removed list item or party in a line: its name, then its scalar fields formatted."""
    if not isinstance(item, dict):
        return format_value(item, value_kind(path, item), fmt, path)
    head = ""
    if _is_bitext(item.get("name")):
        head = item["name"][fmt.lang]
    parts = []
    for k, v in item.items():
        if k == "name" or v in (None, [], {}) or (isinstance(v, dict) and not _is_bitext(v)) or isinstance(v, list):
            continue
        parts.append(f"{k} {format_value(v, value_kind(path + (k,), v), fmt, path + (k,))}")
    text = (head + (": " if head and parts else "") + ", ".join(parts)) or _short(item, fmt.lang)
    return text if len(text) <= 240 else text[:239] + "…"


def format_value(value, kind: str, fmt: Formatter, path: tuple) -> str:
    if value is MISSING:
        return "—"
    if value is None:
        return "无" if fmt.lang == "zh" else "none"
    name = next((s for s in reversed(path) if isinstance(s, str)), "")
    try:
        if kind == "money" and isinstance(value, Decimal):
            return fmt.money(value)
        if kind == "quantity" and isinstance(value, Decimal):
            return f"{fmt.num(value)} {QUANTITIES.get(name, '')}".strip()
        if kind == "percent" and isinstance(value, Decimal):
            return fmt.pct(value)
        if kind == "bp" and isinstance(value, Decimal):
            return f"{fmt.num(value, 0)} bp"
        if kind == "multiple" and isinstance(value, Decimal):
            return fmt.mult(value)
        if kind == "date" and isinstance(value, dt.date):
            return fmt.date(value)
        if kind == "dates" and isinstance(value, list):
            return "、".join(fmt.date(d) for d in value) if fmt.lang == "zh" else "; ".join(fmt.date(d) for d in value)
        if kind == "bitext" and isinstance(value, dict):
            return value[fmt.lang]
    except (ValueError, TypeError, ArithmeticError):
        pass
    if isinstance(value, dict) and not _is_bitext(value):
        return describe_item(value, path, fmt)
    return _short(value, fmt.lang)


def _short(value, lang: str) -> str:
    if _is_bitext(value):
        return value[lang]
    if isinstance(value, dict):
        if _is_bitext(value.get("name")):
            return value["name"][lang]
        if "id" in value:
            return str(value["id"])
        return "{" + ", ".join(f"{k}: {_short(v, lang)}" for k, v in value.items() if v not in (None, [], {})) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_short(v, lang) for v in value) + "]"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# ----------------------------------------------------------------------------- labels
ROLE_LABELS = {
    "plan_manager": "Plan manager", "originator": "Originator", "servicer": "Servicer", "custodian": "Custodian",
    "account_bank": "Account bank", "shortfall_undertaker": "Shortfall undertaker", "guarantor": "Guarantor",
    "pledgor": "Pledgor", "liquidity_provider": "Liquidity provider", "rating_agency": "Rating agency",
    "cash_flow_forecaster": "Cash-flow forecaster", "law_firm": "Law firm", "accountant": "Accountant",
    "distributor": "Distributor", "financial_adviser": "Financial adviser", "registrar": "Registrar",
}
FIELD_LABELS = {
    ("plan", "total_size"): "Plan size",
    ("plan", "id"): "Deal id",
    ("plan", "regime_version"): "Regulatory regime version",
    ("plan", "green_label"): "Green label",
    ("plan", "no_objection_letter", "number"): "No-objection letter number",
    ("plan", "no_objection_letter", "date"): "No-objection letter date",
    ("plan", "amac_filing_no"): "AMAC filing number",
    ("plan", "name"): "Plan name",
    ("plan", "short_name"): "Plan short name",
    ("plan", "draft_date"): "Draft date",
    ("plan", "exchange"): "Exchange",
    ("plan", "amount_unit"): "Amount unit of the deal file",
    ("plan", "display_unit"): "Display unit",
    ("plan", "collection_mode"): "Collection mode",
    ("plan", "asset_type"): "Asset type",
    ("dates", "establishment"): "Establishment date",
    ("dates", "cutoff"): "Cut-off date",
    ("dates", "payment_dates"): "Payment dates",
    ("dates", "legal_maturity"): "Legal maturity",
    ("dates", "day_count"): "Day count",
    ("dates", "business_day_convention"): "Business-day convention",
    ("dates", "sweep", "interval"): "Sweep interval",
    ("dates", "sweep", "within_business_days"): "Sweep within (business days)",
    ("legal", "signing_date"): "Signing date",
    ("legal", "signing_place"): "Signing place",
    ("legal", "default_interest_per_day"): "Default interest (per day)",
    ("legal", "counterparts"): "Counterparts",
    ("legal", "dispute", "method"): "Dispute resolution method",
    ("legal", "dispute", "institution"): "Dispute resolution institution",
    ("legal", "dispute", "seat"): "Seat of dispute resolution",
    ("taxes_rate",): "Tax rate",
    ("credit_enhancement", "overcoverage_target"): "Overcoverage target",
    ("credit_enhancement", "pledge"): "Pledge",
    ("credit_enhancement", "guarantee"): "Guarantee",
    ("credit_enhancement", "undertaking"): "Shortfall undertaking",
    ("credit_enhancement", "interim_shortfall"): "Interim shortfall payment",
    ("credit_enhancement", "guarantee", "guarantor"): "Guarantor",
    ("credit_enhancement", "pledge", "pledgor"): "Pledgor",
    ("credit_enhancement", "undertaking", "cap"): "Shortfall undertaking cap",
    ("credit_enhancement", "undertaking", "scope"): "Shortfall undertaking scope",
    ("credit_enhancement", "undertaking", "undertaker"): "Shortfall undertaker",
    ("credit_enhancement", "cash_collateral"): "Cash collateral",
    ("credit_enhancement", "pledge", "object"): "Pledged property",
    ("credit_enhancement", "pledge", "registration_days"): "Pledge registration period (days)",
    ("pool", "licence", "number"): "Pool licence number",
    ("pool", "licence", "valid_to"): "Pool licence valid to",
    ("pool", "operating_years"): "Operating years",
}
KEYED_SECTIONS = {"scenarios": "Stress scenario", "triggers": "Trigger", "accounts": "Account"}
TRANCHE_FIELDS = {
    ("size",): "size", ("coupon", "rate"): "coupon", ("coupon", "type"): "coupon type",
    ("coupon", "spread_bp"): "coupon spread", ("expected_maturity",): "expected maturity",
    ("legal_maturity",): "legal maturity", ("name",): "name", ("rating", "rating"): "rating",
    ("amortisation", "schedule"): "amortisation schedule", ("amortisation", "type"): "amortisation type",
    ("interest_frequency",): "interest frequency", ("put_dates",): "put dates", ("call_dates",): "call dates",
    ("holder",): "holder", ("class",): "class", ("day_count",): "day count",
}
PARTY_FIELDS = {
    ("name",): "name", ("short_name",): "short name", ("legal_rep",): "legal representative",
    ("registered_address",): "registered address", ("office_address",): "office address", ("uscc",): "USCC",
    ("postcode",): "postcode", ("contact", "person"): "contact person", ("contact", "phone"): "phone",
    ("contact", "email"): "e-mail", ("contact", "fax"): "fax", ("roles",): "roles",
    ("registered_capital",): "registered capital", ("credit_rating", "rating"): "credit rating",
}


def _human(steps) -> str:
    out = []
    for k, s in enumerate(steps):
        if isinstance(s, int) and k and steps[k - 1] in ("seasonality", "monthly_profile"):
            out.append(f"month {s}")
        elif isinstance(s, (int, Sel)):
            out.append(f"[{s}]")
        else:
            out.append(str(s).replace("_", " "))
    return " ".join(out)


def label(path: tuple, old: dict, new: dict) -> str:
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    if len(path) >= 2 and path[0] == "tranches" and isinstance(path[1], Sel):
        rest = path[2:]
        tid = path[1].value
        if not rest:
            return f"Tranche {tid}"
        return f"Tranche {tid} {TRANCHE_FIELDS.get(tuple(rest), _human(rest))}"
    if len(path) >= 2 and path[0] == "parties":
        pid = path[1]
        party = get(new, ("parties", pid))
        if party is MISSING:
            party = get(old, ("parties", pid))
        roles = party.get("roles", []) if isinstance(party, dict) else []
        who = f"{ROLE_LABELS.get(roles[0], roles[0])} ({pid})" if roles else f"Party {pid}"
        rest = path[2:]
        if not rest:
            return f"Party {pid}"
        return f"{who} {PARTY_FIELDS.get(tuple(rest), _human(rest))}"
    if len(path) >= 2 and path[0] == "fees" and isinstance(path[1], Sel):
        fee = get(new, path[:2])
        if fee is MISSING:
            fee = get(old, path[:2])
        name = fee["name"]["en"] if isinstance(fee, dict) and _is_bitext(fee.get("name")) else str(path[1])
        rest = path[2:]
        return f"Fee '{name}'" + (f" {_human(rest)}" if rest else "")
    if len(path) >= 2 and path[0] in KEYED_SECTIONS and isinstance(path[1], Sel):
        rest = path[2:]
        return f"{KEYED_SECTIONS[path[0]]} {path[1]}" + (f" {_human(rest)}" if rest else "")
    if len(path) >= 3 and path[:2] == ("pool", "customer_classes") and isinstance(path[2], Sel):
        cls = get(new, path[:3])
        if cls is MISSING:
            cls = get(old, path[:3])
        name = cls["name"]["en"] if isinstance(cls, dict) and _is_bitext(cls.get("name")) else str(path[2])
        rest = path[3:]
        return name + (f" {_human(rest)}" if rest else "")
    return dotted(path)


# ----------------------------------------------------------------------------- the diff
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
