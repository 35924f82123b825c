"""The rule registry: `@rule` registers a check, `run_rules` runs them all; helpers the rules share.

Each rule is a small function that yields (path, severity, message). Errors stop drafting; warnings
are regulatory or market-practice concerns a lawyer should see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from docgen.model.deal import Deal

Finding = tuple[tuple, str, str]  # path, severity, message
RULES: dict[str, Callable[[Deal], Iterator[Finding]]] = {}


def rule(name: str):
    def register(fn):
        RULES[name] = fn
        return fn

    return register


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
