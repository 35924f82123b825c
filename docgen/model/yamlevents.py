"""Data and positions built from a YAML parser's event stream (libyaml's or ruamel.yaml's: same events).

One pass, no recursion, no node graph held in memory. Nesting deeper than MAX_DEPTH and alias expansions
beyond MAX_EXPANDED nodes are refused as they are read, before anything walks the data.
"""

from __future__ import annotations

import ruamel.yaml.events as ruamel_events
import yaml as pyyaml

from docgen.model.yamlscalars import MISSING, T_MAP, T_SEQ, Scalars

MAX_DEPTH = 64  # nesting levels; deal files need about 8
MAX_EXPANDED = 200_000  # nodes that aliases may add to those written in the file
NON_SPECIFIC = (None, "!")

SCALAR, START_MAP, START_SEQ, END, ALIAS, DOCUMENT, STREAM_END = range(7)
KINDS = {}
for _events in (pyyaml, ruamel_events):
    KINDS.update({_events.ScalarEvent: SCALAR, _events.MappingStartEvent: START_MAP,
                  _events.SequenceStartEvent: START_SEQ, _events.MappingEndEvent: END, _events.SequenceEndEvent: END,
                  _events.AliasEvent: ALIAS, _events.DocumentStartEvent: DOCUMENT, _events.StreamEndEvent: STREAM_END})


class YamlProblem(Exception):
    """A definite problem in the YAML text itself."""

    def __init__(self, line: int, col: int, rule: str, message: str, path: tuple = ()):
        super().__init__(message)
        self.line, self.col, self.rule, self.message, self.path = line, col, rule, message, path


class _Frame:
    """A collection being read: its data, positions, and where its reader stands."""

    __slots__ = ("out", "pos", "is_map", "line", "col", "key", "kline", "kcol", "expect_key", "merging",
                 "merges", "size", "own", "anchor", "pushed", "first_problem", "first_dup")

    def __init__(self, is_map: bool, line: int, col: int, pushed: bool):
        self.is_map, self.line, self.col, self.pushed = is_map, line, col, pushed
        self.out = {} if is_map else []
        self.pos = {} if is_map else []
        self.key = None
        self.expect_key = True
        self.merging = False  # the key just read is '<<'
        self.merges: list = []
        self.size = self.own = 1  # nodes with aliases expanded, and nodes written in the file
        self.anchor = None


class EventReader:
    """Builds (data, positions tree) from events; value problems in `sc.problems`, duplicate keys in `dups`."""

    def __init__(self) -> None:
        self.path: list = []  # keys and indexes down to the collection being read
        self.sc = Scalars(self.path)
        self.dups: list[YamlProblem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple] = {}  # name -> (value, positions, line, col, size, path, problems, dups)
        self.open: dict[str, tuple[int, int]] = {}  # anchors of collections still being read
        self.root = (None, None)

    def read(self, events):
        documents = 0
        kinds = KINDS
        for ev in events:
            kind = kinds.get(type(ev))
            if kind == SCALAR:
                self.scalar(ev)
            elif kind == END:
                self.end()
            elif kind == START_MAP or kind == START_SEQ:
                self.start(ev, kind == START_MAP)
            elif kind == ALIAS:
                self.alias(ev)
            elif kind == DOCUMENT:
                documents += 1
                if documents > 1:
                    m = ev.start_mark
                    raise YamlProblem(m.line + 1, m.column + 1, "yaml", "malformed YAML: expected a single document "
                                      "in the stream; but found another document")
            elif kind == STREAM_END:
                break
        return self.root

    # -- where a node goes
    def slot(self):
        """The key or index a new value is read under (None at the root)."""
        if not self.stack:
            return None
        f = self.stack[-1]
        return (None if f.merging else f.key) if f.is_map else len(f.out)

    def here(self, key) -> tuple:
        """The path of a value read under `key` (merged mappings take the path of the mapping they merge into)."""
        f = self.stack[-1] if self.stack else None
        if f is None or (f.is_map and f.merging):
            return tuple(self.path)
        return tuple(self.path) + (key,)

    def is_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].is_map and self.stack[-1].expect_key

    def place(self, value, child, line: int, col: int, size: int, own: int) -> None:
        """Hand a finished node to the collection being read."""
        if not self.stack:
            self.root = (value, child)
            return
        f = self.stack[-1]
        f.size += size
        f.own += own
        if not f.is_map:
            f.out.append(value)
            f.pos.append((line, col, child))
            return
        if f.expect_key:
            f.key, f.kline, f.kcol = value, line, col
            f.expect_key = False
            return
        f.expect_key = True
        if f.merging:
            f.merging = False
            f.merges.append((value, child, line, col))
            return
        key = f.key
        if key in f.out:
            self.dups.append(YamlProblem(f.kline, f.kcol, "duplicate-key",
                                         f"duplicate key '{key}'; it was first given on line {f.pos[key][0]}",
                                         tuple(self.path) + (key,)))
            return
        f.out[key] = value
        f.pos[key] = (f.kline, f.kcol, child)

    # -- events
    def scalar(self, ev) -> None:
        m = ev.start_mark
        line, col = m.line + 1, m.column + 1
        is_key = self.is_key()
        key = None if is_key else self.slot()  # a key's problems are located at its mapping, under None
        sc = self.sc
        first_problem = len(sc.problems)
        text, tag = ev.value, ev.tag
        if tag in NON_SPECIFIC:
            if not ev.implicit[0]:
                value = sc.quoted(text, key)
            elif is_key and text == "<<":
                value = MISSING
            else:
                value = sc.cache.get(text, MISSING)
                if value is MISSING:
                    value = sc.plain(text, key)
        else:
            value = sc.tagged(tag, text, key)
            if value is MISSING:
                raise YamlProblem(line, col, "yaml-tag", f"the YAML tag '{tag}' is not allowed in a deal file",
                                  tuple(self.path) if is_key else self.here(key))
        if value is MISSING:  # the merge key
            f = self.stack[-1]
            f.expect_key, f.merging = False, True
            f.size += 1
            f.own += 1
            return
        if ev.anchor is not None:
            at = tuple(self.path) + (None,) if is_key else self.here(key)
            self.anchors[ev.anchor] = (value, None, line, col, 1, at, sc.problems[first_problem:], [])
        self.place(value, None, line, col, 1, 1)

    def start(self, ev, is_map: bool) -> None:
        m = ev.start_mark
        line, col = m.line + 1, m.column + 1
        if self.is_key():
            raise YamlProblem(line, col, "yaml", "a mapping key must be a plain value", tuple(self.path))
        key = self.slot()
        if len(self.stack) >= MAX_DEPTH:  # collections count, scalars do not
            raise YamlProblem(line, col, "yaml-depth", f"the YAML nests deeper than {MAX_DEPTH} levels", self.here(key))
        if ev.tag not in NON_SPECIFIC and ev.tag != (T_MAP if is_map else T_SEQ):
            raise YamlProblem(line, col, "yaml-tag", f"the YAML tag '{ev.tag}' is not allowed in a deal file",
                              self.here(key))
        f = self.stack[-1] if self.stack else None
        pushed = f is not None and not f.merging
        if pushed:
            self.path.append(key)
        g = _Frame(is_map, line, col, pushed)
        if ev.anchor is not None:
            g.anchor = ev.anchor
            g.first_problem, g.first_dup = len(self.sc.problems), len(self.dups)
            self.open[ev.anchor] = (line, col)
        self.stack.append(g)

    def end(self) -> None:
        f = self.stack.pop()
        at = tuple(self.path)
        if f.pushed:
            self.path.pop()
        if f.merges:
            self.merge(f)
        if f.size - f.own > MAX_EXPANDED:
            raise YamlProblem(f.line, f.col, "yaml-aliases",
                              f"YAML aliases expand to more than {MAX_EXPANDED:,} nodes; refusing to read this file")
        if f.anchor is not None:
            self.open.pop(f.anchor, None)
            self.anchors[f.anchor] = (f.out, f.pos, f.line, f.col, f.size, at,
                                      self.sc.problems[f.first_problem:], self.dups[f.first_dup:])
        self.place(f.out, f.pos, f.line, f.col, f.size, f.own)

    def merge(self, f: _Frame) -> None:
        """'<<' keys: the keys of the merged mappings that the mapping does not give itself."""
        for value, child, line, col in f.merges:
            sources = zip(value, child) if isinstance(value, list) else [(value, (line, col, child))]
            for src, (sline, scol, spos) in sources:
                if not isinstance(src, dict):
                    raise YamlProblem(sline, scol, "yaml", "'<<' merges mappings only", tuple(self.path))
                for k, v in src.items():
                    if k not in f.out:
                        f.out[k] = v
                        f.pos[k] = spos[k]

    def alias(self, ev) -> None:
        m = ev.start_mark
        line, col = m.line + 1, m.column + 1
        name = ev.anchor
        if name in self.open:
            raise YamlProblem(*self.open[name], "yaml-aliases", "a YAML alias refers to a node that contains it")
        if name not in self.anchors:
            raise YamlProblem(line, col, "yaml", f"malformed YAML: found undefined alias '{name}'")
        value, child, aline, acol, size, at, problems, dups = self.anchors[name]
        if self.is_key():
            if isinstance(value, (list, dict)):
                raise YamlProblem(line, col, "yaml", "a mapping key must be a plain value", tuple(self.path))
            where = tuple(self.path) + (None,)
        else:
            where = self.here(self.slot())
        # the aliased node's problems once more, at the alias's place
        n = len(at)
        self.sc.problems += [(where + p[n:], rule, msg) for p, rule, msg in problems]
        self.dups += [YamlProblem(d.line, d.col, d.rule, d.message, where + d.path[n:]) for d in dups]
        self.place(value, child, aline, acol, size, 1)
