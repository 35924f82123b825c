"""A changed value, or an added or removed item, as the summary prints it in one language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from docgen.format.numbers import Formatter
from docgen.review.dealdiff.changes import MISSING, is_bitext
from docgen.review.dealdiff.fields import QUANTITIES, value_kind
from docgen.review.dealdiff.words import word


def describe_item(item, path: tuple, fmt: Formatter) -> str:
    """An added or removed list item or party in a line: its name, then its scalar fields formatted."""
    if not isinstance(item, dict):
        return format_value(item, value_kind(path, item), fmt, path)
    head = ""
    if is_bitext(item.get("name")):
        head = item["name"][fmt.lang]
    parts = []
    for k, v in item.items():
        if k == "name" or v in (None, [], {}) or (isinstance(v, dict) and not is_bitext(v)) or isinstance(v, list):
            continue
        parts.append(f"{k} {format_value(v, value_kind(path + (k,), v), fmt, path + (k,))}")
    text = (head + (": " if head and parts else "") + ", ".join(parts)) or _short(item, fmt.lang)
    return text if len(text) <= 240 else text[:239] + "…"


def format_value(value, kind: str, fmt: Formatter, path: tuple) -> str:
    if value is MISSING:
        return "—"
    if value is None:
        return word("review.none", fmt.lang)
    name = next((s for s in reversed(path) if isinstance(s, str)), "")
    try:
        if kind == "money" and isinstance(value, Decimal):
            return fmt.money(value)
        if kind == "quantity" and isinstance(value, Decimal):
            unit = word(f"review.unit.{QUANTITIES[name]}", fmt.lang) if name in QUANTITIES else ""
            return f"{fmt.num(value)} {unit}".strip()
        if kind == "percent" and isinstance(value, Decimal):
            return fmt.pct(value)
        if kind == "bp" and isinstance(value, Decimal):
            return f"{fmt.num(value, 0)} bp"
        if kind == "multiple" and isinstance(value, Decimal):
            return fmt.mult(value)
        if kind == "date" and isinstance(value, dt.date):
            return fmt.date(value)
        if kind == "dates" and isinstance(value, list):
            return word("review.date_separator", fmt.lang).join(fmt.date(d) for d in value)
        if kind == "bitext" and isinstance(value, dict):
            return value[fmt.lang]
    except (ValueError, TypeError, ArithmeticError):
        pass
    if isinstance(value, dict) and not is_bitext(value):
        return describe_item(value, path, fmt)
    return _short(value, fmt.lang)


def _short(value, lang: str) -> str:
    if is_bitext(value):
        return value[lang]
    if isinstance(value, dict):
        if is_bitext(value.get("name")):
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
