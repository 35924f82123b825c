"""A located YAML reader for deal files.

The result is plain Python data (dict, list, str, int, Decimal, date, bool, None), a tree of (line, column)
positions for every mapping key and sequence item, the value problems found (full-width digits, non-finite
numbers) and the duplicate keys (docgen.model.yamlevents builds them from a parser's events).

Two parsers give the events:

* libyaml (PyYAML's C parser) reads every file first;
* ruamel.yaml's pure-Python parser (YAML 1.2, ~5 s a MB) reads the files libyaml refuses, up to
  EXACT_MAX_BYTES: it accepts the few YAML 1.2 forms libyaml (YAML 1.1) does not, and its error messages say
  what it found where libyaml's only say what it expected. It also reads files with U+0085, U+2028 or U+2029,
  which libyaml would take for line breaks.

Why not a hand-written reader: on the 100,000-row deals bench/bench_yaml.py measured the line-by-line reader
this replaced at 3.33 s against 2.95 s (9 MB of customer classes) and 2.83 s against 1.22 s (4 MB of flows),
CPU time: slower, not the 3x faster that would have paid for its 800 lines. Events rather than yaml.compose:
the same time, a third of the peak memory (221 MB against 731 MB on the customer classes).
"""

from __future__ import annotations

import re

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError as RuamelMarkedError
from ruamel.yaml.error import YAMLError as RuamelError
from yaml import StreamEndEvent
from yaml.cyaml import CParser
from yaml.error import MarkedYAMLError, YAMLError

from docgen.model.yamlevents import MAX_DEPTH, EventReader, YamlProblem

__all__ = ["Positions", "YamlProblem", "parse"]

EXACT_MAX_BYTES = 256 * 1024  # ruamel.yaml's parser takes ~5 s a MB: only for files of deal-file size
# what YAML allows in a stream (libyaml refuses the rest with a less precise message)
NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
YAML_1_1_BREAKS = re.compile("[\x85\u2028\u2029]")


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


def parse(text: str, size: int):
    """Parse deal-file text of `size` bytes: returns (data, Positions, value problems, duplicate keys).

    Raises YamlProblem for text that cannot be read."""
    bad = NOT_PRINTABLE.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        raise YamlProblem(line, col, "yaml", f"malformed YAML: unacceptable character #x{ord(bad.group()):04x}: "
                                             "special characters are not allowed")
    breaks = YAML_1_1_BREAKS.search(text)
    if breaks:
        if size > EXACT_MAX_BYTES:
            line, col = _line_col(text, breaks.start())
            raise YamlProblem(line, col, "yaml", f"the character U+{ord(breaks.group()):04X} is allowed only in a "
                                                 f"deal file of at most {EXACT_MAX_BYTES // 1024} KB")
        return _exact(text, None)
    r = EventReader()
    try:
        data, pos = r.read(_libyaml_events(text))
    except (MarkedYAMLError, YAMLError) as e:
        try:
            if size > EXACT_MAX_BYTES:
                raise _from_libyaml(e, text) from None
            return _exact(text, e)
        except YamlProblem as p:
            raise _fullwidth_colon(p, text) or p from None
    return data, Positions(pos), r.sc.problems, r.dups


# `key：value` typed with a Chinese input method: YAML sees no key there and stops a line or two later
FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"{}\[\],\uff1a][^:#{}\[\],\uff1a]*?)\s*\uff1a")
COLON_LOOKBACK = 3  # lines above the one YAML stops at


def _fullwidth_colon(p: YamlProblem, text: str) -> YamlProblem | None:
    """The malformed-YAML problem restated at the key written with a full-width colon, when one is near."""
    if p.rule != "yaml":
        return None
    lines = text.split("\n", p.line)[:p.line]
    for n in range(len(lines), max(0, len(lines) - 1 - COLON_LOOKBACK), -1):
        m = FULLWIDTH_KEY.match(lines[n - 1])
        if m:
            key = m.group(2)
            return YamlProblem(n, len(m.group(1)) + 1, "yaml",
                               f"the key '{key}' on line {n} is followed by a full-width colon '\uff1a': "
                               f"write an ASCII colon and a space, '{key}: ...'")
    return None


def _libyaml_events(text: str):
    parser = CParser(text)
    try:
        while True:
            ev = parser.get_event()
            yield ev
            if type(ev) is StreamEndEvent:
                return
    finally:
        parser.dispose()


def _exact(text: str, libyaml_error: YAMLError | None):
    """ruamel.yaml's reading; libyaml's error (if any) when ruamel.yaml fails without a located message."""
    r = EventReader()
    try:
        data, pos = r.read(YAML(typ="safe", pure=True).parse(text))
    except RuamelMarkedError as e:
        raise _from_marked(e) from None
    except (RuamelError, ValueError) as e:  # ValueError: e.g. an escape past U+10FFFF
        if libyaml_error is not None:
            raise _from_libyaml(libyaml_error, text) from None
        raise YamlProblem(1, 1, "yaml", f"malformed YAML: {e}") from None
    return data, Positions(pos), r.sc.problems, r.dups


def _line_col(text: str, at: int) -> tuple[int, int]:
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _from_marked(e) -> YamlProblem:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (e.problem or "").strip()
    context = (e.context or "").strip()
    msg = "malformed YAML: " + "; ".join(x for x in (context, problem) if x)
    if "\t" in problem or "\\t" in problem or "tab" in problem:
        msg += " (use spaces, not tabs, to indent)"
    return YamlProblem(line, col, "yaml", msg)


def _from_libyaml(e: YAMLError, text: str) -> YamlProblem:
    """libyaml's error, with the character it stopped at (its messages do not name it)."""
    if not isinstance(e, MarkedYAMLError):
        return YamlProblem(1, 1, "yaml", f"malformed YAML: {e}")
    if e.problem == "exceeded maximum nesting depth":  # libyaml stops at 1,000 levels
        mark = e.problem_mark
        return YamlProblem(mark.line + 1, mark.column + 1, "yaml-depth", f"the YAML nests deeper than {MAX_DEPTH} levels")
    p = _from_marked(e)
    at = _offset(text, p.line, p.col)
    if at < len(text) and "tab" not in p.message:
        found = text[at]
        p.message += f" (found {found!r})"
        if found == "\t":
            p.message += " (use spaces, not tabs, to indent)"
    return p


def _offset(text: str, line: int, col: int) -> int:
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at + col - 1
