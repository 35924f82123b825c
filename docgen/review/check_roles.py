"""Rule `undefined-role`: a role name (Party A, Party B … and their Chinese forms) used in a document that
never defines it — the documents name the parties by their defined terms (Seller, Plan Manager …)."""

from __future__ import annotations

import re

from docgen.review.check_text import DocText, excerpt
from docgen.review.patterns import patterns

RULE = "undefined-role"
ROLES = {lang: re.compile(rx) for lang, rx in patterns()["roles"].items()}
DEFINED = {"zh": "“{}”", "en": "\"{}\""}


def check(docs: list[DocText], deal=None):
    for d in docs:
        for lang in ("zh", "en"):
            units = d.of(lang)
            whole = "\n".join(u.text for u in units).replace("“", "\"").replace("”", "\"") if lang == "en" else \
                "\n".join(u.text for u in units)
            first: dict[str, tuple[str, str]] = {}
            for u in units:
                for m in ROLES[lang].finditer(u.text):
                    first.setdefault(m.group(0), (u.where, excerpt(u.text, m.start())))
            for role, (at, text) in sorted(first.items()):
                if DEFINED[lang].format(role) not in whole:
                    yield (d.file, RULE, f"‘{role}’ is used ({at}: “{text}”) but never defined; "
                                         "name the party by its defined term")
