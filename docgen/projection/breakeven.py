"""Break-even levels (model.md §5): the stress at which the lowest period coverage is exactly 1.00x.

Closed form where inflow is linear in the factor (full sweep: uniform haircut always; a class's
collection rate when that class recovers no arrears), otherwise bisection to 0.0001 % before the
result is rounded half-up to 0.01 %.

No figure is ever negative: when some period's base-case coverage is already below 1.00x no decline is
needed to reach it — the haircut is 0.00 % and `already_below` says so, for the documents to say it in
words rather than print a negative fall.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

from docgen.projection.context import Context
from docgen.projection.money import HUNDRED, ZERO, q2
from docgen.projection.pool import Stress
from docgen.projection.result import BreakEven

TOL = Decimal("0.0001")  # per cent
MAX_CLASSES = 50  # per-class break-evens for at most this many classes (the largest by billing)


def _ok(inflow: list[Decimal], dens: list[Decimal]) -> bool:
    return all(x >= d for x, d in zip(inflow, dens) if d > 0)


def _bisect(ok_at: Callable[[Decimal], bool], lo: Decimal, hi: Decimal) -> Decimal:
    """Boundary between ok (at lo) and failing (at hi); either end may be the larger."""
    while abs(hi - lo) > TOL:
        mid = (lo + hi) / 2
        if ok_at(mid):
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _binding(inflow: list[Decimal], dens: list[Decimal]) -> int:
    """1-based period with the highest amount due per unit of inflow."""
    best, at = None, 1
    for t, (x, d) in enumerate(zip(inflow, dens)):
        if d <= 0:
            continue
        r = d / x if x > 0 else Decimal("Infinity")
        if best is None or r > best:
            best, at = r, t + 1
    return at


def _rate_inflow(ctx: Context, c, base_inflow: list[Decimal], linear: bool) -> Callable[[Decimal], list[Decimal]]:
    """Plan inflow per period with class `c` at collection rate v, others at base.

    Under a full sweep classes add up month by month, so only the class itself is re-projected.
    """
    cid = c.class_id
    if not linear:
        return lambda v: ctx.pool_run(Stress(cr_to={cid: v})).inflow
    alone = dataclasses.replace(ctx.basis, classes=(c,))
    own = ctx.pool_run(basis=alone).inflow
    rest = [b - o for b, o in zip(base_inflow, own)]
    return lambda v: [r + x for r, x in zip(rest, ctx.pool_run(Stress(cr_to={cid: v}), basis=alone).inflow)]


def break_even(ctx: Context, base_inflow: list[Decimal], dens: list[Decimal]) -> tuple[BreakEven | None, list[str]]:
    """`dens`: the base-case amounts due per period (coverage denominators)."""
    if not any(d > 0 for d in dens):
        return None, []
    linear = ctx.deal.plan.collection_mode == "full_sweep"
    notes: list[str] = []
    method: dict[str, str] = {}
    binding = _binding(base_inflow, dens)
    below = not _ok(base_inflow, dens)
    if linear:
        x, d = base_inflow[binding - 1], dens[binding - 1]
        h = max(ZERO, q2((1 - d / x) * HUNDRED)) if x > 0 else ZERO
        method["uniform"] = "closed form"
    else:
        def ok_h(v: Decimal) -> bool:
            return _ok(ctx.pool_run(Stress(inflow_pct=v)).inflow, dens)

        h = ZERO if not ok_h(ZERO) else q2(_bisect(ok_h, ZERO, HUNDRED)) if not ok_h(HUNDRED) else HUNDRED
        method["uniform"] = "bisection"
        binding = _binding(ctx.pool_run(Stress(inflow_pct=h)).inflow, dens)
    rates: dict[str, Decimal] = {}
    classes = list(ctx.basis.classes)
    if len(classes) > MAX_CLASSES:
        size = {c.class_id: sum((s.area * s.price if s.fixed is None else s.fixed) * s.share for s in c.seasons)
                for c in classes}
        classes = sorted(classes, key=lambda c: -size[c.class_id])[:MAX_CLASSES]
        notes.append(f"break-even: collection rates solved for the {MAX_CLASSES} largest of "
                     f"{len(ctx.basis.classes)} customer classes")
    for c in classes:
        cid = c.class_id
        at = _rate_inflow(ctx, c, base_inflow, linear)
        zero, full = at(ZERO), at(HUNDRED)
        if not _ok(full, dens):
            notes.append(f"break-even: no collection rate of '{cid}' reaches 1.00x coverage in every period")
            continue
        if _ok(zero, dens):
            rates[cid], method[cid] = ZERO, "closed form"
            continue
        if linear and not c.recovery:
            need = [(d - o) / (f - o) for o, f, d in zip(zero, full, dens) if d > 0 and f > o]
            rates[cid], method[cid] = q2(max(need) * HUNDRED), "closed form"
        else:
            rates[cid], method[cid] = q2(_bisect(lambda v, at=at: _ok(at(v), dens), HUNDRED, ZERO)), "bisection"
    return BreakEven(h, binding, rates, method, already_below=below), notes
