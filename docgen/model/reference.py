"""The deal-file field reference (docs/deal-reference.md), generated from the model.

`python -m docgen.model.reference > docs/deal-reference.md` writes it; tests/model/test_reference.py fails
when the committed file is stale. Every field gets its type and limits (from the annotations), required or
default, its `Field(description=…)`, the rules that read it and an example from the sample deals.

Which rules read a field is found two ways, both from the code rather than a list kept by hand: the field
paths a rule reports (tuples of field names in its source), and the fields it actually reads when run on
every sample deal (attribute reads traced on the model objects).
"""

from __future__ import annotations

import ast
import datetime as dt
import enum
import inspect
import sys
import textwrap
import types
import typing
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import annotated_types as at
from pydantic import BaseModel

from docgen.model.deal import Deal
from docgen.model.typeinfo import unwrap
from docgen.model.types import BiText, Strict

SAMPLES = Path(__file__).resolve().parents[2] / "deals"  # a checkout's sample deals (the reference is built there)
FIRST_SAMPLE = "heating-sweep-guaranteed.yaml"  # examples come from it first: the sample docs/deal-file.md points at

HEADER = """\
# Deal file reference

Every field of a deal file, generated from the model (`docgen/model/`) by
`python -m docgen.model.reference > docs/deal-reference.md` — do not edit by hand; a test fails when this
file is stale. How to write the file (YAML, units, quoting) is in [deal-file.md](deal-file.md); the same
descriptions appear in the JSON Schema (`docgen schema`) for editor completion.

Columns: **type** with its limits; **required** or the default used when the key is left out; **rules**,
the cross-field checks of `docgen validate` that read the field (docgen/model/rules/); an **example** from
the sample deals in `deals/`. Amounts are in `plan.amount_unit` (yuan, or wan = 10,000 yuan); percentages are
numbers of per cent (`3.10` is 3.10 %); bilingual text is written `{zh: ..., en: ...}`.
"""


# ----------------------------------------------------------------------------- types
def _limits(meta) -> list[str]:
    out = []
    for m in meta:
        for c in getattr(m, "metadata", [m]):  # a FieldInfo carries its constraints in .metadata
            for cls, sign, attr in ((at.Ge, "≥", "ge"), (at.Gt, ">", "gt"), (at.Le, "≤", "le"), (at.Lt, "<", "lt")):
                if isinstance(c, cls):
                    v = getattr(c, attr)
                    out.append(f"{sign} {v:,}" if abs(v) < 10**9 else f"{sign} 10^{len(str(int(v))) - 1}")
            if isinstance(c, at.MinLen) and c.min_length > 1:
                out.append(f"at least {c.min_length:,}")
            if isinstance(c, at.MaxLen) and c.max_length not in (500, 20000):  # the text-length guards: noise here
                out.append(f"at most {c.max_length:,}")
            if getattr(c, "pattern", None):
                out.append(f"form `{c.pattern}`")
    return out


def _anchor(cls) -> str:
    return cls.__name__.lower()


def type_text(tp) -> str:
    """The type of a field as the reference prints it, limits included."""
    tp, meta, optional = unwrap(tp)
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        text = "one of " + ", ".join(f"`{v}`" for v in typing.get_args(tp))
    elif origin in (typing.Union, types.UnionType):
        text = " or ".join(type_text(a) for a in typing.get_args(tp))
    elif origin is list:
        text = "list of " + type_text(typing.get_args(tp)[0])
    elif origin is dict:
        k, v = typing.get_args(tp)
        text = f"mapping of {type_text(k)} → {type_text(v)}"
    elif tp is BiText:
        text = "bilingual text `{zh, en}`"
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        text = f"[{tp.__name__}](#{_anchor(tp)})"
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        text = "one of " + ", ".join(f"`{m.value}`" for m in tp)
    else:
        text = {Decimal: "number", int: "integer", str: "text", bool: "`true` / `false`", dt.date: "date YYYY-MM-DD"}.get(
            tp, getattr(tp, "__name__", str(tp)))
    limits = _limits(meta)
    return text + (f" ({', '.join(limits)})" if limits else "")


def field_type(f) -> str:
    text = type_text(f.annotation)
    limits = _limits(f.metadata)
    return text + (f" ({', '.join(limits)})" if limits else "")


def default_text(f) -> str:
    if f.is_required():
        return "**required**"
    d = f.get_default(call_default_factory=True)
    if d is None:
        return "optional"
    if isinstance(d, BaseModel):
        return "its defaults"
    if isinstance(d, (list, dict)) and not d:
        return "none" if isinstance(d, list) else "{}"
    return f"`{d.value if isinstance(d, enum.Enum) else d}`"


# ----------------------------------------------------------------------------- the model's classes
def models() -> list[tuple[type, list[str]]]:
    """Every model class reached from Deal, in the file's order, with the paths it appears at (a pool
    kind's own parts say which kind they belong to)."""
    order: dict[type, list[str]] = {}

    def visit(tp, path: str, kind: str = ""):
        tp, _, _ = unwrap(tp)
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            for a in typing.get_args(tp):
                visit(a, path)
        elif origin is list:
            visit(typing.get_args(tp)[0], path + "[]", kind)
        elif origin is dict:
            visit(typing.get_args(tp)[1], path + ".<id>" if path != "parties" else path + ".<party id>", kind)
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and tp is not BiText:
            label = f"{path}` (kind: {kind})" if kind and "kind" not in tp.model_fields else path + "`"
            if "kind" in tp.model_fields:
                label = f"{path}` — kind: {typing.get_args(tp.model_fields['kind'].annotation)[0]}"
            elif path == "pool":
                label = "pool` — every kind"

            for base in tp.__mro__[1:]:
                if base is not Strict and isinstance(base, type) and issubclass(base, Strict):
                    order.setdefault(base, [])
                    if "pool` — every kind" not in order[base]:
                        order[base].append("pool` — every kind")
            seen = tp in order
            order.setdefault(tp, [])
            if label not in order[tp]:
                order[tp].append(label)
            if not seen:
                own = own_fields(tp) if "kind" in tp.model_fields else []
                for name, f in tp.model_fields.items():
                    sub = f"{path}.{f.alias or name}" if path else (f.alias or name)
                    visit(f.annotation, sub, typing.get_args(tp.model_fields["kind"].annotation)[0]
                          if name in own else kind)

    visit(Deal, "")
    return list(order.items())


def own_fields(cls) -> list[str]:
    """The fields a class declares itself (a pool kind's shared fields are listed under their base)."""
    bases = [b for b in cls.__mro__[1:] if isinstance(b, type) and issubclass(b, Strict) and b is not Strict]
    inherited = {n for b in bases for n in b.model_fields}
    return [n for n in cls.model_fields if n not in inherited]


# ----------------------------------------------------------------------------- rules
def _field_at(path: tuple) -> tuple[type, str] | None:
    """The (class, field name) a rule's reported path ends at; non-text parts are list indexes or mapping keys."""
    classes: list = [Deal]
    found = None
    for part in path:
        if not isinstance(part, str):
            continue
        hit = None
        for c in classes:
            fields = {f.alias or n: n for n, f in c.model_fields.items()}
            if part in fields:
                hit = (c, fields[part])
                break
        if hit is None:
            return found  # a mapping key written as text (a party id): the path has ended at its owner
        owner, name = hit
        for base in owner.__mro__:  # a shared pool field is listed under the base class that declares it
            if isinstance(base, type) and issubclass(base, BaseModel) and name in own_fields_safe(base):
                owner = base
                break
        found = (owner, name)
        classes = _members(hit[0].model_fields[name].annotation)
    return found


def own_fields_safe(cls) -> list[str]:
    return own_fields(cls) if cls is not BaseModel and issubclass(cls, Strict) and cls is not Strict else []


def _members(tp) -> list[type]:
    """The model classes a path continues through below a field of type `tp`."""
    tp, _, _ = unwrap(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return [c for a in typing.get_args(tp) for c in _members(a)]
    if origin is list:
        return _members(typing.get_args(tp)[0])
    if origin is dict:
        return _members(typing.get_args(tp)[1])
    return [tp] if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def reported_paths(fn) -> set[tuple[type, str]]:
    """Fields named by the path tuples in a rule's source, e.g. ("tranches", i, "coupon", "rate")."""
    out = set()
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and node.elts and isinstance(node.elts[0], ast.Constant) \
                and node.elts[0].value in Deal.model_fields:
            parts = tuple(e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else 0 for e in node.elts)
            hit = _field_at(parts)
            if hit:
                out.add(hit)
    return out


def traced_reads(fn, deals: list[Deal]) -> set[tuple[type, str]]:
    """Fields the rule reads when it runs on the sample deals."""
    reads: set = set()
    getter = object.__getattribute__

    def trace(self, name):
        cls = getter(self, "__class__")
        if name in cls.model_fields:
            owner = next((b for b in cls.__mro__ if name in own_fields_safe(b)), cls)
            reads.add((owner, name))
        return getter(self, name)

    Strict.__getattribute__ = trace
    try:
        for deal in deals:
            try:
                list(fn(deal))
            except Exception:  # noqa: BLE001 — a rule's own bug is run_rules' business, not the reference's
                pass
    finally:
        del Strict.__getattribute__
    return reads


def rules_by_field(deals: list[Deal]) -> dict[tuple[type, str], list[str]]:
    from docgen.model.rules import RULES

    out: dict = defaultdict(set)
    for name, fn in RULES.items():
        # a read of a section (deal.pool) only leads to the fields read below it: those are listed there
        leaves = {k for k in traced_reads(fn, deals) if not _members(k[0].model_fields[k[1]].annotation)}
        for key in reported_paths(fn) | leaves:
            out[key].add(name)
    return {k: sorted(v) for k, v in out.items()}


# ----------------------------------------------------------------------------- examples
def sample_deals() -> list[Deal]:
    from docgen.model.loader import load_deal

    files = sorted(SAMPLES.glob("*.yaml"), key=lambda p: (p.name != FIRST_SAMPLE, p.name))
    return [load_deal(p) for p in files]


def _example(v) -> str | None:
    if isinstance(v, BiText):
        return f"{_short(v.zh, 24)} / {_short(v.en, 40)}"
    if isinstance(v, BaseModel) or (isinstance(v, dict) and any(isinstance(x, BaseModel) for x in v.values())):
        return None  # a section of its own
    if isinstance(v, list) and any(isinstance(x, BaseModel) and not isinstance(x, BiText) for x in v):
        return None
    if isinstance(v, list) and v and isinstance(v[0], BiText):
        return _example(v[0]) + (f" (and {len(v) - 1} more)" if len(v) > 1 else "")
    if isinstance(v, list):
        return "[" + ", ".join(_example(x) or "" for x in v[:3]) + (", …]" if len(v) > 3 else "]") if v else None
    if isinstance(v, dict):
        items = list(v.items())
        return "{" + ", ".join(f"{k}: {_example(x)}" for k, x in items[:4]) + (", …}" if len(items) > 4 else "}")
    if isinstance(v, enum.Enum):
        v = v.value
    if isinstance(v, bool):
        return "true" if v else "false"
    return _short(str(v), 40)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def examples(deals: list[Deal]) -> dict[tuple[type, str], str]:
    """The first value written in a sample deal for each field (defaults the samples leave out give none)."""
    out: dict = {}

    def walk(obj):
        if isinstance(obj, BaseModel):
            cls = type(obj)
            for name in cls.model_fields:
                value = getattr(obj, name)
                owner = next((b for b in cls.__mro__ if name in own_fields_safe(b)), cls)
                if name in obj.model_fields_set and (owner, name) not in out:
                    text = _example(value)
                    if text is not None:
                        out[(owner, name)] = text
                walk(value)
        elif isinstance(obj, list):
            for x in obj:
                walk(x)
        elif isinstance(obj, dict):
            for x in obj.values():
                walk(x)

    for deal in deals:
        walk(deal)
    return out


# ----------------------------------------------------------------------------- the document
def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    deals = sample_deals()
    rules = rules_by_field(deals)
    sample = examples(deals)
    lines = [HEADER]
    for cls, paths in models():
        fields = own_fields(cls)
        if not fields:
            continue
        title = f"`{paths[0]}" if paths[0] != "`" else "the deal file"
        lines.append(f'<a id="{_anchor(cls)}"></a>\n## {title} ({cls.__name__})\n')
        if cls.__doc__ and cls.__doc__ != Strict.__doc__:
            lines.append(" ".join(cls.__doc__.split()) + "\n")
        if len(paths) > 1:
            lines.append("Also at " + ", ".join(f"`{p.split('`')[0]}`" for p in paths[1:]) + ".\n")
        subs = [c for c, _ in models() if c is not cls and cls in c.__mro__]
        if subs:
            lines.append("Shared by every pool kind: " + ", ".join(f"[{c.__name__}](#{_anchor(c)})" for c in subs) + ".\n")
        lines.append("| field | type | required / default | description | rules | example |")
        lines.append("|---|---|---|---|---|---|")
        for name in fields:
            f = cls.model_fields[name]
            key = f.alias or name
            rule_text = ", ".join(f"`{r}`" for r in rules.get((cls, name), []))
            example = sample.get((cls, name))
            lines.append("| " + " | ".join(_cell(x) for x in (
                f"`{key}`", field_type(f), default_text(f), f.description or "", rule_text,
                f"`{example}`" if example else "")) + " |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
