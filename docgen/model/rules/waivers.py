"""The rule on `waivers:`: each names a regulatory rule, once. Whether a waived rule fires at all is
known only once every rule has run: the loader warns of a waiver that waives nothing."""

from __future__ import annotations

from docgen.model.deal import Deal
from docgen.model.rules.registry import REGULATORY, RULES, rule


@rule("waivers")
def waivers(deal: Deal):
    seen: set[str] = set()
    for i, w in enumerate(deal.waivers):
        if w.rule not in RULES:
            yield (("waivers", i, "rule"), "error",
                   f"'{w.rule}' is not a validation rule; the regulatory rules a deal may waive are: "
                   f"{', '.join(sorted(REGULATORY))}")
        elif w.rule not in REGULATORY:
            yield (("waivers", i, "rule"), "error",
                   f"'{w.rule}' is a structural rule (types, references, dates, sums): it cannot be waived, only fixed")
        elif w.rule in seen:
            yield (("waivers", i, "rule"), "error", f"rule '{w.rule}' is waived twice")
        seen.add(w.rule)
