"""Which payment dates a tranche pays interest on (`interest_frequency` against the payment dates).

Interest can only be paid on a payment date. A tranche whose interest period is longer than the gap
between payment dates (annual interest, semi-annual payment dates) pays on the payment dates a whole
number of interest periods before its expected maturity, and at maturity; what accrues in between is
paid then, with no interest on it. `at_maturity` pays only at expected maturity. The rule
`interest-frequency` refuses the combinations this cannot express.
"""

from __future__ import annotations

import datetime as dt
import statistics

STEP_MONTHS = {"annual": 12, "semi_annual": 6, "quarterly": 3}


def months_between(a: dt.date, b: dt.date) -> int:
    """Whole months from `a` to `b`, to the nearest month (payment dates move a few days with holidays)."""
    n = (b.year - a.year) * 12 + b.month - a.month
    if b.day - a.day > 15:
        n += 1
    elif a.day - b.day > 15:
        n -= 1
    return n


def payment_spacing(payment_dates: list[dt.date]) -> int | None:
    """The usual gap between consecutive payment dates, in months (the median gap); None for one date."""
    gaps = [months_between(a, b) for a, b in zip(payment_dates, payment_dates[1:])]
    return int(statistics.median_low(gaps)) if gaps else None


def interest_indices(payment_dates: list[dt.date], frequency: str, maturity: int) -> set[int]:
    """0-based indices of the payment dates (up to `maturity`) on which interest falls due."""
    maturity = min(maturity, len(payment_dates) - 1)  # a maturity past the last date is a rule error, not a crash
    if frequency == "at_maturity":
        return {maturity}
    step = STEP_MONTHS[frequency]
    end = payment_dates[maturity]
    return {i for i in range(maturity + 1) if months_between(payment_dates[i], end) % step == 0} | {maturity}
