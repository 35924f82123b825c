"""Priority of payments on each payment date (model.md §3): normal, after acceleration, after default.

Conventions where model.md leaves a choice (all `[conv]`, stated in the documents' footnotes):
- Interest is due on the tranche's interest dates (docgen.model.frequency: every payment date when
  the interest period equals the payment period; `at_maturity` only at expected maturity); what
  accrues in between, and unpaid interest after a default, stays due and carries no interest of its own.
  After acceleration or default, and on the last payment date, all accrued interest is due.
- Mezzanine tranches rank after the seniors inside each step (interest, then principal).
- The last payment date is the final one: everything outstanding is due on it.
- Support (shortfall payment, guarantee: docgen.projection.support) comes before the distribution. Funds still
  short of the amounts due → event of default: that date is distributed under the post-default
  order, and from then on every senior balance is due.
- Put monies are paid in by the originator and paid straight out to the holders who put (ring-fenced,
  outside the ordinary order); `Period.required` includes them when the undertaking covers puts.
- The subordinated tranche's period income (normal order, before the last date) is what is left after
  the reserve (`credit_enhancement.sub_income: residual`), or (`capped`) at most `sub_expected_yield`
  a year on its principal outstanding at the start of the period (the deal's day count over the
  accrual period); the excess is retained in the plan, carried to the next date with the reserve
  (`Period.retained` is that part of `reserve_end`), until the subordinated principal is repaid.
- A trigger with a `threshold` whose consequences include `accelerated_waterfall` (or
  `post_default_waterfall`) fires when a period's inflow is below threshold % of the base-case
  forecast; this can only happen in a stressed run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from docgen.model.deal import Deal, Tranche
from docgen.model.frequency import interest_indices
from docgen.projection.calendar import Schedule, year_fraction
from docgen.projection.money import HUNDRED, ZERO, allocate, cover, pct_of, q2
from docgen.projection.result import Period
from docgen.projection.support import SCOPE_ORDER, Supporter

RANK = {"senior": 0, "mezzanine": 1, "subordinated": 2}


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
    interest_dates: frozenset[int] = frozenset()  # period indices on which interest falls due

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
    supporter: Supporter
    regime: str = "normal"
    reserve: Decimal = ZERO
    notes: list[_Note] = field(default_factory=list)


@dataclass
class _Dues:
    taxes: Decimal
    fees: dict[str, Decimal]
    interest: dict[str, Decimal]
    principal: dict[str, Decimal]
    put: dict[str, Decimal]
    put_in_scope: Decimal  # put monies counted in `required` (the undertaking covers puts)

    @property
    def by_scope(self) -> dict[str, Decimal]:
        return dict(zip(SCOPE_ORDER, (self.taxes, sum(self.fees.values(), ZERO), sum(self.interest.values(), ZERO),
                                      sum(self.principal.values(), ZERO))))

    @property
    def obligations(self) -> Decimal:
        return sum(self.by_scope.values(), ZERO)


def _notes(deal: Deal, sched: Schedule) -> list[_Note]:
    out = []
    for t in deal.tranches:
        mat = sched.first_on_or_after(t.expected_maturity)
        sch: dict[int, Decimal] = {}
        for s in t.amortisation.schedule:
            k = sched.first_on_or_after(s.date)
            sch[k] = sch.get(k, ZERO) + s.amount
        out.append(_Note(t, RANK[t.tranche_class], mat, sch, q2(t.size), day_count=t.day_count or deal.dates.day_count,
                         interest_dates=frozenset(interest_indices(deal.dates.payment_dates, t.interest_frequency, mat))))
    return out


class Waterfall:
    """Runs the priority of payments over every period of one deal."""

    def __init__(self, deal: Deal, sched: Schedule):
        self.deal = deal
        self.sched = sched
        self.periods = sched.periods
        self.last = len(self.periods) - 1
        self.fees = [f for f in deal.fees if f.payer == "plan" and f.basis != "upfront"]
        und = deal.credit_enhancement.undertaking
        self.puts_covered = bool(und and {"put_amount", "call_amount"} & set(und.scope))
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
        return i in n.interest_dates or i >= n.maturity or i == self.last or regime != "normal"

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
        st = _State(Supporter(self.deal), notes=_notes(self.deal, self.sched))
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

    def _dues(self, st: _State, i: int, inflow: Decimal) -> _Dues:
        pd = self.periods[i]
        seniors = [n for n in st.notes if n.rank < 2]
        yf = year_fraction(pd.accrual_start, pd.payment_date, self.deal.dates.day_count)
        total = sum((n.balance for n in st.notes), ZERO)
        fees = self.fees_due(total, sum((n.balance for n in seniors), ZERO), yf)
        for n in seniors:
            n.accrued += n.interest_for(pd.accrual_start, pd.payment_date)
        interest = {n.id: (n.accrued if self.pays_interest(n, i, st.regime) else ZERO) for n in seniors}
        principal = {n.id: self.principal_due(n, i, st.regime) for n in seniors}
        put = {}
        if self.put_pct:
            for n in seniors:
                if pd.unadjusted in n.t.put_dates or pd.payment_date in n.t.put_dates:
                    put[n.id] = pct_of(n.balance - principal[n.id], self.put_pct)
        put_in_scope = sum(put.values(), ZERO) if self.puts_covered else ZERO
        return _Dues(pct_of(inflow, self.deal.taxes_rate), fees, interest, principal, put, put_in_scope)

    def _period(self, st: _State, i: int, inflow: Decimal, fc: Decimal | None) -> Period:
        pd = self.periods[i]
        self._escalate(st, inflow, fc)
        due = self._dues(st, i, inflow)
        available = inflow + st.reserve
        sup = st.supporter.pay(pd, due.by_scope, available, inflow, fc)
        funds = available + sup.total
        eod = st.regime != "default" and funds < due.obligations
        if eod:
            st.regime = "default"
        paid = self._distribute(st, i, due, funds)
        st.reserve = paid["reserve_end"]

        seniors = [n for n in st.notes if n.rank < 2]
        si_due, sp_due = sum(due.interest.values(), ZERO), sum(due.principal.values(), ZERO)
        si_paid = sum(paid["interest"].values(), ZERO)
        sp_paid = sum(paid["principal"][n.id] for n in seniors)
        required = due.obligations + due.put_in_scope
        return Period(
            index=pd.index, payment_date=pd.payment_date, unadjusted_date=pd.unadjusted,
            calendar_estimated=pd.estimated, collection_start=pd.collection_start, collection_end=pd.collection_end,
            calculation_date=pd.calculation_date, shortfall_trigger_date=pd.shortfall_trigger_date,
            shortfall_transfer_date=pd.shortfall_transfer_date, accrual_days=pd.accrual_days, regime=st.regime,
            inflow=inflow, reserve_bf=available - inflow, available=available, taxes=paid["taxes"],
            fees=sum(paid["fees"].values(), ZERO), fees_by_id=paid["fees"], senior_interest=si_paid,
            senior_principal=sp_paid, put_amount=paid["put"], required=required,
            shortfall_due=max(ZERO, required - due.put_in_scope - available),  # put monies come from the originator
            shortfall_paid=sup.shortfall, guarantee_paid=sup.guarantee, interim_shortfall_paid=sup.interim,
            reserve_end=paid["reserve_end"], sub_income=paid["sub_income"], sub_principal=paid["sub_principal"],
            residual=paid["residual"], retained=paid["retained"],
            interest={n.id: paid["interest"].get(n.id, ZERO) for n in st.notes}, principal=paid["principal"],
            interest_due={n.id: due.interest.get(n.id, ZERO) for n in st.notes},
            principal_due={n.id: due.principal.get(n.id, ZERO) for n in st.notes},
            balances={n.id: n.balance for n in st.notes},
            coverage_total=cover(inflow, due.obligations), coverage_senior=cover(inflow, si_due + sp_due),
            unpaid_senior=max(ZERO, si_due + sp_due - si_paid - sp_paid),
            taxes_due=due.taxes, fees_due=sum(due.fees.values(), ZERO), senior_interest_due=si_due,
            senior_principal_due=sp_due, put_received=paid["put"], event_of_default=eod,
            default_test_date=pd.default_test_date,
        )

    def _distribute(self, st: _State, i: int, due: _Dues, funds: Decimal) -> dict:
        """Pay `funds` down the order of the current regime; balances and accrued interest move."""
        ce = self.deal.credit_enhancement
        seniors = [n for n in st.notes if n.rank < 2]
        subs = [n for n in st.notes if n.rank == 2]
        sub_open = sum((n.balance for n in subs), ZERO)
        f = funds
        taxes = min(f, due.taxes)
        f -= taxes
        fees = dict(zip(due.fees, allocate(f, list(due.fees.values()))))
        f -= sum(fees.values(), ZERO)
        interest: dict[str, Decimal] = {}
        for rank in (0, 1):  # seniors, then mezzanine; pro rata to the amounts due
            grp = [n for n in seniors if n.rank == rank]
            for n, v in zip(grp, allocate(f, [due.interest[n.id] for n in grp])):
                interest[n.id] = v
                n.accrued -= v
                f -= v
        principal = {n.id: ZERO for n in st.notes}
        if st.regime == "normal":
            for grp in _groups(seniors):
                f -= self._pay(grp, allocate(f, [due.principal[n.id] for n in grp]), principal)
        else:  # everything left goes to senior principal
            order = ce.post_default_senior_order if st.regime == "default" else ce.post_acceleration_senior_order
            for rank in (0, 1):
                grp = [n for n in seniors if n.rank == rank]
                for sg in ([grp] if order == "pro_rata" else _groups(grp)):
                    f -= self._pay(sg, allocate(f, [n.balance for n in sg]), principal)
        put = ZERO
        for n in seniors:  # ring-fenced: paid in by the originator, paid out to the holders who put
            v = min(due.put.get(n.id, ZERO), n.balance)
            n.balance -= v
            put += v

        reserve_end = sub_income = sub_principal = residual = retained = ZERO
        if st.regime == "normal" and i < self.last:
            reserve_end = min(f, self.reserve_target(st, i))
            f -= reserve_end
            passing = [n for n in seniors if n.t.amortisation.type == "pass_through" and n.balance > 0]
            for grp in _groups(passing):
                f -= self._pay(grp, allocate(f, [n.balance for n in grp]), principal)
            if all(n.balance == 0 for n in seniors):
                due_subs = [n for n in subs if n.maturity <= i]
                sub_principal = self._pay(due_subs, allocate(f, [n.balance for n in due_subs]), principal)
                f -= sub_principal
            sub_income = f
            if ce.sub_income == "capped" and any(n.balance > 0 for n in subs):
                sub_income = min(f, self.sub_income_cap(i, sub_open))
                retained = f - sub_income
                reserve_end += retained
        elif all(n.balance == 0 for n in seniors):
            sub_principal = self._pay(subs, allocate(f, [n.balance for n in subs]), principal)
            residual = f - sub_principal
        else:
            residual = f  # nothing can be left here: every fen went to senior principal
        return dict(taxes=taxes, fees=fees, interest=interest, principal=principal, put=put,
                    reserve_end=reserve_end, sub_income=sub_income, sub_principal=sub_principal, residual=residual,
                    retained=retained)

    def sub_income_cap(self, i: int, balance: Decimal) -> Decimal:
        """The period income the subordinated tranche may take under `sub_income: capped`."""
        pd = self.periods[i]
        yf = year_fraction(pd.accrual_start, pd.payment_date, self.deal.dates.day_count)
        return q2(balance * self.deal.credit_enhancement.sub_expected_yield / HUNDRED * yf)

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
