"""Priority of payments on each payment date (model.md §3): normal, after acceleration, after default.

Conventions where model.md leaves a choice (all `[conv]`, stated in the documents' footnotes):
- Interest is due on every payment date, except `at_maturity` tranches (accrued, paid at expected
  maturity); unpaid interest after a default stays due and carries no interest of its own.
- Mezzanine tranches rank after the seniors inside each step (interest, then principal).
- The last payment date is the final one: everything outstanding is due on it.
- Support (差额支付): the undertaker pays what is missing for every item up to the last item of its
  scope, within its cap (for the deal's life) and `capacity_schedule` (per payment date, as written
  or adjusted; unlisted dates unlimited); the guarantor then pays what is still missing up to its
  capacity. Funds still short of the amounts due → event of default: that date is distributed under
  the post-default order, and from then on every senior balance is due.
- Put monies are paid in by the originator and paid straight out to the holders who put (ring-fenced,
  outside the ordinary order); `Period.required` includes them when the undertaking covers puts.
- A trigger with a `threshold` whose consequences include `accelerated_waterfall` (or
  `post_default_waterfall`) fires when a period's inflow is below threshold % of the base-case
  forecast; this can only happen in a stressed run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from docgen.model.deal import Deal, Tranche
from docgen.projection.calendar import PeriodDates, Schedule, year_fraction
from docgen.projection.money import HUNDRED, ZERO, allocate, cover, pct_of, q2
from docgen.projection.result import Period

RANK = {"senior": 0, "mezzanine": 1, "subordinated": 2}
SCOPE_ORDER = ("taxes", "fees", "senior_interest", "senior_principal")


@dataclass
class _Note:
    """A tranche's running state."""

    t: Tranche
    rank: int
    maturity: int  # 0-based index of the expected-maturity period
    schedule: dict[int, Decimal]  # period index -> scheduled principal
    balance: Decimal
    accrued: Decimal = ZERO
    paid_principal: Decimal = ZERO
    day_count: str = "ACT/365"

    @property
    def id(self) -> str:
        return self.t.id

    def rate(self, accrual_start) -> Decimal:
        """Coupon in per cent for an accrual period starting on `accrual_start`."""
        c = self.t.coupon
        if c.type == "none":
            return ZERO
        if c.type == "fixed":
            return c.rate
        fixings = sorted(c.benchmark_path, key=lambda f: f.from_date)
        live = [f for f in fixings if f.from_date <= accrual_start]
        spread = c.spread_bp / 100
        if live:
            return live[-1].rate + spread
        return c.rate if c.rate is not None else fixings[0].rate + spread

    def interest_for(self, pd_start, pd_end) -> Decimal:
        return q2(self.balance * self.rate(pd_start) / HUNDRED * year_fraction(pd_start, pd_end, self.day_count))


@dataclass
class _State:
    regime: str = "normal"
    reserve: Decimal = ZERO
    support_used: Decimal = ZERO  # undertaker payments so far, against its cap
    notes: list[_Note] = field(default_factory=list)


def _notes(deal: Deal, sched: Schedule) -> list[_Note]:
    out = []
    for t in deal.tranches:
        mat = sched.first_on_or_after(t.expected_maturity)
        sch: dict[int, Decimal] = {}
        for s in t.amortisation.schedule:
            k = sched.first_on_or_after(s.date)
            sch[k] = sch.get(k, ZERO) + s.amount
        out.append(_Note(t, RANK[t.tranche_class], mat, sch, q2(t.size), day_count=t.day_count or deal.dates.day_count))
    return out


def _capacity(schedule, pd: PeriodDates) -> Decimal | None:
    for c in schedule:
        if c.payment_date in (pd.unadjusted, pd.payment_date):
            return c.max_amount
    return None


def _min(*xs):
    vals = [x for x in xs if x is not None]
    return min(vals)


class Waterfall:
    """Runs the priority of payments over every period of one deal."""

    def __init__(self, deal: Deal, sched: Schedule):
        self.deal = deal
        self.sched = sched
        self.periods = sched.periods
        self.last = len(self.periods) - 1
        self.fees = [f for f in deal.fees if f.payer == "plan" and f.basis != "upfront"]
        ce = deal.credit_enhancement
        self.und = ce.undertaking
        self.scope = set(self.und.scope) if self.und else set()
        self.put_pct = deal.put_exercise_pct

    # ---------------------------------------------------------------- amounts due
    def fees_due(self, total: Decimal, senior: Decimal, yf: Decimal) -> dict[str, Decimal]:
        out = {}
        for f in self.fees:
            if f.basis == "fixed":
                v = f.amount
            else:
                base = total if f.basis == "pct_opening_total_principal" else senior
                v = q2(base * f.rate / HUNDRED * yf)
            out[f.id] = min(v, f.cap) if f.cap is not None else v
        return out

    def pays_interest(self, n: _Note, i: int, regime: str) -> bool:
        return n.t.interest_frequency != "at_maturity" or i >= n.maturity or i == self.last or regime != "normal"

    def principal_due(self, n: _Note, i: int, regime: str) -> Decimal:
        if regime == "default" or i >= self.last or i >= n.maturity:
            return n.balance
        if n.t.amortisation.type == "scheduled":
            cum = sum((v for k, v in n.schedule.items() if k <= i), ZERO)
            return min(n.balance, max(ZERO, cum - n.paid_principal))
        return ZERO

    def reserve_target(self, st: _State, i: int) -> Decimal:
        """Next period's senior interest + fees (model.md §3.1 step 5)."""
        if self.deal.credit_enhancement.reserve.rule == "none" or i >= self.last:
            return ZERO
        cur, nxt = self.periods[i], self.periods[i + 1]
        yf = year_fraction(cur.payment_date, nxt.payment_date, self.deal.dates.day_count)
        total = sum((n.balance for n in st.notes), ZERO)
        senior = sum((n.balance for n in st.notes if n.rank < 2), ZERO)
        fees = sum(self.fees_due(total, senior, yf).values(), ZERO)
        interest = ZERO
        for n in st.notes:
            if n.rank < 2 and self.pays_interest(n, i + 1, "normal"):
                interest += n.accrued + n.interest_for(cur.payment_date, nxt.payment_date)
        return fees + interest

    # ---------------------------------------------------------------- one run
    def run(self, inflows: list[Decimal], forecast: list[Decimal] | None = None) -> list[Period]:
        st = _State(notes=_notes(self.deal, self.sched))
        return [self._period(st, i, inflows[i], forecast[i] if forecast else None) for i in range(len(self.periods))]

    def _escalate(self, st: _State, inflow: Decimal, fc: Decimal | None) -> None:
        if fc is None or st.regime == "default":
            return
        for t in self.deal.triggers:
            if t.threshold is None or inflow >= q2(fc * t.threshold / HUNDRED):
                continue
            if "post_default_waterfall" in t.consequences:
                st.regime = "default"
                return
            if "accelerated_waterfall" in t.consequences:
                st.regime = "acceleration"

    def _period(self, st: _State, i: int, inflow: Decimal, fc: Decimal | None) -> Period:
        deal, pd = self.deal, self.periods[i]
        seniors = [n for n in st.notes if n.rank < 2]
        subs = [n for n in st.notes if n.rank == 2]
        yf = year_fraction(pd.accrual_start, pd.payment_date, deal.dates.day_count)
        total = sum((n.balance for n in st.notes), ZERO)
        senior_bal = sum((n.balance for n in seniors), ZERO)
        for n in seniors:
            n.accrued += n.interest_for(pd.accrual_start, pd.payment_date)
        self._escalate(st, inflow, fc)

        # amounts due
        taxes_due = pct_of(inflow, deal.taxes_rate)
        fees_due = self.fees_due(total, senior_bal, yf)
        int_due = {n.id: (n.accrued if self.pays_interest(n, i, st.regime) else ZERO) for n in seniors}
        prin_due = {n.id: self.principal_due(n, i, st.regime) for n in seniors}
        put_due = {}
        if self.put_pct:
            for n in seniors:
                if pd.unadjusted in n.t.put_dates or pd.payment_date in n.t.put_dates:
                    put_due[n.id] = pct_of(n.balance - prin_due[n.id], self.put_pct)
        fees_total = sum(fees_due.values(), ZERO)
        si_due = sum(int_due.values(), ZERO)
        sp_due = sum(prin_due.values(), ZERO)
        put_total = sum(put_due.values(), ZERO)
        obligations = taxes_due + fees_total + si_due + sp_due
        required = obligations + (put_total if {"put_amount", "call_amount"} & self.scope else ZERO)
        available = inflow + st.reserve

        # support: interim shortfall, shortfall payment, guarantee
        cap_today = _capacity(self.und.capacity_schedule, pd) if self.und else None
        cap_life = (self.und.cap - st.support_used) if self.und and self.und.cap is not None else None
        interim = ZERO
        isf = deal.credit_enhancement.interim_shortfall
        if self.und and isf and fc is not None:
            floor = q2(fc * isf.threshold_pct_of_forecast / HUNDRED)
            if inflow < floor:
                interim = _min(floor - inflow, cap_today, cap_life)
        used = interim
        items = dict(zip(SCOPE_ORDER, (taxes_due, fees_total, si_due, sp_due)))
        covered = ZERO
        if self.und:
            last_in = max((k for k, s in enumerate(SCOPE_ORDER) if s in self.scope), default=-1)
            covered = sum((items[s] for s in SCOPE_ORDER[: last_in + 1]), ZERO)
        gap = max(ZERO, covered - available - interim)
        shortfall = max(ZERO, _min(gap, None if cap_today is None else cap_today - used,
                                   None if cap_life is None else cap_life - used))
        st.support_used += interim + shortfall
        guarantee = ZERO
        g = deal.credit_enhancement.guarantee
        if g:
            base = covered if self.und else obligations
            ggap = max(ZERO, base - available - interim - shortfall)
            guarantee = _min(ggap, _capacity(g.capacity_schedule, pd))
        funds = available + interim + shortfall + guarantee
        eod = st.regime != "default" and funds < obligations
        if eod:
            st.regime = "default"
        regime = st.regime

        # distribution
        f = funds
        taxes = min(f, taxes_due)
        f -= taxes
        fee_paid = dict(zip(fees_due, allocate(f, list(fees_due.values()))))
        f -= sum(fee_paid.values(), ZERO)
        int_paid: dict[str, Decimal] = {}
        for rank in (0, 1):
            grp = [n for n in seniors if n.rank == rank]
            for n, v in zip(grp, allocate(f, [int_due[n.id] for n in grp])):
                int_paid[n.id] = v
                n.accrued -= v
                f -= v
        prin_paid = {n.id: ZERO for n in st.notes}
        if regime == "normal":
            for grp in _groups(seniors):
                f -= self._pay(grp, allocate(f, [prin_due[n.id] for n in grp]), prin_paid)
        else:
            order = (deal.credit_enhancement.post_default_senior_order if regime == "default"
                     else deal.credit_enhancement.post_acceleration_senior_order)
            for rank in (0, 1):
                grp = [n for n in seniors if n.rank == rank]
                subgroups = [grp] if order == "pro_rata" else _groups(grp)
                for sg in subgroups:
                    f -= self._pay(sg, allocate(f, [n.balance for n in sg]), prin_paid)
        put_paid = ZERO
        for n in seniors:
            v = min(put_due.get(n.id, ZERO), n.balance)
            n.balance -= v
            put_paid += v

        reserve_end = sub_income = sub_principal = residual = ZERO
        seniors_repaid = all(n.balance == 0 for n in seniors)
        if regime == "normal" and i < self.last:
            reserve_end = min(f, self.reserve_target(st, i))
            f -= reserve_end
            passing = [n for n in seniors if n.t.amortisation.type == "pass_through" and n.balance > 0]
            for grp in _groups(passing):
                f -= self._pay(grp, allocate(f, [n.balance for n in grp]), prin_paid)
            seniors_repaid = all(n.balance == 0 for n in seniors)
            if seniors_repaid:
                due_subs = [n for n in subs if n.maturity <= i]
                sub_principal = self._pay(due_subs, allocate(f, [n.balance for n in due_subs]), prin_paid)
                f -= sub_principal
            sub_income, f = f, ZERO
        elif seniors_repaid:
            sub_principal = self._pay(subs, allocate(f, [n.balance for n in subs]), prin_paid)
            residual = f - sub_principal
            f = ZERO
        else:
            residual, f = f, ZERO  # funds left with seniors unpaid cannot happen: all went to principal
        st.reserve = reserve_end

        si_paid = sum(int_paid.values(), ZERO)
        sp_paid = sum(prin_paid[n.id] for n in seniors)
        return Period(
            index=pd.index, payment_date=pd.payment_date, unadjusted_date=pd.unadjusted,
            calendar_estimated=pd.estimated, collection_start=pd.collection_start, collection_end=pd.collection_end,
            calculation_date=pd.calculation_date, shortfall_trigger_date=pd.shortfall_trigger_date,
            shortfall_transfer_date=pd.shortfall_transfer_date, accrual_days=pd.accrual_days, regime=regime,
            inflow=inflow, reserve_bf=available - inflow, available=available, taxes=taxes,
            fees=sum(fee_paid.values(), ZERO), fees_by_id=fee_paid, senior_interest=si_paid, senior_principal=sp_paid,
            put_amount=put_paid, required=required, shortfall_due=max(ZERO, required - available),
            shortfall_paid=shortfall, guarantee_paid=guarantee, interim_shortfall_paid=interim,
            reserve_end=reserve_end, sub_income=sub_income, sub_principal=sub_principal, residual=residual,
            interest={n.id: int_paid.get(n.id, ZERO) for n in st.notes}, principal=prin_paid,
            interest_due={n.id: int_due.get(n.id, ZERO) for n in st.notes},
            principal_due={n.id: prin_due.get(n.id, ZERO) for n in st.notes},
            balances={n.id: n.balance for n in st.notes},
            coverage_total=cover(inflow, obligations), coverage_senior=cover(inflow, si_due + sp_due),
            unpaid_senior=max(ZERO, si_due + sp_due - si_paid - sp_paid),
            taxes_due=taxes_due, fees_due=fees_total, senior_interest_due=si_due, senior_principal_due=sp_due,
            put_received=put_paid, event_of_default=eod, default_test_date=pd.default_test_date,
        )

    @staticmethod
    def _pay(notes: list[_Note], amounts: list[Decimal], paid: dict[str, Decimal]) -> Decimal:
        total = ZERO
        for n, v in zip(notes, amounts):
            n.balance -= v
            n.paid_principal += v
            paid[n.id] += v
            total += v
        return total


def _groups(notes: list[_Note]) -> list[list[_Note]]:
    """Senior before mezzanine, then by expected maturity; equal maturities share pro rata."""
    keys = sorted({(n.rank, n.maturity) for n in notes})
    return [[n for n in notes if (n.rank, n.maturity) == k] for k in keys]


def run(deal: Deal, sched: Schedule, inflows: list[Decimal], forecast: list[Decimal] | None = None) -> list[Period]:
    return Waterfall(deal, sched).run(inflows, forecast)
