"""Vectorised stress grid: thousands of scenarios at once with numpy (float64).

The pool's cash is linear in the shocks once decomposed per class c and month m:

    cash[c,m] = f · (CR_c · U[c,m] + RR_c · (1 − CR_c) · V[c,m]) + RR_c · H[c,m]

with f = (1 − area) (1 − price), U the in-window billed amount, V the previous season's billed amount
whose arrears are recovered in m, H the last history season's arrears. Delay and the uniform inflow
haircut act on the pool's monthly cash; the sweep (full or capped) maps months to periods. Figures
skip the per-line rounding of the exact engine, so they agree with it to about a fen per line: use
them to scan a grid, and the exact engine (docgen.projection.stress) for published figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from docgen.projection.calendar import add_months, month_end
from docgen.projection.context import Context
from docgen.projection.inflow import period_of


@dataclass(frozen=True)
class GridInputs:
    U: np.ndarray  # [C, M]
    V: np.ndarray  # [C, M]
    H: np.ndarray  # [C, M]
    rate: np.ndarray  # [C] base collection rate, fraction
    recovery: np.ndarray  # [C] arrears recovery rate, fraction
    to_period: np.ndarray  # [M, T] 0/1: month m's cash is swept in period t (full sweep)
    caps: tuple[tuple[np.ndarray, np.ndarray, float], ...]  # cap mode: (month idx, period idx, amount)
    required: np.ndarray  # [T] base-case amounts due
    dens: np.ndarray  # [T] base-case coverage denominators
    class_ids: tuple[str, ...]


@dataclass(frozen=True)
class GridResult:
    inflow: np.ndarray  # [N, T]
    coverage: np.ndarray  # [N, T] (nan where nothing is due)
    min_coverage: np.ndarray  # [N]
    shortfall: np.ndarray  # [N, T]


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def prepare(ctx: Context, required: list[Decimal], dens: list[Decimal]) -> GridInputs:
    b = ctx.basis
    spans = [m for c in b.classes for s in c.seasons for m, _ in s.weights]
    first = min(spans) if spans else ctx.sched.periods[0].collection_start.replace(day=1)
    last = add_months(max(spans) if spans else first, 12)  # room for cash delayed by a season
    months = []
    m = first
    while m <= last:
        months.append(m)
        m = add_months(m, 1)
    col = {m: j for j, m in enumerate(months)}
    C, M, T = len(b.classes), len(months), len(ctx.sched.periods)
    U, V, H = np.zeros((C, M)), np.zeros((C, M)), np.zeros((C, M))
    for i, c in enumerate(b.classes):
        prev = None
        for k, s in enumerate(c.seasons):
            billed = _f(s.fixed if s.fixed is not None else s.area * s.price * b.per_unit)
            for mm, w in s.weights:
                j = col[mm]
                U[i, j] += billed * _f(s.share * w)
                if k == 0:
                    H[i, j] += _f(c.hist_arrears * s.share * w)
                else:
                    V[i, j] += prev * _f(s.share * w)
            prev = billed
    per = [period_of(m, ctx.sched) for m in months]
    P = np.zeros((M, T))
    caps = []
    if ctx.deal.plan.collection_mode == "specified_amount_cap":
        for sp in ctx.deal.pool.specified_periods:
            idx = [j for j, m in enumerate(months) if per[j] and sp.start <= month_end(m) <= sp.end]
            caps.append((np.array(idx, dtype=int), np.array([per[j] - 1 for j in idx], dtype=int), _f(sp.amount)))
    else:
        for j, p in enumerate(per):
            if p:
                P[j, p - 1] = 1.0
    return GridInputs(U, V, H, _f([c.rate for c in b.classes]) / 100, _f([c.recovery for c in b.classes]) / 100,
                      P, tuple(caps), _f(required), _f(dens), tuple(c.class_id for c in b.classes))


def run(g: GridInputs, *, area_pct=0.0, price_pct=0.0, cr_pp=0.0, delay_pct=0.0, inflow_pct=0.0) -> GridResult:
    """Each argument: a scalar or an array of N scenarios (cr_pp may be [N, C] for per-class cuts), in per cent."""
    n = max(np.size(a) if np.ndim(a) <= 1 else np.shape(a)[0] for a in (area_pct, price_pct, cr_pp, delay_pct, inflow_pct))
    C = g.U.shape[0]
    f = (1 - np.broadcast_to(_f(area_pct), (n,)) / 100) * (1 - np.broadcast_to(_f(price_pct), (n,)) / 100)
    pp = _f(cr_pp)
    pp = np.broadcast_to(pp[:, None] if pp.ndim == 1 else pp, (n, C)) if pp.ndim else np.full((n, C), pp)
    cr = np.clip(g.rate[None, :] - pp / 100, 0.0, None)  # [N, C]
    cash = f[:, None] * (cr @ g.U + ((1 - cr) * g.recovery[None, :]) @ g.V) + (g.recovery @ g.H)[None, :]
    d = np.broadcast_to(_f(delay_pct), (n,))[:, None] / 100
    if np.any(d):
        late = cash * d
        cash = cash - late
        cash[:, 12:] += late[:, :-12]
    cash = cash * (1 - np.broadcast_to(_f(inflow_pct), (n,))[:, None] / 100)
    if g.caps:
        inflow = np.zeros((n, g.to_period.shape[1]))
        for idx, pidx, amount in g.caps:
            if idx.size == 0:
                continue
            taken = np.minimum(np.cumsum(cash[:, idx], axis=1), amount)
            transfer = np.diff(taken, axis=1, prepend=0.0)
            np.add.at(inflow.T, pidx, transfer.T)
    else:
        inflow = cash @ g.to_period
    live = g.dens > 0
    cov = np.full(inflow.shape, np.nan)
    cov[:, live] = inflow[:, live] / g.dens[live]
    mins = cov[:, live].min(axis=1) if live.any() else np.zeros(n)
    return GridResult(inflow, cov, mins, np.maximum(g.required[None, :] - inflow, 0.0))


def scenario_params(g: GridInputs, scenarios) -> dict[str, np.ndarray]:
    """Grid arguments for deal `Scenario`s (an absolute rate becomes a cut from the base rate)."""
    pp = np.zeros((len(scenarios), len(g.class_ids)))
    for n, s in enumerate(scenarios):
        for i, cid in enumerate(g.class_ids):
            base = g.rate[i] * 100
            to = s.collection_rate_to.get(cid)
            cut = base - _f(to) if to is not None else 0.0
            pp[n, i] = cut + _f(s.collection_rate_pp.get(cid, 0))
    return dict(
        area_pct=_f([s.area_pct for s in scenarios]), price_pct=_f([s.price_pct for s in scenarios]), cr_pp=pp,
        delay_pct=_f([s.delay_pct for s in scenarios]), inflow_pct=_f([s.inflow_pct for s in scenarios]),
    )
