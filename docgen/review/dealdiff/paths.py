"""Following a change's path in a deal's plain data: the value there, the YAML path (for line numbers),
and applying changes to another deal's data."""

from __future__ import annotations

from docgen.review.dealdiff.changes import MISSING, Change, dotted


def _index(items: list, step) -> int | None:
    if isinstance(step, int):
        return step if 0 <= step < len(items) else None
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get(step.key, MISSING) == step.value:
            return i
    return None


def _walk(data, path: tuple) -> tuple[tuple, object] | None:
    """The path with keyed steps replaced by list indexes in `data`, and the value there; None when absent."""
    out: list = []
    cur = data
    for step in path:
        if isinstance(cur, list):
            i = _index(cur, step)
            if i is None:
                return None
        elif isinstance(cur, dict):
            if step not in cur:
                return None
            i = step
        else:
            return None
        out.append(i)
        cur = cur[i]
    return tuple(out), cur


def yaml_path(data, path: tuple) -> tuple | None:
    """The path with keyed steps replaced by list indexes in `data` (for line numbers)."""
    hit = _walk(data, path)
    return hit[0] if hit else None


def get(data, path: tuple):
    """The value at `path` in `data`, or MISSING."""
    hit = _walk(data, path)
    return hit[1] if hit else MISSING


def apply_changes(data: dict, changes: list[Change], new_data: dict | None = None) -> dict:
    """A deep copy of `data` with `changes` applied (added list items go where they are in `new_data`)."""
    import copy

    out = copy.deepcopy(data)
    for c in changes:
        *parent_path, last = c.path
        parent = get(out, tuple(parent_path))
        if parent is MISSING:
            raise KeyError(dotted(c.path))
        if isinstance(parent, dict):
            if c.kind == "removed":
                parent.pop(last, None)
            else:
                parent[last] = copy.deepcopy(c.new)
        elif isinstance(parent, list):
            i = _index(parent, last)
            if c.kind == "removed":
                if i is not None:
                    del parent[i]
            elif c.kind == "added":
                where = len(parent)
                if new_data is not None:
                    siblings = get(new_data, tuple(parent_path))
                    if isinstance(siblings, list):
                        j = _index(siblings, last)
                        if j is not None:
                            where = min(j, len(parent))
                parent.insert(where, copy.deepcopy(c.new))
            else:
                if i is None:
                    raise KeyError(dotted(c.path))
                parent[i] = copy.deepcopy(c.new)
        else:
            raise KeyError(dotted(c.path))
    return out
