"""The identifiers of a deal file: deal id and party-style ids (parties, classes, fees, accounts …)."""

from __future__ import annotations

import datetime as dt
import re

Date = dt.date
DEAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
PARTY_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def shared_deal_ids(found) -> dict:
    """Deal files of one run that share a `plan.id` (each would write the one pack folder of that id).

    `found`: (path, deal id, (line, column) of plan.id) for each deal file read. Returns, for each such file,
    a located error naming the other files; the same file named twice is no clash."""
    from pathlib import Path

    from docgen.model.diagnostics import Diagnostic

    by_id: dict[str, dict] = {}
    for path, deal_id, at in found:
        if isinstance(deal_id, str):
            by_id.setdefault(deal_id, {}).setdefault(Path(path).resolve(), (path, at))
    out = {}
    for deal_id, files in by_id.items():
        if len(files) < 2:
            continue
        for path, at in files.values():
            others = ", ".join(str(p) for p, _ in files.values() if p != path)
            out[path] = Diagnostic(str(path), *at, "plan.id", "error", "deal-id",
                                   f"plan.id '{deal_id}' is also the id of {others}: the two deals would write one "
                                   "pack folder; give each deal its own plan.id")
    return out
