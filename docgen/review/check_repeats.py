"""Rule `repeated-paragraph`: the same paragraph (or, in a PDF, sentence) printed twice in one document."""

from __future__ import annotations

import re
from collections import defaultdict

from docgen.review.check_text import DocText, excerpt

RULE = "repeated-paragraph"
MIN = {"zh": 30, "en": 80}  # shorter units (headings, table cells, list stems) may repeat by design


def check(docs: list[DocText], deal=None):
    for d in docs:
        seen: dict[tuple[str, str], list[str]] = defaultdict(list)
        for u in d.units:
            key = re.sub(r"\s+", "", u.text)
            if len(key) >= MIN[u.lang] and not u.cell:
                seen[u.lang, key].append(u.where)
        for (_lang, text), places in seen.items():
            if len(places) > 1:
                yield (d.file, RULE, f"printed {len(places)} times ({', '.join(places)}): “{excerpt(text)}”")
