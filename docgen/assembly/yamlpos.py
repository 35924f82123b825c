"""Clause-library YAML read with the line of every value kept (ruamel.yaml's round-trip loader), and
pydantic's validation errors turned into problems at those lines."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from docgen.assembly.errors import Problem

MAX_FILE = 2 * 1024 * 1024


class Pos:
    """path tuple -> 1-based line of the value (content line for block scalars) and of the key."""

    def __init__(self) -> None:
        self.value: dict[tuple, int] = {}
        self.key: dict[tuple, int] = {}

    def line(self, path: tuple, *, key: bool = False) -> int:
        p = tuple(path)
        while p:
            hit = (self.key.get(p) if key else None) or self.value.get(p) or self.key.get(p)
            if hit:
                return hit
            p = p[:-1]
        return 1


def plain(node, path: tuple, pos: Pos):
    if isinstance(node, CommentedMap):
        out = {}
        for k, v in node.items():
            kp = path + (str(k),)
            try:
                kl, _ = node.lc.key(k)
                vl, _ = node.lc.value(k)
                pos.key[kp] = kl + 1
                block = isinstance(v, (LiteralScalarString, FoldedScalarString))
                pos.value[kp] = vl + 1 + (1 if block else 0)
            except (KeyError, TypeError, AttributeError):
                pass
            out[str(k)] = plain(v, kp, pos)
        return out
    if isinstance(node, CommentedSeq):
        out = []
        for i, v in enumerate(node):
            ip = path + (i,)
            try:
                il, _ = node.lc.item(i)
                pos.value[ip] = il + 1
            except (KeyError, TypeError, AttributeError, IndexError):
                pass
            out.append(plain(v, ip, pos))
        return out
    if isinstance(node, str):
        return str(node)
    return node


def read(path: Path, rel: str, problems: list[Problem]):
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_FILE:
            problems.append(Problem(rel, 1, "<file>", f"file larger than {MAX_FILE} bytes"))
            return None, None
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(Problem(rel, 1, "<file>", f"cannot read: {e}"))
        return None, None
    if "&" in text or "*" in text:
        # Anchors and aliases have no use in clause files and open the door to expansion bombs.
        try:
            for ev in YAML(typ="safe", pure=True).parse(text):
                if isinstance(ev, AliasEvent) or getattr(ev, "anchor", None):
                    problems.append(Problem(rel, ev.start_mark.line + 1, "<file>",
                                            "YAML anchors and aliases are not allowed in clause files"))
                    return None, None
        except YAMLError:
            pass  # reported with its line by the real load below
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        data = yaml.load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(Problem(rel, line, "<file>", f"YAML: {e.problem or e.context}"))
        return None, None
    except YAMLError as e:
        problems.append(Problem(rel, 1, "<file>", f"YAML: {e}"))
        return None, None
    pos = Pos()
    return plain(data, (), pos), pos


def validation_problems(e: ValidationError, rel: str, owner: str, base: tuple, pos: Pos) -> list[Problem]:
    out = []
    for err in e.errors():
        loc = tuple(x if not isinstance(x, str) or x != "for_" else "for" for x in err["loc"])
        where = ".".join(str(x) for x in loc)
        if err["type"] == "extra_forbidden":
            msg = f"unknown key '{loc[-1]}'"
            if err.get("input") is None and " " in str(loc[-1]):
                # {en: Put, Redemption and Reset}: the comma ends the value inside a flow mapping
                msg += " (a comma inside {…} starts a new key: quote the text)"
            line = pos.line(base + loc, key=True)
        elif err["type"] == "missing":
            msg = f"missing key '{loc[-1]}'"
            line = pos.line(base + loc[:-1], key=True)
        else:
            msg = f"{where}: {err['msg']}" if where else err["msg"]
            line = pos.line(base + loc)
        out.append(Problem(rel, line, owner, msg))
    return out
