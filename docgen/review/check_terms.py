"""Rule `term-definition`: a defined term whose definition reads differently in two documents of a pack.

The Standard Terms define each shared term once; the offering memorandum's definitions chapter repeats the definition word
for word (exchange guideline No. 1, 3.1.9). A document that prints another text for the same term is a
finding, shown against the Standard Terms' text (or the first other document's, when they lack it)."""

from __future__ import annotations

import re
from collections import defaultdict

from docgen.review.check_text import DocText, excerpt
from docgen.review.patterns import patterns

ENTRY = {lang: re.compile(rx) for lang, rx in patterns()["terms"]["entry"].items()}
RULE = "term-definition"
# a contract's own name for itself ("this Contract" / "this Agreement"): the same definition
SELF = re.compile(patterns()["terms"]["self"])


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def check(docs: list[DocText], deal=None):
    seen: dict[tuple, dict[str, list[tuple[DocText, str]]]] = defaultdict(lambda: defaultdict(list))
    for d in docs:
        for u in d.units:
            m = ENTRY[u.lang].match(u.text)
            if m:
                text = SELF.sub("§", re.sub(r"\s+", "" if u.lang == "zh" else " ", m.group(2)))
                seen[d.group, u.lang, m.group(1)][text].append((d, u.where))
    for (_group, _lang, term), texts in sorted(seen.items()):
        if len(texts) < 2:
            continue
        where = {d.document: (text, at) for text, places in texts.items() for d, at in places}
        ref_doc = "standard-terms" if "standard-terms" in where else sorted(where)[0]
        ref_text, ref_at = where[ref_doc]
        for text, places in sorted(texts.items()):
            if text == ref_text:
                continue
            i = _first_difference(text, ref_text)
            for d, at in places:
                yield (d.file, RULE, f"‘{term}’ is defined differently ({at}): “{excerpt(text, i)}”; "
                                     f"{ref_doc} ({ref_at}): “{excerpt(ref_text, i)}”")
