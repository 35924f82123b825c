"""Read a deal file: YAML with line numbers kept, bounded against hostile input, validated into a Deal.

Every problem is reported with the file, line and column of the YAML node it concerns.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from docgen.model.deal import Deal
from docgen.model.diagnostics import DealError, Diagnostic, dotted

MAX_BYTES = 16 * 1024 * 1024
MAX_NODES = 2_000_000  # after alias expansion: stops "billion laughs" before anything walks the tree
FULLWIDTH = re.compile(r"[\uff10-\uff19\uff0e\uff0c\uff05]")


class Positions:
    """Where each node of the YAML tree sits: path tuple -> (line, column), both 1-based."""

    def __init__(self) -> None:
        self.key: dict[tuple, tuple[int, int]] = {}
        self.value: dict[tuple, tuple[int, int]] = {}

    def at(self, path: tuple, *, prefer_key: bool = False) -> tuple[int, int]:
        p = tuple(path)
        while True:
            first, second = (self.key, self.value) if prefer_key else (self.value, self.key)
            if p in first:
                return first[p]
            if p in second:
                return second[p]
            if not p:
                return (1, 1)
            p = p[:-1]


def _plain(node, path: tuple, pos: Positions, problems: list[tuple[tuple, str, str]]):
    """Turn ruamel's round-trip tree into plain Python, recording positions and numeric traps."""
    if isinstance(node, CommentedMap):
        out = {}
        for k, v in node.items():
            kp = path + (str(k),)
            try:
                kl, kc = node.lc.key(k)
                vl, vc = node.lc.value(k)
                pos.key[kp] = (kl + 1, kc + 1)
                pos.value[kp] = (vl + 1, vc + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            out[str(k)] = _plain(v, kp, pos, problems)
        return out
    if isinstance(node, CommentedSeq):
        out = []
        for i, v in enumerate(node):
            ip = path + (i,)
            try:
                il, ic = node.lc.item(i)
                pos.value[ip] = (il + 1, ic + 1)
            except (KeyError, TypeError, AttributeError, IndexError):
                pass
            out.append(_plain(v, ip, pos, problems))
        return out
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, float):
        # a YAML float is read through its shortest text so money never passes through binary floats
        if node != node or node in (float("inf"), float("-inf")):
            problems.append((path, "number", "not a finite number"))
            return str(node)
        return Decimal(repr(node))
    if isinstance(node, int):
        return int(node)
    if isinstance(node, (dt.datetime,)):
        return node
    if isinstance(node, dt.date):
        return node
    if isinstance(node, str):
        s = str(node)
        if FULLWIDTH.search(s) and re.fullmatch(r"[\s\uff10-\uff19\uff0e\uff0c\uff050-9.,%+-]+", s):
            problems.append(
                (path, "full-width-digits", f"'{s}' is written with full-width digits; write it with ASCII digits, e.g. 1234.56")
            )
        return s
    return node


def _check_expansion(text: str) -> tuple[int, int] | None:
    """Count nodes as if every alias were expanded; return the location where the bound is passed."""
    yaml = YAML(typ="safe", pure=True)
    sizes: dict[str, int] = {}
    stack: list[list] = []  # [anchor, size]
    total = 0
    for ev in yaml.parse(text):
        if isinstance(ev, (MappingStartEvent, SequenceStartEvent)):
            stack.append([ev.anchor, 1])
        elif isinstance(ev, (MappingEndEvent, SequenceEndEvent)):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1][1] += size
            else:
                total += size
        elif isinstance(ev, (ScalarEvent, AliasEvent)):
            size = sizes.get(ev.anchor, 1) if isinstance(ev, AliasEvent) else 1
            if isinstance(ev, ScalarEvent) and ev.anchor:
                sizes[ev.anchor] = 1
            if stack:
                stack[-1][1] += size
                if stack[-1][1] > MAX_NODES:
                    return (ev.start_mark.line + 1, ev.start_mark.column + 1)
            else:
                total += size
        if total > MAX_NODES:
            return (ev.start_mark.line + 1, ev.start_mark.column + 1)
    return None


def read_yaml(path: Path) -> tuple[object, Positions]:
    """Parse the file, or raise DealError with located diagnostics."""
    name = str(path)

    def fail(line: int, col: int, rule: str, msg: str, p: str = "") -> DealError:
        return DealError([Diagnostic(name, line, col, p, "error", rule, msg)])

    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise fail(1, 1, "file", f"cannot read the deal file: {e.strerror or e}") from None
    if len(raw) > MAX_BYTES:
        raise fail(1, 1, "file-size", f"the deal file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise fail(line, col, "encoding", "the deal file is not UTF-8 text (save it as UTF-8)") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise fail(line, 1, "encoding", "the deal file contains a NUL character")
    try:
        bomb = _check_expansion(text)
    except MarkedYAMLError as e:
        raise _yaml_error(name, e) from None
    except YAMLError as e:
        raise fail(1, 1, "yaml", f"malformed YAML: {e}") from None
    if bomb:
        raise fail(*bomb, "yaml-aliases", f"YAML aliases expand to more than {MAX_NODES:,} nodes; refusing to read this file")
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except MarkedYAMLError as e:
        raise _yaml_error(name, e) from None
    except YAMLError as e:
        raise fail(1, 1, "yaml", f"malformed YAML: {e}") from None
    pos = Positions()
    problems: list = []
    plain = _plain(data, (), pos, problems)
    if problems:
        raise DealError(
            [Diagnostic(name, *pos.at(p), dotted(p), "error", rule, msg) for p, rule, msg in problems]
        )
    return plain, pos


def _yaml_error(name: str, e: MarkedYAMLError) -> DealError:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    kind = "duplicate-key" if type(e).__name__ == "DuplicateKeyError" else "yaml"
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    if kind == "duplicate-key":
        first = e.context_mark.line + 1 if e.context_mark else "?"
        msg = f"duplicate key ({problem}); it was first given on line {first}"
    else:
        msg = "malformed YAML: " + "; ".join(x for x in (context, problem) if x)
        if "\t" in problem or "tab" in problem:
            msg += " (use spaces, not tabs, to indent)"
    return DealError([Diagnostic(name, line, col, "", "error", kind, msg)])


# ----------------------------------------------------------------------------- pydantic errors
def _unwrap(tp):
    """Strip Annotated/Optional wrappers down to the type a path continues through."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _walk(loc: tuple) -> tuple[tuple, object]:
    """Map a pydantic error location to the YAML path (union tags dropped) and the type found there."""
    tp: object = Deal
    out: list = []
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if origin in (typing.Union,) or type(tp).__name__ == "UnionType":
            members = {}
            for m in typing.get_args(tp):
                m = _unwrap(m)
                if isinstance(m, type) and issubclass(m, BaseModel) and "kind" in m.model_fields:
                    for lit in typing.get_args(m.model_fields["kind"].annotation):
                        members[lit] = m
            if part in members:
                tp = members[part]
                continue
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            field = tp.model_fields.get(part)
            if field is None:
                for fname, f in tp.model_fields.items():
                    if f.alias == part:
                        field = f
                        break
            out.append(part)
            tp = field.annotation if field else None
        elif origin is list and isinstance(part, int):
            out.append(part)
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            out.append(part)
            tp = typing.get_args(tp)[1]
        else:
            out.append(part)
            tp = None
    return tuple(out), tp


def _allowed_keys(tp) -> list[str]:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or n for n, f in tp.model_fields.items()]
    return []


def _message(err: dict, parent_type) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(parent_type)
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        msg = f"not a date: {err.get('input')!r}; write dates as YYYY-MM-DD"
    elif kind in ("decimal_parsing", "decimal_type", "int_parsing", "int_type", "float_parsing"):
        msg = f"not a number: {err.get('input')!r}"
    elif kind == "literal_error":
        msg = f"{err.get('input')!r} is not allowed here: {err['ctx']['expected']}"
    elif kind == "union_tag_invalid":
        msg = f"pool kind {err['ctx']['tag']!r} is unknown: use 'heating', 'power' or 'scheduled'"
    return msg


def to_diagnostics(name: str, exc: ValidationError, pos: Positions) -> list[Diagnostic]:
    out = []
    seen = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        ypath, _ = _walk(loc)
        parent_path, parent_type = _walk(loc[:-1]) if loc else ((), Deal)
        if err["type"] == "extra_forbidden":
            line, col = pos.at(ypath, prefer_key=True)
        elif err["type"] == "missing":
            line, col = pos.at(parent_path, prefer_key=True)
        else:
            line, col = pos.at(ypath)
        d = Diagnostic(name, line, col, dotted(ypath), "error", "schema", _message(err, parent_type))
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def load_deal(path: str | Path, *, with_warnings: bool = False):
    """Read, parse and validate a deal file.

    Returns the Deal (and, with `with_warnings`, the warnings found); raises DealError listing every
    error when the deal cannot be drafted.
    """
    from docgen.model.rules import run_rules

    name = str(path)
    data, pos = read_yaml(Path(path))
    if not isinstance(data, dict):
        raise DealError([Diagnostic(name, 1, 1, "", "error", "schema", "a deal file must be a YAML mapping (plan:, parties:, …)")])
    try:
        deal = Deal.model_validate(data)
    except ValidationError as e:
        raise DealError(to_diagnostics(name, e, pos)) from None
    except (InvalidOperation, ValueError, TypeError) as e:  # defensive: should be caught by pydantic
        raise DealError([Diagnostic(name, 1, 1, "", "error", "schema", str(e))]) from None
    found = [
        Diagnostic(name, *pos.at(p), dotted(p), sev, rule, msg) for p, sev, rule, msg in run_rules(deal)
    ]
    errors = [d for d in found if d.severity == "error"]
    if errors:
        raise DealError(found)
    warnings = sorted(d for d in found if d.severity == "warning")
    return (deal, warnings) if with_warnings else deal
