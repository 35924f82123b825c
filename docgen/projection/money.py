"""Decimal helpers: every line item is rounded half-up to 0.01 of the deal's amount unit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
FEN = Decimal("0.01")
BP4 = Decimal("0.0001")


def q2(x: Decimal) -> Decimal:
    """Round a line item half-up to 0.01."""
    return x.quantize(FEN, rounding=ROUND_HALF_UP)


def q4(x: Decimal) -> Decimal:
    return x.quantize(BP4, rounding=ROUND_HALF_UP)


def cover(num: Decimal, den: Decimal) -> Decimal:
    """A coverage multiple to four places; 0 when nothing is due (documents print a dash)."""
    return q4(num / den) if den > 0 else ZERO


def pct_of(amount: Decimal, pct: Decimal) -> Decimal:
    return q2(amount * pct / HUNDRED)


def allocate(amount: Decimal, caps: Sequence[Decimal], weights: Sequence[Decimal] | None = None) -> list[Decimal]:
    """Split `amount` pro rata to `weights` (default: the caps), never above a cap.

    Each share is rounded half-up to the fen and the rounding residue goes to the last item
    (model.md §8); when rounding would push an item over its cap the excess moves on to the
    others, so the shares always add up to min(amount, Σ caps) exactly.
    """
    caps = list(caps)
    total_cap = sum(caps, ZERO)
    if amount >= total_cap:
        return caps
    if amount <= 0:
        return [ZERO] * len(caps)
    w = list(weights) if weights is not None else caps
    out = [ZERO] * len(caps)
    left = amount
    live = [i for i, c in enumerate(caps) if c > 0 and w[i] > 0]
    if not live:  # weights all zero: fall back to the caps
        live = [i for i, c in enumerate(caps) if c > 0]
        w = caps
    while left > 0 and live:
        wsum = sum((w[i] for i in live), ZERO)
        shares = {i: q2(left * w[i] / wsum) for i in live[:-1]}
        shares[live[-1]] = left - sum(shares.values(), ZERO)
        if shares[live[-1]] < 0:  # many tiny weights rounded up: round the others down instead
            shares = {i: (left * w[i] / wsum).quantize(FEN, rounding=ROUND_DOWN) for i in live[:-1]}
            shares[live[-1]] = left - sum(shares.values(), ZERO)
        full = [i for i in live if out[i] + shares[i] >= caps[i]]
        if not full:
            for i in live:
                out[i] += shares[i]
            break
        for i in full:  # pay those items in full, share the rest among the others
            left -= caps[i] - out[i]
            out[i] = caps[i]
        live = [i for i in live if i not in full]
    return out
