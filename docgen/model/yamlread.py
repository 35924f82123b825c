"""A located YAML reader for deal files.

Two paths build the same result — plain Python data (dict, list, str, int, Decimal, date, bool, None) plus a
tree of (line, column) positions for every mapping key and sequence item:

* a fast reader for the block/flow YAML that deal files are written in (one pass over the lines, regular
  expressions for the tokens; ~100x faster than ruamel.yaml's pure-Python parser on large files);
* ruamel.yaml's composer for everything the fast reader does not handle (anchors and aliases, tags, multi-line
  scalars, ...), only for files up to FALLBACK_MAX_BYTES, with aliases bounded before anything walks them.

The fast reader gives up (`_Bail`) rather than guess: whenever it is unsure, the exact reader decides, so both
paths agree on every file the fast one accepts (tests/model/test_yamlread.py checks that on every sample deal).

Scalars resolve as YAML 1.2 (ruamel's resolver), except that numbers with a fraction or an exponent become
Decimal straight from their text (money never passes through binary floats).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

MAX_DEPTH = 64  # nesting levels; deal files need about 8
MAX_EXPANDED = 200_000  # nodes after alias expansion (fallback path only: the fast path refuses aliases)
FALLBACK_MAX_BYTES = 256 * 1024  # the exact reader takes ~5 s a MB: use it only for files of deal-file size

T_STR, T_INT, T_FLOAT, T_BOOL, T_NULL, T_TS, T_MERGE = (
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge")
)
T_MAP, T_SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"

FULLWIDTH = re.compile(r"[\uff10-\uff19]")
FULLWIDTH_NUMBER = re.compile(r"[\s\uff10-\uff19\uff0e\uff0c\uff05\uff0d\uff0b0-9.,%+\-]+")
NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")
DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
PLAIN_FLOW = re.compile(
    r"(?:[^ \t,\[\]{}#&*!|>'\"%@`?:\-]|[?:\-](?=[^ \t,\[\]{}]))"
    r"(?:[^ \t,\[\]{}:]|:(?=[^ \t,\[\]{}])|[ \t]+(?=[^ \t,\[\]{}:#]))*"
)
FLOW_TOKEN = re.compile(
    r"""([ ]*)(([{}\[\],])|(:)(?=[ ,\]}]|$)|("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')|(""" + PLAIN_FLOW.pattern + r""")|(\#.*)|.)"""
)
DQ = re.compile(r'"((?:[^"\\]|\\.)*)"')
SQ = re.compile(r"'((?:[^']|'')*)'")
ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))")
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", "0": "\0", "r": "\r", " ": " ",
                  "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "v": "\v", "\t": "\t", "N": "\x85",
                  "_": "\xa0", "L": "\u2028", "P": "\u2029"}
BLOCK_HEADER = re.compile(r"([|>])([+-]?)(?:[ \t]+#.*)?$")
MISSING = object()


class YamlProblem(Exception):
    """A definite problem in the YAML text itself."""

    def __init__(self, line: int, col: int, rule: str, message: str, path: tuple = ()):
        super().__init__(message)
        self.line, self.col, self.rule, self.message, self.path = line, col, rule, message, path


class _Bail(Exception):
    """The fast reader does not handle this construct (or it is malformed): let the exact reader decide."""

    def __init__(self, line: int, col: int, reason: str):
        super().__init__(reason)
        self.line, self.col, self.reason = line, col, reason


# ----------------------------------------------------------------------------- positions
class Positions:
    """(line, column), both 1-based, of every mapping key and sequence item.

    The tree mirrors the data: a mapping's positions are a dict key -> (line, col, child), a sequence's a list
    of (line, col, child); child is the positions of the value when it is a collection, else None.
    """

    def __init__(self, tree=None):
        self.tree = tree

    def at(self, path) -> tuple[int, int]:
        """The key (or item) the path ends at, or its nearest ancestor that exists in the file."""
        where = (1, 1)
        node = self.tree
        for part in path:
            entry = None
            if isinstance(node, dict):
                entry = node.get(part)
                if entry is None and not isinstance(part, bool):
                    entry = node.get(str(part)) if not isinstance(part, str) else _by_text(node, part)
            elif isinstance(node, list) and isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(node):
                entry = node[part]
            if entry is None:
                break
            where = (entry[0], entry[1])
            node = entry[2]
        return where


def _by_text(node: dict, part: str):
    for k, v in node.items():
        if str(k) == part:
            return v
    return None


# ----------------------------------------------------------------------------- scalars
_RESOLVER = VersionedResolver()


class Scalars:
    """Turns scalar text into values; collects per-value problems (full-width digits, non-finite numbers).

    `path` is the reader's current path (a list it keeps up to date); a problem's path is that plus the key."""

    def __init__(self, path: list | None = None) -> None:
        self.cache: dict[str, object] = {}
        self.flagged: dict[str, tuple] = {}  # text -> (rule, message, value) for values that are problems
        self.problems: list[tuple[tuple, str, str]] = []  # (path, rule, message)
        self.path = path if path is not None else []

    def plain(self, text: str, key) -> object:
        v = self.cache.get(text, MISSING)
        if v is MISSING:
            if text in self.flagged:
                return self._flag(text, key)
            tag = _RESOLVER.resolve(ScalarNode, text, (True, False))
            v = _construct(tag, text)
            if type(v) is tuple:
                self.flagged[text] = v
                return self._flag(text, key)
            if type(v) is str and FULLWIDTH.search(v) and FULLWIDTH_NUMBER.fullmatch(v):
                self.flagged[text] = ("full-width-digits", _fullwidth_message(v), v)
                return self._flag(text, key)
            self.cache[text] = v
        return v

    def quoted(self, text: str, key) -> str:
        if FULLWIDTH.search(text) and FULLWIDTH_NUMBER.fullmatch(text):
            self.problems.append((tuple(self.path) + (key,), "full-width-digits", _fullwidth_message(text)))
        return text

    def _flag(self, text: str, key):
        rule, message, value = self.flagged[text]
        self.problems.append((tuple(self.path) + (key,), rule, message))
        return value


def _fullwidth_message(s: str) -> str:
    return f"'{s}' is written with full-width digits; write numbers with ASCII digits, e.g. 1234.56"


def _construct(tag: str, text: str):
    """The value of a plain scalar by its resolved tag; a (rule, message, value) tuple for a problem."""
    if tag == T_STR:
        return text
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
    if tag == T_MERGE:
        return text
    return text


def _unescape(body: str, line: int, col: int) -> str:
    def one(m: re.Match) -> str:
        hx = m.group(1) or m.group(2) or m.group(3)
        if hx:
            cp = int(hx, 16)
            if 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
                raise _Bail(line, col, "escape")
            return chr(cp)
        c = m.group(4)
        if c in SIMPLE_ESCAPES:
            return SIMPLE_ESCAPES[c]
        raise _Bail(line, col, "escape")

    return ESCAPE.sub(one, body) if "\\" in body else body


# ----------------------------------------------------------------------------- fast path
class FastReader:
    """Block mappings and sequences, single-line flow collections, plain and quoted one-line scalars,
    literal/folded block scalars, comments. Anything else raises _Bail."""

    def __init__(self, text: str):
        self.text = text
        self.path: list = []
        self.sc = Scalars(self.path)
        self.dups: list[YamlProblem] = []

    # -- driver
    def read(self):
        text = self.text
        if "\r" in text:
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                raise _Bail(1, 1, "a lone carriage return")
        m = NOT_PRINTABLE.search(text)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            raise _Bail(line, col, f"the character U+{ord(m.group()):04X} is not allowed in YAML")
        self.raw = text.split("\n")
        sig = []
        for no, raw in enumerate(self.raw, 1):
            s = raw.lstrip(" ")
            if not s or s[0] == "#":
                continue
            if s[0] == "\t":
                if not s.strip(" \t") or s.strip(" \t")[0] == "#":
                    continue
                raise _Bail(no, len(raw) - len(s) + 1, "a tab in the indentation (use spaces, not tabs, to indent)")
            sig.append([no, len(raw) - len(s), s.rstrip(" \t")])
        if sig and sig[0][1] == 0 and (sig[0][2] == "---" or sig[0][2].startswith("--- #")):
            sig.pop(0)
        for no, ind, c in sig:
            if ind == 0 and (c.startswith(("---", "...", "%"))):
                raise _Bail(no, 1, "document markers or directives")
        self.sig = sig
        self.n = len(sig)
        if not sig:
            return None, Positions(None)
        value, pos, i = self.block(0, sig[0][1], 0)
        if i < self.n:
            raise _Bail(sig[i][0], sig[i][1] + 1, "unexpected indentation")
        return value, Positions(pos)

    def block(self, i: int, n: int, depth: int):
        if depth + 1 > MAX_DEPTH:
            no, ind, _ = self.sig[i]
            raise YamlProblem(no, ind + 1, "yaml-depth", f"the YAML nests deeper than {MAX_DEPTH} levels", tuple(self.path))
        c = self.sig[i][2]
        if c == "-" or c.startswith("- "):
            return self.seq(i, n, depth)
        return self.mapping(i, n, depth)

    # -- block collections
    def mapping(self, i: int, n: int, depth: int):
        sig, N = self.sig, self.n
        out: dict = {}
        pos: dict = {}
        while i < N:
            no, ind, c = sig[i]
            if ind < n:
                break
            if ind > n:
                raise _Bail(no, ind + 1, "unexpected indentation")
            if c == "-" or c.startswith("- "):
                raise _Bail(no, ind + 1, "a sequence item among mapping keys")
            key, rest, rcol = self.split_key(no, ind, c)
            child = None
            if not rest or rest[0] == "#":
                val = None
                i += 1
                if i < N:
                    nno, nind, nc = sig[i]
                    if nind > n:
                        self.path.append(key)
                        val, child, i = self.block(i, nind, depth + 1)
                        self.path.pop()
                    elif nind == n and (nc == "-" or nc.startswith("- ")):
                        self.path.append(key)
                        val, child, i = self.seq(i, n, depth + 1)
                        self.path.pop()
            else:
                val, child, i = self.inline(i, no, rcol, rest, n, depth, key)
            if key in out:
                self.dup(no, ind + 1, key, pos[key][0])
                continue
            out[key] = val
            pos[key] = (no, ind + 1, child)
        return out, pos, i

    def seq(self, i: int, n: int, depth: int):
        sig, N = self.sig, self.n
        out: list = []
        pos: list = []
        while i < N:
            no, ind, c = sig[i]
            if ind < n:
                break
            if ind > n:
                raise _Bail(no, ind + 1, "unexpected indentation")
            if not (c == "-" or c.startswith("- ")):
                break
            rest = c[1:].lstrip(" ")
            m = ind + (len(c) - len(rest))
            child = None
            if not rest or rest[0] == "#":
                val = None
                i += 1
                if i < N and sig[i][1] > n:
                    self.path.append(len(out))
                    val, child, i = self.block(i, sig[i][1], depth + 1)
                    self.path.pop()
                where = (no, ind + 1)
            elif rest == "-" or rest.startswith("- "):
                raise _Bail(no, m + 1, "a sequence nested on one line")
            elif self.is_key_line(no, m, rest):
                sig[i] = [no, m, rest]
                self.path.append(len(out))
                val, child, i = self.mapping(i, m, depth + 1)
                self.path.pop()
                where = (no, m + 1)
            else:
                val, child, i = self.inline(i, no, m, rest, n, depth, len(out))
                where = (no, m + 1)
            out.append(val)
            pos.append((where[0], where[1], child))
        return out, pos, i

    def is_key_line(self, no: int, col: int, c: str) -> bool:
        if c[0] in "\"'":
            end = self.quoted_end(no, col, c, 0)
            after = c[end:].lstrip(" ")
            return after == ":" or after.startswith(": ")
        if c[0] in "{[":
            return False
        j = c.find(": ")
        k = c.find(" #")
        if j >= 0 and (k < 0 or j < k):
            return True
        body = c if k < 0 else c[:k].rstrip()
        return body.endswith(":")

    def split_key(self, no: int, ind: int, c: str):
        if c[0] in "\"'":
            end = self.quoted_end(no, ind, c, 0)
            key = self.quoted_value(no, ind, c[:end])
            after = c[end:]
            stripped = after.lstrip(" ")
            if not (stripped == ":" or stripped.startswith(": ")):
                raise _Bail(no, ind + end + 1, "a quoted key without ':'")
            rest = stripped[1:].lstrip(" ")
            return key, rest, ind + len(c) - len(rest)
        j = c.find(": ")
        k = c.find(" #")
        if j < 0 or (k >= 0 and k < j):
            body = c if k < 0 else c[:k].rstrip()
            if body.endswith(":"):
                j = len(body) - 1
            else:
                raise _Bail(no, ind + 1, "expected 'key: value'")
        ktext = c[:j].rstrip(" ")
        if not ktext or ktext[0] in "[]{},#&*!|>%@`'\"" or (ktext[0] in "-?:" and (len(ktext) == 1 or ktext[1] == " ")) \
                or "\t" in ktext or " #" in ktext:
            raise _Bail(no, ind + 1, "an unusual mapping key")
        key = self.sc.plain(ktext, None)
        rest = c[j + 1:].lstrip(" ")
        return key, rest, ind + len(c) - len(rest)

    def dup(self, line: int, col: int, key, first: int) -> None:
        self.dups.append(YamlProblem(
            line, col, "duplicate-key", f"duplicate key '{key}'; it was first given on line {first}",
            tuple(self.path) + (key,),
        ))

    # -- values on the line of their key or dash
    def inline(self, i: int, no: int, col: int, text: str, n: int, depth: int, key):
        """A value written after 'key: ' or '- ' on line `no`; returns (value, positions, next index)."""
        ch = text[0]
        child = None
        if ch in "{[":
            val, child, end = self.flow(text, 0, no, col, depth + 1, key)
            self.trailing(no, col, text, end)
        elif ch in "\"'":
            end = self.quoted_end(no, col, text, 0)
            self.trailing(no, col, text, end)
            val = self.sc.quoted(self.quoted_value(no, col, text[:end]), key)
        elif ch in "|>":
            val, i = self.block_scalar(i, no, col, text, n, key)
            return val, None, i
        elif ch in "&*!%@`,]}" or (ch in "-?:" and (len(text) == 1 or text[1] == " ")):
            raise _Bail(no, col + 1, "a YAML construct the fast reader leaves to the exact one")
        else:
            k = text.find(" #")
            body = text if k < 0 else text[:k].rstrip(" ")
            if ": " in body or body.endswith(":") or "\t" in body:
                raise _Bail(no, col + 1, "a ': ' inside a plain value")
            val = self.sc.plain(body, key)
        i += 1
        if i < self.n and self.sig[i][1] > n:
            raise _Bail(self.sig[i][0], self.sig[i][1] + 1, "a value continued on the next line")
        return val, child, i

    def trailing(self, no: int, col: int, text: str, end: int) -> None:
        rest = text[end:]
        if rest and not (rest.lstrip(" ").startswith("#") and rest[0] == " ") and rest.strip(" "):
            raise _Bail(no, col + end + 1, "text after a value")

    def quoted_end(self, no: int, col: int, s: str, p: int) -> int:
        m = (DQ if s[p] == '"' else SQ).match(s, p)
        if not m:
            raise _Bail(no, col + p + 1, "a quoted string that does not end on its line")
        return m.end()

    def quoted_value(self, no: int, col: int, q: str) -> str:
        if q[0] == "'":
            return q[1:-1].replace("''", "'")
        return _unescape(q[1:-1], no, col + 1)

    def block_scalar(self, i: int, no: int, col: int, header: str, n: int, key):
        m = BLOCK_HEADER.match(header)
        if not m:
            raise _Bail(no, col + 1, "a block scalar header with an indentation indicator")
        style, chomp = m.group(1), m.group(2)
        raw = self.raw
        j = no  # index of the next raw line (raw is 0-based, lines 1-based)
        lines: list[str] = []
        bi = None
        while j < len(raw):
            r = raw[j]
            s = r.lstrip(" ")
            ind = len(r) - len(s)
            if not s:
                if bi is not None and ind > bi:
                    lines.append(r[bi:])
                else:
                    lines.append("")
                j += 1
                continue
            if bi is None:
                if ind <= n:
                    break
                bi = ind
            if ind < bi:
                if s[0] == "\t":
                    raise _Bail(j + 1, ind + 1, "a tab in a block scalar's indentation")
                break
            lines.append(r[bi:])
            j += 1
        if bi is None:
            raise _Bail(no, col + 1, "an empty block scalar")
        # blank lines before the content that are longer than its indentation are an error in YAML
        k = 0
        while k < len(lines) and lines[k] == "":
            k += 1
        for r in raw[no: no + k]:
            if len(r) > bi:
                raise _Bail(no, col + 1, "a block scalar with over-indented leading blank lines")
        last = len(lines)
        while last > 0 and lines[last - 1] == "":
            last -= 1
        trailing = len(lines) - last
        body = lines[:last]
        if style == "|":
            text = "\n".join(body)
        else:
            if any(b[:1] in (" ", "\t") for b in body):
                raise _Bail(no, col + 1, "a folded scalar with more-indented lines")
            text = ""
            blank = 0
            for b in body:
                if b == "":
                    blank += 1
                    continue
                if text:
                    text += "\n" * blank if blank else " "
                text += b
                blank = 0
        if chomp == "-":
            pass
        elif chomp == "+":
            text += "\n" + "\n" * trailing
        else:
            text += "\n"
        # skip the significant lines the block scalar consumed
        i += 1
        while i < self.n and self.sig[i][0] <= j:
            i += 1
        return self.sc.quoted(text, key), i

    # -- flow collections on one line
    def flow(self, s: str, p: int, no: int, col: int, depth: int, key):
        """A flow collection that starts at s[p] and ends on the same line: one regex pass for the tokens, then a
        small state machine (no recursion). Returns (value, positions, end offset)."""
        toks = FLOW_TOKEN.findall(s, p)
        off = p
        stack: list = []  # frames: [out, pos, is_map, state, key, key column]
        path = self.path
        sc = self.sc
        cache = sc.cache
        result = None
        for ws, tok, punct, colon, quoted, plain, comment in toks:
            start = off + len(ws)
            off = start + len(tok)
            if result is not None:
                if comment and ws:
                    return result[0], result[1], start - len(ws)
                raise _Bail(no, col + start + 1, "text after a flow collection")
            if punct == "{" or punct == "[":
                if stack:
                    f = stack[-1]
                    if f[2]:
                        if f[3] != 2:
                            raise _Bail(no, col + start + 1, "a flow collection as a key")
                        path.append(f[4])
                    else:
                        if f[3] != 0:
                            raise _Bail(no, col + start + 1, "expected ',' or ']'")
                        path.append(len(f[0]))
                else:
                    path.append(key)
                if len(stack) + depth + 1 > MAX_DEPTH:
                    raise YamlProblem(no, col + start + 1, "yaml-depth", f"the YAML nests deeper than {MAX_DEPTH} levels", tuple(path))
                stack.append([{}, {}, True, 0, None, 0] if punct == "{" else [[], [], False, 0, None, 0])
                stack[-1].append(start)
                continue
            if not stack:
                raise _Bail(no, col + start + 1, "an unusual flow value")
            f = stack[-1]
            if f[2]:  # mapping; states: 0 expect key, 1 expect ':', 2 expect value, 3 expect ',' or '}'
                st = f[3]
                if quoted or plain:
                    if st == 0:
                        if plain:
                            k = cache.get(plain, MISSING)
                            f[4] = sc.plain(plain, None) if k is MISSING else k
                        else:
                            f[4] = self.quoted_value(no, col + start, quoted)
                        if f[4] is None or f[4] is True or f[4] is False:
                            raise _Bail(no, col + start + 1, "an unusual flow key")
                        f[5] = start
                        f[3] = 1
                        continue
                    if st == 2:
                        if plain:
                            v = cache.get(plain, MISSING)
                            if v is MISSING:
                                v = sc.plain(plain, f[4])
                        else:
                            v = sc.quoted(self.quoted_value(no, col + start, quoted), f[4])
                        k = f[4]
                        if k in f[0]:
                            self.dup(no, col + f[5] + 1, k, f[1][k][0])
                        else:
                            f[0][k] = v
                            f[1][k] = (no, col + f[5] + 1, None)
                        f[3] = 3
                        continue
                    raise _Bail(no, col + start + 1, "expected ',' or '}'")
                if colon:
                    if st != 1:
                        raise _Bail(no, col + start + 1, "an unexpected ':'")
                    f[3] = 2
                    continue
                if punct == ",":
                    if st == 2:
                        self.put(f, None, None, no, col)
                    elif st != 3:
                        raise _Bail(no, col + start + 1, "an unexpected ','")
                    f[3] = 0
                    continue
                if punct == "}":
                    if st == 2:
                        self.put(f, None, None, no, col)
                    elif st == 1:
                        raise _Bail(no, col + start + 1, "a flow key without ':'")
                    done = stack.pop()
                else:
                    raise _Bail(no, col + start + 1, "an unusual flow mapping")
            else:  # sequence; states: 0 expect value, 1 expect ',' or ']'
                st = f[3]
                if quoted or plain:
                    if st != 0:
                        raise _Bail(no, col + start + 1, "expected ',' or ']'")
                    i = len(f[0])
                    f[0].append(sc.plain(plain, i) if plain else sc.quoted(self.quoted_value(no, col + start, quoted), i))
                    f[1].append((no, col + start + 1, None))
                    f[3] = 1
                    continue
                if punct == ",":
                    if st != 1:
                        raise _Bail(no, col + start + 1, "an unexpected ','")
                    f[3] = 0
                    continue
                if punct == "]":
                    done = stack.pop()
                else:
                    raise _Bail(no, col + start + 1, "an unusual flow sequence")
            # a collection closed: hand it to its parent
            path.pop()
            if stack:
                g = stack[-1]
                if g[2]:
                    self.put(g, done[0], done[1], no, col)
                    g[3] = 3
                else:
                    g[0].append(done[0])
                    g[1].append((no, col + done[6] + 1, done[1]))
                    g[3] = 1
            else:
                result = (done[0], done[1])
        if result is None:
            raise _Bail(no, col + off + 1, "a flow collection that does not end on its line")
        return result[0], result[1], off

    def put(self, f: list, v, child, no: int, col: int) -> None:
        k = f[4]
        if k in f[0]:
            self.dup(no, col + f[5] + 1, k, f[1][k][0])
            return
        f[0][k] = v
        f[1][k] = (no, col + f[5] + 1, child)


# ----------------------------------------------------------------------------- exact path
class NodeReader:
    """Builds the same result from ruamel.yaml's node graph (aliases bounded first)."""

    def __init__(self) -> None:
        self.sc = Scalars()
        self.dups: list[YamlProblem] = []

    def read(self, text: str):
        yaml = YAML(typ="safe", pure=True)
        root = yaml.compose(text)
        if root is None:
            return None, Positions(None)
        self.bound(root)
        value, pos = self.build(root, (), 0)
        return value, Positions(pos)

    def bound(self, root) -> None:
        """Refuse recursive aliases and alias expansions beyond MAX_EXPANDED nodes, without expanding."""
        memo: dict[int, int] = {}
        gray: set[int] = set()
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            nid = id(node)
            if done:
                if isinstance(node, ScalarNode):
                    size = 1
                elif isinstance(node, SequenceNode):
                    size = 1 + sum(memo[id(c)] for c in node.value)
                else:
                    size = 1 + sum(memo[id(k)] + memo[id(v)] for k, v in node.value)
                gray.discard(nid)
                if size > MAX_EXPANDED:
                    m = node.start_mark
                    raise YamlProblem(m.line + 1, m.column + 1, "yaml-aliases",
                                      f"YAML aliases expand to more than {MAX_EXPANDED:,} nodes; refusing to read this file")
                memo[nid] = size
                continue
            if nid in memo:
                continue
            if nid in gray:
                m = node.start_mark
                raise YamlProblem(m.line + 1, m.column + 1, "yaml-aliases", "a YAML alias refers to a node that contains it")
            gray.add(nid)
            stack.append((node, True))
            if isinstance(node, SequenceNode):
                kids = node.value
            elif isinstance(node, MappingNode):
                kids = [x for kv in node.value for x in kv]
            else:
                kids = []
            for c in kids:
                if id(c) not in memo:
                    stack.append((c, False))

    def build(self, node, path: tuple, depth: int):
        m = node.start_mark
        line, col = m.line + 1, m.column + 1
        if depth + 1 > MAX_DEPTH:
            raise YamlProblem(line, col, "yaml-depth", f"the YAML nests deeper than {MAX_DEPTH} levels", path)
        tag = node.tag
        if isinstance(node, ScalarNode):
            return self.scalar(node, path), None
        if isinstance(node, SequenceNode):
            if tag != T_SEQ:
                raise YamlProblem(line, col, "yaml-tag", f"the YAML tag '{tag}' is not allowed in a deal file", path)
            out, pos = [], []
            for i, item in enumerate(node.value):
                v, child = self.build(item, path + (i,), depth + 1)
                out.append(v)
                im = item.start_mark
                pos.append((im.line + 1, im.column + 1, child))
            return out, pos
        if tag != T_MAP:
            raise YamlProblem(line, col, "yaml-tag", f"the YAML tag '{tag}' is not allowed in a deal file", path)
        out, pos = {}, {}
        merges = []
        for knode, vnode in node.value:
            km = knode.start_mark
            if not isinstance(knode, ScalarNode):
                raise YamlProblem(km.line + 1, km.column + 1, "yaml", "a mapping key must be a plain value", path)
            if knode.tag == T_MERGE and knode.style is None:
                merges.append(vnode)
                continue
            key = self.scalar(knode, path)
            if isinstance(key, (list, dict)):
                raise YamlProblem(km.line + 1, km.column + 1, "yaml", "a mapping key must be a plain value", path)
            v, child = self.build(vnode, path + (key,), depth + 1)
            if key in out:
                self.dups.append(YamlProblem(km.line + 1, km.column + 1, "duplicate-key",
                                             f"duplicate key '{key}'; it was first given on line {pos[key][0]}", path + (key,)))
                continue
            out[key] = v
            pos[key] = (km.line + 1, km.column + 1, child)
        for mnode in merges:
            sources = mnode.value if isinstance(mnode, SequenceNode) else [mnode]
            for src in sources:
                if not isinstance(src, MappingNode):
                    sm = src.start_mark
                    raise YamlProblem(sm.line + 1, sm.column + 1, "yaml", "'<<' merges mappings only", path)
                v, child = self.build(src, path, depth + 1)
                for k, val in v.items():
                    if k not in out:
                        out[k] = val
                        pos[k] = child[k]
        return out, pos

    def scalar(self, node, path: tuple):
        tag, text = node.tag, node.value
        if tag == T_STR:
            if FULLWIDTH.search(text) and FULLWIDTH_NUMBER.fullmatch(text):
                self.sc.problems.append((path, "full-width-digits", _fullwidth_message(text)))
            return text
        if tag in (T_INT, T_FLOAT, T_BOOL, T_NULL, T_TS):
            v = _construct(tag, text)
            if type(v) is tuple:
                self.sc.problems.append((path, v[0], v[1]))
                return v[2]
            return v
        if tag == T_MERGE:
            return text
        m = node.start_mark
        raise YamlProblem(m.line + 1, m.column + 1, "yaml-tag", f"the YAML tag '{tag}' is not allowed in a deal file", path)


# ----------------------------------------------------------------------------- entry point
def parse(text: str, size: int):
    """Parse deal-file text: returns (data, Positions, value problems, duplicate keys).

    Raises YamlProblem for text that cannot be read."""
    try:
        r = FastReader(text)
        data, pos = r.read()
        return data, pos, r.sc.problems, r.dups
    except _Bail as b:
        bail = b
    if size > FALLBACK_MAX_BYTES:
        raise YamlProblem(
            bail.line, bail.col, "yaml",
            f"cannot read this here ({bail.reason}); a deal file over {FALLBACK_MAX_BYTES // 1024} KB must be plain "
            "YAML: block and one-line flow collections, one-line strings or | and > blocks, no anchors, aliases or tags",
        )
    r2 = NodeReader()
    try:
        data, pos = r2.read(text)
    except MarkedYAMLError as e:
        raise _from_marked(e) from None
    except RecursionError:
        raise YamlProblem(bail.line, bail.col, "yaml-depth", "the YAML nests too deeply to read") from None
    except YAMLError as e:
        raise YamlProblem(bail.line, bail.col, "yaml", f"malformed YAML: {e}") from None
    return data, pos, r2.sc.problems, r2.dups


def _from_marked(e: MarkedYAMLError) -> YamlProblem:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    msg = "malformed YAML: " + "; ".join(x for x in (context, problem) if x)
    if "\t" in problem or "\\t" in problem or "tab" in problem:
        msg += " (use spaces, not tabs, to indent)"
    return YamlProblem(line, col, "yaml", msg)
