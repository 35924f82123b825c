"""Scalar text to values, as YAML 1.2 resolves them, with the problems a deal file's values can have.

Numbers with a fraction or an exponent become Decimal straight from their text (money never passes through
binary floats); full-width digits and non-finite numbers are reported, located by the caller's path.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from ruamel.yaml.resolver import VersionedResolver

T_STR, T_INT, T_FLOAT, T_BOOL, T_NULL, T_TS, T_MERGE = (
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge")
)
T_MAP, T_SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
VALUE_TAGS = (T_INT, T_FLOAT, T_BOOL, T_NULL, T_TS)

FULLWIDTH = re.compile(r"[\uff10-\uff19]")
FULLWIDTH_NUMBER = re.compile(r"[\s\uff10-\uff19\uff0e\uff0c\uff05\uff0d\uff0b0-9.,%+\-]+")
DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
MISSING = object()

# ruamel.yaml's YAML 1.2 implicit tags ('yes', 'on' and 012 are not booleans or octals there), by first character
_IMPLICIT = {first: [(str(tag), regexp.match) for tag, regexp in rules]
             for first, rules in VersionedResolver().versioned_resolver.items()}


def resolve(text: str) -> str:
    """The tag of a plain scalar, as ruamel.yaml's resolver gives it (its table, without its per-call cost)."""
    for tag, match in _IMPLICIT.get(text[:1], ()):
        if match(text):
            return tag
    return T_STR


class Scalars:
    """Turns scalar text into values; collects per-value problems (full-width digits, non-finite numbers).

    `path` is the reader's current path (a list it keeps up to date); a problem's path is that plus the key."""

    def __init__(self, path: list | None = None) -> None:
        self.cache: dict[str, object] = {}
        self.flagged: dict[str, tuple] = {}  # text -> (rule, message, value) for values that are problems
        self.problems: list[tuple[tuple, str, str]] = []  # (path, rule, message)
        self.path = path if path is not None else []

    def plain(self, text: str, key) -> object:
        """A plain (unquoted) scalar, resolved by its text."""
        v = self.cache.get(text, MISSING)
        if v is MISSING:
            if text in self.flagged:
                return self._flag(text, key)
            tag = resolve(text)
            v = construct(tag, text)
            if type(v) is tuple:
                self.flagged[text] = v
                return self._flag(text, key)
            if type(v) is str and FULLWIDTH.search(v) and FULLWIDTH_NUMBER.fullmatch(v):
                self.flagged[text] = ("full-width-digits", _fullwidth_message(v), v)
                return self._flag(text, key)
            self.cache[text] = v
        return v

    def quoted(self, text: str, key) -> str:
        """A quoted or block scalar: always text."""
        if FULLWIDTH.search(text) and FULLWIDTH_NUMBER.fullmatch(text):
            self.problems.append((tuple(self.path) + (key,), "full-width-digits", _fullwidth_message(text)))
        return text

    def tagged(self, tag: str, text: str, key):
        """A scalar with an explicit standard tag (!!str, !!int, ...); MISSING for any other tag."""
        if tag == T_STR:
            return self.quoted(text, key)
        if tag in VALUE_TAGS:
            v = construct(tag, text)
            if type(v) is tuple:
                self.problems.append((tuple(self.path) + (key,), v[0], v[1]))
                return v[2]
            return v
        if tag == T_MERGE:
            return text
        return MISSING

    def _flag(self, text: str, key):
        rule, message, value = self.flagged[text]
        self.problems.append((tuple(self.path) + (key,), rule, message))
        return value


def _fullwidth_message(s: str) -> str:
    return f"'{s}' is written with full-width digits; write numbers with ASCII digits, e.g. 1234.56"


def construct(tag: str, text: str):
    """The value of a scalar by its resolved tag; a (rule, message, value) tuple for a problem."""
    if tag == T_INT:
        t = text.replace("_", "")
        sign = -1 if t.startswith("-") else 1
        body = t.lstrip("+-")
        try:
            if len(body) > 60:
                return Decimal(t)  # too many digits for any field: let the schema say so
            if body[:2] in ("0x", "0X"):
                return sign * int(body[2:], 16)
            if body[:2] in ("0o", "0O"):
                return sign * int(body[2:], 8)
            if body[:2] in ("0b", "0B"):
                return sign * int(body[2:], 2)
            return sign * int(body, 10)
        except ValueError:
            return text
    if tag == T_FLOAT:
        t = text.replace("_", "")
        low = t.lower().lstrip("+-")
        if low in (".inf", ".nan"):
            return ("number", f"'{text}' is not a finite number", text)
        try:
            return Decimal(t)
        except InvalidOperation:
            return text
    if tag == T_BOOL:
        return text.lower() == "true"
    if tag == T_NULL:
        return None
    if tag == T_TS:
        m = DATE.fullmatch(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return text  # e.g. 2028-02-30: the schema reports "not a date" at its place
        return text  # a date with a time: fields take dates only, the schema says so
    return text
