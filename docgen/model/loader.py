"""Read a deal file: YAML with line numbers kept, bounded against hostile input, validated into a Deal.

Every problem is reported with the file, line and column of the YAML node it concerns.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
import stat
import typing
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ValidationError

from docgen.model import yamlread
from docgen.model.deal import Deal
from docgen.model.diagnostics import DealError, Diagnostic, dotted
from docgen.model.yamlread import Positions

MAX_BYTES = 16 * 1024 * 1024  # a real deal file is 20-200 KB; this bounds reading time to a few seconds
MAX_DIAGNOSTICS = 200  # per file: past that, one line says how many more there are


class TooLarge(OSError):
    """A file over the size limit (its size in the message when `stat` knows it)."""


class NotAFile(OSError):
    """A path that is not a regular file (a FIFO, a device, a socket): never read, it could block or never end."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; NotAFile, or OSError with a reason, otherwise.

    Opened without blocking (a FIFO would block `open` itself until a writer comes) and read to the limit
    only (`stat` says 0 bytes for /dev/zero and /proc files)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "this is a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise NotAFile(0, "not a regular file (a pipe, a device or a socket): give a file", str(path))
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(27, f"{size:,} bytes; the limit is {limit:,}", str(path))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(27, f"more than {limit:,} bytes, the limit", str(path))
    return data


def read_deal_bytes(path: Path) -> bytes:
    """The deal file's bytes (regular files only, at most MAX_BYTES); a located DealError otherwise."""
    try:
        return read_limited(Path(path), MAX_BYTES)
    except IsADirectoryError:
        raise _file_error(path, "file", "this is a folder, not a deal file") from None
    except TooLarge as e:
        raise _file_error(path, "file-size", f"the deal file is {e.strerror}") from None
    except FileNotFoundError as e:
        # `--draft true`: the flag takes no value, so `true` was read as a deal file
        hint = (" (a flag such as --draft takes no value: write the flag alone)"
                if str(path).lower() in ("true", "false", "yes", "no", "on", "off", "1", "0") else "")
        raise _file_error(path, "file", f"cannot read the deal file: {e.strerror or e}{hint}") from None
    except OSError as e:
        raise _file_error(path, "file", f"cannot read the deal file: {e.strerror or e}") from None


def _file_error(path, rule: str, msg: str) -> DealError:
    return DealError([Diagnostic(str(path), 1, 1, "", "error", rule, msg)])


# bidi controls reorder what a reader sees (a postcode 200120 shown as 021002); zero-width characters make
# equal-looking names differ. Neither belongs in a deal file, comments included.
UNSAFE_CHARS = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
UNSAFE_NAMES = {"\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
                "\u202c": "pop directional formatting", "\u202d": "left-to-right override",
                "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
                "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
                "\u2069": "pop directional isolate", "\u200b": "zero-width space",
                "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner", "\u2060": "word joiner",
                "\ufeff": "zero-width no-break space", "\u200e": "left-to-right mark", "\u200f": "right-to-left mark"}


def unsafe_characters(name: str, text: str) -> list[Diagnostic]:
    """Every invisible or reordering character in the text, located (the first 20)."""
    found = []
    for m in UNSAFE_CHARS.finditer(text):
        at = m.start()
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        ch = m.group()
        what = UNSAFE_NAMES.get(ch, "invisible formatting character")
        found.append(Diagnostic(name, line, col, "", "error", "unsafe-character",
                                f"U+{ord(ch):04X} ({what}) is not allowed in a deal file: it changes how text is shown "
                                "or makes equal-looking names differ; delete it"))
        if len(found) == 20:
            break
    return found


# what only a YAML escape ("\e", "\x9b", "\0") can put in a value: C0 controls but tab and line breaks, DEL, C1
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
HIDDEN = re.compile(f"{CONTROLS.pattern}|{UNSAFE_CHARS.pattern}")


def escaped_characters(name: str, data, pos: Positions, text: str) -> list[Diagnostic]:
    """Control, bidi and invisible characters that a value or key holds but the file does not show (written
    as a YAML escape such as backslash-u202e or backslash-e), located at the value (the first 20)."""
    found: list[Diagnostic] = []

    def check(s: str, path: tuple) -> None:
        for m in HIDDEN.finditer(s):
            ch = m.group()
            if ch in text and not CONTROLS.match(ch):
                continue  # written as it is: unsafe_characters() reports it where it stands
            what = UNSAFE_NAMES.get(ch, "invisible formatting character" if UNSAFE_CHARS.match(ch) else "a control character")
            found.append(Diagnostic(name, *pos.at(path), dotted(path), "error", "unsafe-character",
                                    f"U+{ord(ch):04X} ({what}), written as an escape, is not allowed in a deal file: "
                                    "it changes how text is shown, acts on a terminal or breaks a document; delete it"))
            return

    def visit(node, path: tuple) -> None:
        if len(found) >= 20:
            return
        if isinstance(node, str):
            check(node, path)
        elif isinstance(node, dict):
            for k, v in node.items():
                if isinstance(k, str):
                    check(k, path + (k,))
                visit(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                visit(v, path + (i,))

    if "\\" in text:  # only a double-quoted scalar's escape can hide a character: no backslash, nothing hidden
        visit(data, ())
    return found[:20]


def read_yaml(path: Path) -> tuple[object, Positions, list[Diagnostic]]:
    """Parse the file: (data, positions, problems found in values), or raise DealError with located diagnostics."""
    name = str(path)

    def fail(line: int, col: int, rule: str, msg: str, p: str = "") -> DealError:
        return DealError([Diagnostic(name, line, col, p, "error", rule, msg)])

    raw = read_deal_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = len(raw[raw.rfind(b"\n", 0, e.start) + 1: e.start].decode("utf-8", "replace")) + 1
        hint = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else \
            " (GBK/GB18030? save it as UTF-8)" if _looks_gbk(raw) else " (save it as UTF-8)"
        raise fail(line, col, "encoding", f"the deal file is not UTF-8 text: byte 0x{raw[e.start]:02X} cannot be read{hint}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise fail(line, col, "encoding", "the deal file contains a NUL character (is it a binary file?)")
    unsafe = unsafe_characters(name, text)
    gc_was = gc.isenabled()
    gc.disable()  # the reader allocates millions of small objects on big files: cyclic GC would only slow it
    try:
        data, pos, value_problems, dups = yamlread.parse(text, len(raw))
    except yamlread.YamlProblem as p:
        raise DealError([Diagnostic(name, p.line, p.col, dotted(p.path), "error", p.rule, p.message)]) from None
    finally:
        if gc_was:
            gc.enable()
    unsafe += escaped_characters(name, data, pos, text)
    problems = unsafe + [Diagnostic(name, d.line, d.col, dotted(d.path), "error", d.rule, d.message) for d in dups]
    problems += [Diagnostic(name, *pos.at(p), dotted(p), "error", rule, msg) for p, rule, msg in value_problems]
    return data, pos, problems


def _looks_gbk(raw: bytes) -> bool:
    try:
        raw[:4096].decode("gb18030")
        return True
    except UnicodeDecodeError:
        return False


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


def _show(x) -> str:
    text = str(x) if isinstance(x, (int, Decimal, str)) else repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(err: dict, parent_type) -> str:
    kind = err["type"]
    loc = err["loc"]
    given = err.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(parent_type)
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else f" (allowed: {', '.join(allowed)})" if len(allowed) <= 12 else ""
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return f"not a date: {_show(given)}; write dates as YYYY-MM-DD"
    if kind in ("decimal_parsing", "decimal_type", "int_parsing", "int_type", "float_parsing", "int_from_float"):
        hint = "; write it without thousands separators, e.g. 1234567.89" if isinstance(given, str) and "," in given else ""
        return f"not a number: {_show(given)}{hint}"
    if kind == "string_type":
        if isinstance(given, (int, Decimal)) and not isinstance(given, bool):
            return f"text expected, got the number {given}: put codes, postcodes and account numbers in quotes, e.g. \"063000\""
        return f"text expected, got {_show(given)}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        want = {"list_type": "a list", "dict_type": "a mapping"}.get(kind, "a mapping of fields")
        return f"{want} expected here, got {_show(given)}"
    if kind == "literal_error":
        return f"'{_show(given)}' is not allowed here: use {err['ctx']['expected']}"
    if kind == "union_tag_invalid":
        return f"pool kind {err['ctx']['tag']!r} is unknown: use 'heating', 'power' or 'scheduled'"
    if kind == "union_tag_not_found":
        return "the pool needs 'kind': heating, power or scheduled"
    if kind == "string_pattern_mismatch":
        return f"{_show(given)} does not have the expected form ({err['ctx']['pattern']})"
    if kind in ("too_short", "too_long"):
        return msg.replace("List", "the list").replace("Dictionary", "the mapping")
    if given is not None and kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal",
                                      "decimal_max_digits", "finite_number", "string_too_long", "string_too_short"):
        return f"{msg} (got {_show(given)})"
    return msg


def _misspelt(errors: list[dict]) -> set[tuple]:
    """Locations of missing fields that an unknown key beside them misspells: `totl_size` says both
    "unknown key" and "total_size is missing"; the first, with its did-you-mean, is the one to fix."""
    unknown: dict[tuple, list[str]] = {}
    for err in errors:
        if err["type"] == "extra_forbidden":
            unknown.setdefault(tuple(err["loc"][:-1]), []).append(str(err["loc"][-1]))
    out = set()
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc and difflib.get_close_matches(str(loc[-1]), unknown.get(loc[:-1], []),
                                                                          n=1, cutoff=0.6):
            out.add(loc)
    return out


def to_diagnostics(name: str, exc: ValidationError, pos: Positions, limit: int | None = None) -> list[Diagnostic]:
    out = []
    seen = set()
    errors = exc.errors(include_url=False)
    misspelt = _misspelt(errors)
    errors = [e for e in errors if tuple(e["loc"]) not in misspelt]
    for err in errors[:limit]:
        loc = tuple(err["loc"])
        key_error = bool(loc) and loc[-1] == "[key]"
        if key_error:
            loc = loc[:-1]
            err = dict(err, msg=f"key {loc[-1]}: " + err["msg"])
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = loc + ("kind",) if err["type"] == "union_tag_invalid" else loc
        ypath, _ = _walk(loc)
        parent_path, parent_type = _walk(loc[:-1]) if loc else ((), Deal)
        where = pos.at(parent_path if err["type"] == "missing" else ypath)
        d = Diagnostic(name, *where, dotted(ypath), "error", "schema", _message(err, parent_type))
        if d not in seen:
            seen.add(d)
            out.append(d)
    if limit is not None and len(errors) > limit:
        last = max(out, key=lambda d: (d.line, d.column))
        out.append(Diagnostic(name, last.line, last.column + 1, "", "error", "too-many",
                              f"... and {len(errors) - limit:,} more problems not shown"))
    return out


def _cap(diags: list[Diagnostic]) -> list[Diagnostic]:
    diags = sorted(diags, key=lambda d: (d.line, d.column, d.path, d.message))
    if len(diags) <= MAX_DIAGNOSTICS + 1:
        return diags
    last = diags[MAX_DIAGNOSTICS - 1]
    more = len(diags) - MAX_DIAGNOSTICS
    return diags[:MAX_DIAGNOSTICS] + [
        Diagnostic(last.file, last.line, last.column, "", "error", "too-many", f"... and {more:,} more problems not shown")
    ]


def load_deal(path: str | Path, *, with_warnings: bool = False, allow_regulatory: bool = False):
    """Read, parse and validate a deal file.

    Returns the Deal (and, with `with_warnings`, the other findings: warnings, waived errors and — with
    `allow_regulatory` — unwaived regulatory errors); raises DealError listing every finding when the deal
    has a structural error, or an unwaived regulatory error and not `allow_regulatory` (the analysis
    commands allow them: a historical deal under older rules can be projected, not drafted).
    Never raises anything else for any input.
    """
    deal, rest, _ = load_located(path, allow_regulatory=allow_regulatory)
    return (deal, rest) if with_warnings else deal


def load_located(path: str | Path, *, allow_regulatory: bool = False) -> tuple[Deal, list[Diagnostic], Positions]:
    """`load_deal` with its findings and the positions of the file's nodes, to locate later findings."""
    name = str(path)
    try:
        return _load(Path(path), name, allow_regulatory)
    except DealError:
        raise
    except Exception as e:  # a bug, not the user's fault: still report it located, never as a traceback
        raise DealError([Diagnostic(name, 1, 1, "", "error", "internal",
                                    f"internal error while reading this file ({type(e).__name__}: {e}); please report it")]) from None


def _load(path: Path, name: str, allow_regulatory: bool):
    data, pos, problems = read_yaml(path)
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        raise DealError(problems + [Diagnostic(name, 1, 1, "", "error", "schema",
                                               f"a deal file must be a YAML mapping (plan:, parties:, ...); this one is {what}")])
    try:
        deal = Deal.model_validate(data)
    except ValidationError as e:
        flagged = {d.path for d in problems}
        schema = [d for d in to_diagnostics(name, e, pos, MAX_DIAGNOSTICS) if d.path not in flagged]
        raise DealError(_cap(problems + schema)) from None
    if problems:
        raise DealError(_cap(problems))
    found = rule_findings(deal, name, pos)
    if any(d.blocks_analysis for d in found) or (not allow_regulatory and any(d.severity == "error" for d in found)):
        raise DealError(_cap(found))
    return deal, sorted(found), pos


def rule_findings(deal: Deal, name: str, pos: Positions) -> list[Diagnostic]:
    """Every rule's findings on a parsed deal, located; the errors of a waived rule become warnings of
    kind `waived`, and a waiver of a rule that reports no error is a warning."""
    from docgen.model.rules import REGULATORY, kind, run_rules

    waived = {w.rule: w for w in deal.waivers if w.rule in REGULATORY}
    out, fired = [], set()
    for p, sev, rule, msg in run_rules(deal):
        k = kind(rule)
        if sev == "error" and rule in waived:
            fired.add(rule)
            sev, k, msg = "warning", "waived", f"{msg} — waived: {waived[rule].reason.en}"
        out.append(Diagnostic(name, *pos.at(p), dotted(p), sev, rule, msg, k))
    for i, w in enumerate(deal.waivers):
        if w.rule in waived and w.rule not in fired and waived[w.rule] is w:
            p = ("waivers", i, "rule")
            out.append(Diagnostic(name, *pos.at(p), dotted(p), "warning", "waivers",
                                  f"rule '{w.rule}' reports no error for this deal: the waiver waives nothing"))
    return out
