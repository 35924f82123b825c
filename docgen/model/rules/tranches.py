"""Rules on the tranches: sizes add up, ids and codes unique, maturities in order, amortisation,
coupons and interest frequency."""

from __future__ import annotations

from decimal import Decimal

from docgen.model.deal import Deal
from docgen.model.frequency import STEP_MONTHS, payment_spacing
from docgen.model.rules.registry import rule, used_twice


@rule("tranche-sum")
def tranche_sum(deal: Deal):
    total = sum((t.size for t in deal.tranches), Decimal(0))
    if total != deal.plan.total_size:
        yield (("plan", "total_size"), "error",
               f"tranche sizes add up to {total:,} but the plan size is {deal.plan.total_size:,}")


@rule("tranche-ids")
def tranche_ids(deal: Deal):
    yield from used_twice(deal.tranches, "tranches", "tranche")
    for attr in ("exchange_code", "short_code"):
        codes: dict[str, str] = {}
        for i, t in enumerate(deal.tranches):
            code = getattr(t, attr)
            if code is None:
                continue
            if code in codes:
                yield (("tranches", i, attr), "error", f"{attr} '{code}' is also the code of tranche {codes[code]}")
            codes[code] = t.id
    if not deal.senior:
        yield (("tranches",), "error", "the deal has no senior or mezzanine tranche")
    if not deal.subordinated:
        yield (("tranches",), "error", "the deal has no subordinated tranche")
    for i, t in enumerate(deal.tranches):
        if t.tranche_class == "subordinated" and t.coupon.type != "none":
            yield (("tranches", i, "coupon", "type"), "error", "a subordinated tranche has no coupon: use type 'none'")
        if t.is_senior and t.coupon.type == "none":
            yield (("tranches", i, "coupon", "type"), "error", f"senior tranche {t.id} needs a fixed or floating coupon")


@rule("maturity-order")
def maturity_order(deal: Deal):
    legal = deal.dates.legal_maturity
    prev = None
    for i, t in enumerate(deal.tranches):
        if t.expected_maturity > legal:
            yield (("tranches", i, "expected_maturity"), "error",
                   f"expected maturity {t.expected_maturity} is after the legal maturity {legal}")
        if t.legal_maturity and t.legal_maturity > legal:
            yield (("tranches", i, "legal_maturity"), "error",
                   f"tranche legal maturity {t.legal_maturity} is after the plan's legal maturity {legal}")
        if t.is_senior:
            if prev and t.expected_maturity < prev[1]:
                yield (("tranches", i, "expected_maturity"), "error",
                       f"senior tranches must be listed in order of expected maturity: {t.id} ({t.expected_maturity}) "
                       f"falls before {prev[0]} ({prev[1]})")
            prev = (t.id, t.expected_maturity)
    last_senior = max((t.expected_maturity for t in deal.senior), default=None)
    for i, t in enumerate(deal.tranches):
        if not t.is_senior and last_senior and t.expected_maturity < last_senior:
            yield (("tranches", i, "expected_maturity"), "error",
                   "the subordinated tranche cannot mature before the last senior tranche")


@rule("amortisation")
def amortisation(deal: Deal):
    for i, t in enumerate(deal.tranches):
        a = t.amortisation
        if a.type == "scheduled":
            total = sum((s.amount for s in a.schedule), Decimal(0))
            if total != t.size:
                yield (("tranches", i, "amortisation", "schedule"), "error",
                       f"scheduled principal adds up to {total:,}, not the tranche size {t.size:,}")
            if a.schedule and max(s.date for s in a.schedule) != t.expected_maturity:
                yield (("tranches", i, "amortisation", "schedule"), "error",
                       "the last scheduled principal payment must fall on the expected maturity")
        elif a.schedule:
            yield (("tranches", i, "amortisation", "schedule"), "error",
                   f"a '{a.type}' tranche takes no principal schedule")


@rule("coupons")
def coupons(deal: Deal):
    for i, t in enumerate(deal.tranches):
        c = t.coupon
        prev = None
        for j, b in enumerate(c.benchmark_path):
            if prev and b.from_date <= prev:
                yield (("tranches", i, "coupon", "benchmark_path", j, "from_date"), "error",
                       "benchmark fixings must be in date order, each date once")
            prev = b.from_date
        if c.type == "floating" and c.benchmark_path and c.benchmark_path[0].from_date > deal.dates.establishment:
            yield (("tranches", i, "coupon", "benchmark_path", 0, "from_date"), "error",
                   "the first benchmark fixing must apply from the establishment date or earlier")
        if c.type == "fixed" and (c.benchmark or c.spread_bp is not None or c.benchmark_path):
            yield (("tranches", i, "coupon"), "error", "a fixed coupon takes no benchmark, spread or benchmark path")
        if t.rating and not t.is_senior:
            yield (("tranches", i, "rating"), "warning", "the subordinated tranche is normally not rated")
        for j, r in enumerate(t.reset_dates):
            if r not in t.put_dates:
                yield (("tranches", i, "reset_dates", j), "warning",
                       f"coupon reset on {r} without a put on that date: holders cannot exit at the new rate")


_NTH = {2: "second", 3: "third", 4: "fourth", 6: "sixth", 12: "twelfth"}


@rule("interest-frequency")
def interest_frequency(deal: Deal):
    """Interest is paid on payment dates: its period must be a whole number of payment periods, and a
    default (annual) that would skip payment dates must be stated, not assumed."""
    spacing = payment_spacing(deal.dates.payment_dates)
    if spacing is None or spacing <= 0:
        return
    for i, t in enumerate(deal.tranches):
        step = STEP_MONTHS.get(t.interest_frequency)
        if t.coupon.type == "none" or step is None:
            continue
        given = "interest_frequency" in t.model_fields_set
        path = ("tranches", i, "interest_frequency") if given else ("tranches", i)
        if step < spacing or step % spacing:
            yield (path, "error",
                   f"interest_frequency '{t.interest_frequency}' (every {step} months) does not fit payment dates "
                   f"every {spacing} months: interest can only be paid on a payment date")
        elif step > spacing and not given:
            yield (path, "error",
                   f"payment dates are every {spacing} months but interest_frequency is not given (the default, "
                   f"'annual', pays interest only on every {_NTH.get(step // spacing, step // spacing)} payment date); "
                   f"state it")
