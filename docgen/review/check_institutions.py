"""Rule `institution`: a fixed institution named two ways in a pack — the securities depository above all,
which for exchange-listed ABS is CSDC's branch at the exchange (rule `registrar` of `validate`)."""

from __future__ import annotations

import re
from collections import defaultdict

from docgen.review.check_text import DocText
from docgen.review.patterns import patterns

RULE = "institution"
# the depository: base name, then the branch
PATTERNS = {lang: re.compile(rx) for lang, rx in patterns()["institutions"].items()}


def check(docs: list[DocText], deal=None):
    names: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for d in docs:
        for u in d.units:
            for m in PATTERNS[u.lang].finditer(u.text):
                names[d.group, u.lang, "depository"][m.group(1)].append((d, u.where, m.group(0)))
                if m.group(2):
                    names[d.group, u.lang, "depository branch"][m.group(2)].append((d, u.where, m.group(0)))
    for (_group, _lang, what), variants in sorted(names.items()):
        if len(variants) < 2:
            continue
        shown = "; ".join(f"‘{places[0][2]}’ in {', '.join(sorted({f'{d.document} ({at})' for d, at, _ in places}))}"
                          for _, places in sorted(variants.items()))
        for _, places in sorted(variants.items()):
            for d in sorted({p[0].file for p in places}):
                yield (d, RULE, f"the {what} is named two ways in the pack: {shown}")
