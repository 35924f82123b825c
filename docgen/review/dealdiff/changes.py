"""Changed leaves between two deals as plain data: `Change`, its path (`Sel` steps for keyed list items)
and `diff_data`, which finds them."""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from enum import Enum

from docgen.model.deal import Deal


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


def is_bitext(x) -> bool:
    return isinstance(x, dict) and set(x) == {"zh", "en"} and all(isinstance(v, str) for v in x.values())


def _list_key(items: list) -> str | None:
    """The field that identifies the items of a list of mappings, if there is one."""
    if not items or not all(isinstance(i, dict) and not is_bitext(i) for i in items):
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
    if is_bitext(old) or is_bitext(new):
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
