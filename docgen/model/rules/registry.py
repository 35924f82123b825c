"""The rule registry: `@rule` registers a check, `run_rules` runs them all; helpers the rules share.

Each rule is a small function that yields (path, severity, message). A rule is of one kind:
- structural (types, references, dates, sums): its errors stop everything, the projection too;
- regulatory (the exchange's and the regulator's requirements: retention, term, sweep …): its errors
  are reported by `validate` and `project`, never stop the analysis, and stop `render` unless the deal
  records a waiver of the rule (`waivers:`), so that a deal filed under older rules can be analysed.
Warnings never stop anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from docgen.model.deal import Deal

Finding = tuple[tuple, str, str]  # path, severity, message
RULES: dict[str, Callable[[Deal], Iterator[Finding]]] = {}
REGULATORY: set[str] = set()  # the ids of the regulatory rules; every other rule is structural


def rule(name: str, *, regulatory: bool = False):
    def register(fn):
        RULES[name] = fn
        if regulatory:
            REGULATORY.add(name)
        return fn

    return register


def kind(name: str) -> str:
    """'regulatory' or 'structural': what an error of the rule stops (see the module's docstring)."""
    return "regulatory" if name in REGULATORY else "structural"


def run_rules(deal: Deal) -> list[tuple[tuple, str, str, str]]:
    out = []
    for name, fn in RULES.items():
        try:
            for path, severity, message in fn(deal):
                out.append((path, severity, name, message))
        except Exception as e:  # a rule's bug must not hide the other findings, nor crash the command
            out.append(((), "error", name, f"internal error in rule '{name}' ({type(e).__name__}: {e}); please report it"))
    return out


def used_twice(items, section: str, what: str) -> Iterator[Finding]:
    """An error on each item of the list `section` whose id an earlier item already has."""
    seen = set()
    for i, x in enumerate(items):
        if x.id in seen:
            yield ((section, i, "id"), "error", f"{what} id '{x.id}' is used twice")
        seen.add(x.id)


def yuan(deal: Deal, x: Decimal) -> Decimal:
    """An amount of the deal file in yuan."""
    return x * (10000 if deal.plan.amount_unit == "wan" else 1)


def money_text(deal: Deal, x: Decimal) -> str:
    """An amount of the deal file as a message shows it, with the file's unit (wan yuan = 10,000 yuan)."""
    unit = "wan yuan" if deal.plan.amount_unit == "wan" else "yuan"
    return f"{x:,} {unit}"


def years_between(a, b) -> Decimal:
    return Decimal((b - a).days) / Decimal("365.25")
