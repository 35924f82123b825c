"""Pool projection (model.md §2): seasons by class → collections → monthly cash.

Three pool kinds share one shape: a class (customer class; the power plant's sales, "sales"; the
receivable schedule, "schedule") has forecast seasons, each with an area (volume) × price (tariff)
= billed amount, a collection rate and a monthly arrival profile.

Conventions (stated in the offering memorandum's footnotes):
- A season "Y-(Y+1)" (power: "Y") runs 12 months from `pool.season_start_month` of year Y; forecast
  seasons start after the last history season, enough of them to reach the last collection period.
- Areas (volumes) are rounded to 0.01 and prices (tariffs, quoted to 4 places in yuan/kWh) to 0.0001
  before multiplying, so printed area × price = billed
  (wan m2 × yuan/m2 = wan yuan, converted to the deal's amount unit).
- A month's cash is taken as collected by the month's last day; it belongs to the plan when that day
  falls inside the plan's collection window.
- Heating: a season only partly inside the window is billed pro rata by heating days inside it, and
  that cash is spread over the season's months inside the window (profile renormalised). So a season
  whose heating starts after the last collection period is left out whole, even when its prepayments
  (September–October) fall inside that period: the plan does not count cash paid for heat it never
  sees delivered. `left_out` measures what this drops, for `validate` to say.
  Power and scheduled pools simply keep the months inside the window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from docgen.model.deal import Deal, Scenario
from docgen.projection.calendar import add_months, month_end
from docgen.projection.money import HUNDRED, ONE, ZERO, q2
from docgen.projection.result import ClassSeason


@dataclass(frozen=True)
class Stress:
    """A scenario's pool shocks, all in per cent (model.md §5)."""

    area_pct: Decimal = ZERO
    price_pct: Decimal = ZERO
    cr_pp: dict[str, Decimal] = field(default_factory=dict)  # class id -> percentage points off
    cr_to: dict[str, Decimal] = field(default_factory=dict)  # class id -> absolute rate
    delay_pct: Decimal = ZERO
    inflow_pct: Decimal = ZERO

    @classmethod
    def of(cls, s: Scenario) -> "Stress":
        return cls(s.area_pct, s.price_pct, dict(s.collection_rate_pp), dict(s.collection_rate_to), s.delay_pct, s.inflow_pct)

    def rate(self, class_id: str, base: Decimal) -> Decimal:
        r = self.cr_to.get(class_id, base)
        return max(ZERO, r - self.cr_pp.get(class_id, ZERO))


BASE = Stress()


@dataclass(frozen=True)
class SeasonBasis:
    label: str
    area: Decimal  # unstressed, rounded (power: volume); scheduled: 0
    price: Decimal  # (power: tariff); scheduled: 0
    fixed: Decimal | None  # scheduled pools: the season's scheduled amount
    share: Decimal  # part of the season that belongs to the plan
    weights: tuple[tuple[dt.date, Decimal], ...]  # in-window months, renormalised to 1
    in_window: Decimal = ZERO  # heating: the part of the monthly profile whose cash arrives inside the window
    ends_after: bool = False  # heating: the heating season ends after the window


@dataclass(frozen=True)
class ClassBasis:
    class_id: str
    rate: Decimal  # base collection rate, per cent
    recovery: Decimal  # arrears recovery rate, per cent
    hist_arrears: Decimal  # unpaid bills of the last history season
    seasons: tuple[SeasonBasis, ...]


@dataclass(frozen=True)
class PoolBasis:
    kind: str
    classes: tuple[ClassBasis, ...]
    per_unit: Decimal = ONE  # wan m2 × yuan/m2 (wan kWh × yuan/kWh) is wan yuan: amount units per wan yuan


PRICE = Decimal("0.0001")
UNITS_PER_WAN = {"wan": ONE, "yuan": Decimal(10000)}


def _season_start(year: int, start_month: int) -> dt.date:
    return dt.date(year, start_month, 1)


def _season_months(start: dt.date) -> list[dt.date]:
    return [add_months(start, k) for k in range(12)]


def _season_count(first_year: int, start_month: int, window_end: dt.date, at_least: int | None) -> int:
    n = 1
    while _season_start(first_year + n, start_month) <= window_end:
        n += 1
    return max(n, at_least or 0)


def _in_window(m: dt.date, window: tuple[dt.date, dt.date]) -> bool:
    return window[0] <= month_end(m) <= window[1]


def _renormalise(profile: dict[dt.date, Decimal], window) -> tuple[Decimal, tuple]:
    """(share of the profile inside the window, in-window weights summing to 1)."""
    total = sum(profile.values(), ZERO)
    inside = {m: w for m, w in profile.items() if w > 0 and _in_window(m, window)}
    part = sum(inside.values(), ZERO)
    if not total or not part:
        return ZERO, ()
    return part / total, tuple((m, w / part) for m, w in sorted(inside.items()))


def _heating_days(label_year: int, start_month: int, hs: str, he: str, window) -> Decimal:
    """Share of the season's heating days inside the window."""
    s0 = _season_start(label_year, start_month)
    sm, sd = map(int, hs.split("-"))
    em, ed = map(int, he.split("-"))
    start = dt.date(s0.year if (sm, sd) >= (start_month, 1) else s0.year + 1, sm, sd)
    end = dt.date(start.year if (em, ed) >= (sm, sd) else start.year + 1, em, ed)
    days = (end - start).days + 1
    lo, hi = max(start, window[0]), min(end, window[1])
    return Decimal(max(0, (hi - lo).days + 1)) / days


def lowest_rate(history) -> Decimal:
    """Lowest historical collection rate, cut (not rounded up) to 0.01 %: the conservative default."""
    return min((h.collected * HUNDRED / h.billed) for h in history if h.billed).quantize(Decimal("0.01"), ROUND_DOWN)


def basis(deal: Deal, window: tuple[dt.date, dt.date]) -> PoolBasis:
    """Everything about the pool that no stress changes."""
    pool = deal.pool
    sm = pool.season_start_month
    if pool.kind == "heating":
        classes = []
        for c in pool.customer_classes:
            hist = sorted(c.history, key=lambda h: h.season)
            last = hist[-1]
            y0 = int(last.season[:4]) + 1
            n = _season_count(y0, sm, window[1], pool.forecast_seasons)
            seasons = []
            for k in range(1, n + 1):
                y = y0 + k - 1
                label = f"{y}-{y + 1}"
                price = last.price
                for pc in sorted(c.price_changes, key=lambda p: p.effective_season):
                    if pc.effective_season <= label:
                        price = pc.new_price
                area = q2(last.billable_area * (ONE + c.area_growth / HUNDRED) ** k)
                profile = {add_months(_season_start(y, sm), j): Decimal(c.seasonality.get(m.month, 0))
                           for j, m in enumerate(_season_months(_season_start(y, sm)))}
                part, weights = _renormalise(profile, window)
                share = _heating_days(y, sm, pool.heating_season.start, pool.heating_season.end, window) if weights else ZERO
                after = _heating_days(y, sm, pool.heating_season.start, pool.heating_season.end,
                                      (window[1] + dt.timedelta(days=1), dt.date.max)) > 0
                seasons.append(SeasonBasis(label, area, price, None, share, weights, part, after))
            rate = c.collection_rate if c.collection_rate is not None else lowest_rate(hist)
            classes.append(ClassBasis(c.id, rate, c.arrears_recovery_rate, last.billed - last.collected, tuple(seasons)))
        return PoolBasis("heating", tuple(classes), UNITS_PER_WAN[deal.plan.amount_unit])
    if pool.kind == "power":
        y0 = max(h.year for h in pool.history) + 1
        n = _season_count(y0, sm, window[1], pool.forecast_seasons)
        seasons = []
        for k in range(n):
            y = y0 + k
            start = _season_start(y, sm)
            profile = {m: Decimal(pool.monthly_profile.get(m.month, 0)) for m in _season_months(start)}
            share, weights = _renormalise(profile, window)
            volume = q2(pool.annual_volume * (ONE + pool.volume_growth / HUNDRED) ** k)
            seasons.append(SeasonBasis(str(y), volume, pool.tariff, None, share, weights))
        return PoolBasis("power", (ClassBasis("sales", pool.collection_rate, ZERO, ZERO, tuple(seasons)),),
                         UNITS_PER_WAN[deal.plan.amount_unit])
    # scheduled receivables: the given flows, grouped into seasons for the tables
    by_season: dict[int, dict[dt.date, Decimal]] = {}
    for f in pool.schedule:
        m = f.date.replace(day=1)
        y = m.year if m.month >= sm else m.year - 1
        prof = by_season.setdefault(y, {})
        prof[m] = prof.get(m, ZERO) + f.amount
    seasons = []
    for y in sorted(by_season):
        prof = by_season[y]
        share, weights = _renormalise(prof, window)
        seasons.append(SeasonBasis(f"{y}-{y + 1}", ZERO, ZERO, sum(prof.values(), ZERO), share, weights))
    return PoolBasis("scheduled", (ClassBasis("schedule", HUNDRED, ZERO, ZERO, tuple(seasons)),))


def collections(b: PoolBasis, stress: Stress = BASE) -> tuple[list[ClassSeason], dict[dt.date, Decimal]]:
    """Seasons by class and the pool's monthly cash under a stress (exact, to the fen)."""
    area_f = ONE - stress.area_pct / HUNDRED
    price_f = ONE - stress.price_pct / HUNDRED
    rows: list[ClassSeason] = []
    cash: dict[dt.date, Decimal] = {}
    for c in b.classes:
        rate = stress.rate(c.class_id, c.rate)
        arrears = c.hist_arrears
        for s in c.seasons:
            if s.fixed is not None:
                area, price = ZERO, ZERO
                billed_full = q2(s.fixed * area_f * price_f)
            else:
                area, price = q2(s.area * area_f), (s.price * price_f).quantize(PRICE)
                billed_full = q2(area * price * b.per_unit)
            collected_full = q2(billed_full * rate / HUNDRED)
            recovered = q2(arrears * c.recovery / HUNDRED * s.share)
            arrears = billed_full - collected_full  # next season recovers part of these
            if not s.share:
                continue
            billed = q2(billed_full * s.share)
            collected = q2(billed * rate / HUNDRED)
            rows.append(ClassSeason(c.class_id, s.label, area, price, billed, rate, collected, recovered,
                                    covered_share=s.share))
            _spread(collected + recovered, s.weights, cash)
    if stress.delay_pct:
        cash = _delay(cash, stress.delay_pct)
    if stress.inflow_pct:
        f = ONE - stress.inflow_pct / HUNDRED
        cash = {m: q2(v * f) for m, v in cash.items()}
    return rows, cash


def left_out(b: PoolBasis) -> list[tuple[str, Decimal]]:
    """Heating seasons whose heating runs past the window while more of their cash arrives inside it than
    the plan counts (its prepayments): (season, base-case collections arriving in the window but not
    counted), the seasons in order, summed over the classes."""
    out: dict[str, Decimal] = {}
    for c in b.classes:
        for s in c.seasons:
            if s.fixed is None and s.ends_after and s.in_window > s.share:
                billed_full = q2(q2(s.area) * s.price.quantize(PRICE) * b.per_unit)
                out[s.label] = out.get(s.label, ZERO) + q2(billed_full * c.rate / HUNDRED * (s.in_window - s.share))
    return [(k, v) for k, v in sorted(out.items()) if v > 0]


def _spread(amount: Decimal, weights, cash: dict[dt.date, Decimal]) -> None:
    """Monthly shares rounded to the fen; the residue goes to the last month so the season adds up."""
    if not weights:
        return
    done = ZERO
    for m, w in weights[:-1]:
        v = q2(amount * w)
        cash[m] = cash.get(m, ZERO) + v
        done += v
    m = weights[-1][0]
    cash[m] = cash.get(m, ZERO) + amount - done


def _delay(cash: dict[dt.date, Decimal], pct: Decimal) -> dict[dt.date, Decimal]:
    """DELAY-k: k % of each month's cash arrives twelve months later (the next season)."""
    out: dict[dt.date, Decimal] = {}
    for m, v in sorted(cash.items()):
        late = q2(v * pct / HUNDRED)
        out[m] = out.get(m, ZERO) + v - late
        later = add_months(m, 12)
        out[later] = out.get(later, ZERO) + late
    return out
