"""Rule `registrar`: the depository of an exchange-listed plan is fixed by the exchange, not chosen.

For SSE and SZSE plans the securities are registered with the CSDC branch at that exchange
(clauses/labels/institutions.yaml, `institution.depository.<exchange>`); a `registrar` party named
otherwise contradicts the exchange, and the documents would name two depositories.
"""

from __future__ import annotations

import functools

from docgen.model.deal import Deal
from docgen.model.rules.registry import rule


@functools.lru_cache(maxsize=None)
def depository(exchange: str):
    """The depository's name (`Bi` zh/en) for an exchange, from the clause library; None for another venue."""
    from docgen.assembly.labels import LabelError, plain_label
    from docgen.assembly.library import load_library
    from docgen.resources import library_root

    try:
        return plain_label(load_library(library_root()), f"institution.depository.{exchange}")
    except LabelError:
        return None


@rule("registrar")
def registrar(deal: Deal):
    name = depository(deal.plan.exchange)
    if name is None:
        return
    for pid in deal.with_role("registrar"):
        given = deal.parties[pid].name
        for lang in ("zh", "en"):
            if getattr(given, lang) != name[lang]:
                yield (("parties", pid, "name", lang), "error",
                       f"the depository of an {deal.plan.exchange} plan is {name[lang]} (derived from plan.exchange); "
                       f"a registrar named ‘{getattr(given, lang)}’ contradicts the exchange")
