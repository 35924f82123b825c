"""Rule `time-limit`: the same obligation printed with two time limits (different numbers or units).

Time limits print through one formatter (`period()`: "3 Business Days" in both languages' words), so the obligations are
recognised by their wording: an event disclosed within N, a meeting convened within N, a pledge registered
within N, a trigger cured within N (keyed by the trigger's condition, in prose and in the trigger table) …"""

from __future__ import annotations

import re
from collections import defaultdict

from docgen.review.check_text import DocText, excerpt
from docgen.review.patterns import compile_with, patterns

RULE = "time-limit"
_P = patterns()["periods"]
N = _P["N"]
UNIT = _P["units"]
# obligation -> patterns (n and unit are the last two groups; a first named group `key` narrows the obligation)
OBLIGATIONS = {name: [compile_with(rx, N=N) for rx in rxs] for name, rxs in _P["obligations"].items()}
ALONE = re.compile(r"^" + N + r"$")  # a cell that is only a period: the trigger table's cure column


def _norm(n: str, unit: str) -> tuple[int, str]:
    u = unit.lower()
    kind = UNIT.get(unit) or ("business" if u.startswith("business") else "trading" if u.startswith("trading") else "calendar")
    return int(n), kind


def check(docs: list[DocText], deal=None):
    found: dict[tuple, dict[tuple[int, str], list[tuple[DocText, str, str]]]] = defaultdict(lambda: defaultdict(list))
    for d in docs:
        for u in d.units:
            for what, recognisers in OBLIGATIONS.items():
                for rx in recognisers:
                    for m in rx.finditer(u.text):
                        key = m.groupdict().get("key")
                        value = _norm(m.group(m.lastindex - 1), m.group(m.lastindex))
                        found[d.group, what, (key or "").strip()][value].append((d, u.where, excerpt(u.text, m.start())))
        for row in d.table_rows:  # condition | cure | … : the cure period of that condition
            cure = [c for c in row if ALONE.match(c.text)]
            if len(cure) == 1:
                m = ALONE.match(cure[0].text)
                value = _norm(m.group(1), m.group(2))
                for c in row:
                    if c is not cure[0] and c.lang == cure[0].lang and len(c.text) >= 4 and not ALONE.match(c.text):
                        found[d.group, "cure period", c.text.strip()][value].append((d, c.where, c.text))
    for (_group, what, key), values in sorted(found.items(), key=lambda kv: kv[0]):
        if len(values) < 2:
            continue
        shown = "; ".join(f"{n} {unit} in {', '.join(sorted({f'{d.document} ({at})' for d, at, _ in places}))}"
                          for (n, unit), places in sorted(values.items()))
        for (n, unit), places in sorted(values.items()):
            for d, at, text in places:
                about = f"{what} of ‘{excerpt(key, 0, 40)}’" if key else what
                yield (d.file, RULE, f"{about} is printed as {n} {unit} days here ({at}: “{text}”); the pack prints {shown}")
