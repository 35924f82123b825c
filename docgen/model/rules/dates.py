"""Rules on the calendar: payment dates and collection periods, the maturity gap, the dates of the
documents, signing."""

from __future__ import annotations

from docgen.model.dates import FIRST_CALENDAR_YEAR as FIRST_YEAR, LAST_CALENDAR_YEAR as LAST_YEAR
from docgen.model.deal import Deal
from docgen.model.rules.registry import rule


def calendar_range(deal: Deal):
    # only the payment dates go through the holiday calendar (adjusted, and the shortfall dates counted back
    # from them); other dates are plain date arithmetic, and maturities and put dates are payment dates
    for i, p in enumerate(deal.dates.payment_dates):
        if not FIRST_YEAR <= p.year <= LAST_YEAR:
            yield (("dates", "payment_dates", i), "error",
                   f"payment date {p} is outside the years the holiday calendar covers ({FIRST_YEAR}–{LAST_YEAR}): "
                   "the projection cannot find the business days then; check the year")
    if deal.dates.business_days == "exchange" and deal.plan.exchange not in ("SSE", "SZSE"):
        yield (("dates", "business_days"), "error",
               f"business days 'exchange' are the trading days of the SSE or SZSE; a deal on {deal.plan.exchange} uses 'bank'")


@rule("payment-dates")
def payment_dates(deal: Deal):
    yield from calendar_range(deal)
    d = deal.dates
    if d.cutoff > d.establishment:
        yield (("dates", "cutoff"), "error", f"the cut-off date {d.cutoff} is after establishment {d.establishment}")
    prev = d.establishment
    for i, p in enumerate(d.payment_dates):
        if p <= prev:
            what = "establishment" if prev == d.establishment and i == 0 else "the previous payment date"
            yield (("dates", "payment_dates", i), "error", f"payment date {p} is not after {what} ({prev})")
        prev = max(prev, p)
    if d.payment_dates and d.payment_dates[-1] > d.legal_maturity:
        yield (("dates", "payment_dates", len(d.payment_dates) - 1), "error",
               f"the last payment date {d.payment_dates[-1]} is after the legal maturity {d.legal_maturity}")
    pays = set(d.payment_dates)
    for i, t in enumerate(deal.tranches):
        if t.expected_maturity not in pays:
            yield (("tranches", i, "expected_maturity"), "error",
                   f"expected maturity {t.expected_maturity} is not one of the payment dates")
        for j, s in enumerate(t.amortisation.schedule):
            if s.date not in pays:
                yield (("tranches", i, "amortisation", "schedule", j, "date"), "error",
                       f"principal date {s.date} is not one of the payment dates")
        for kind in ("put_dates", "call_dates", "reset_dates"):
            for j, x in enumerate(getattr(t, kind)):
                if x not in pays or x >= t.expected_maturity:
                    yield (("tranches", i, kind, j), "error",
                           f"{kind[:-6]} date {x} must be a payment date before the tranche's expected maturity")
    if d.collection_periods:
        if len(d.collection_periods) != len(d.payment_dates):
            yield (("dates", "collection_periods"), "error",
                   f"{len(d.collection_periods)} collection periods for {len(d.payment_dates)} payment dates")
        prev_end = None
        for i, cp in enumerate(d.collection_periods):
            if cp.end < cp.start:
                yield (("dates", "collection_periods", i, "end"), "error", "a collection period ends before it starts")
            if prev_end and cp.start <= prev_end:
                yield (("dates", "collection_periods", i, "start"), "error", "collection periods overlap")
            if i < len(d.payment_dates) and cp.end >= d.payment_dates[i]:
                yield (("dates", "collection_periods", i, "end"), "error",
                       f"collection period ends {cp.end}, not before its payment date {d.payment_dates[i]}")
            prev_end = cp.end


@rule("legal-maturity-gap")
def legal_maturity_gap(deal: Deal):
    last = max((t.expected_maturity for t in deal.tranches), default=None)
    legal = deal.dates.legal_maturity
    if last and (legal - last).days > 731:
        yield (("dates", "legal_maturity"), "warning",
               f"the legal maturity {legal} is more than 2 years after the last expected maturity {last}")


@rule("document-dates")
def document_dates(deal: Deal):
    sign = deal.legal.signing_date
    if deal.plan.draft_date > deal.dates.establishment:
        yield (("plan", "draft_date"), "warning",
               f"the drafts are dated {deal.plan.draft_date}, after the plan is established {deal.dates.establishment}")
    for pid, p in deal.parties.items():
        if p.board_approval and p.board_approval.date > sign:
            yield (("parties", pid, "board_approval", "date"), "error",
                   f"the approval of {p.board_approval.date} comes after the signing date {sign}")
        for j, lic in enumerate(p.licences):
            if lic.valid_to < deal.dates.establishment:
                yield (("parties", pid, "licences", j, "valid_to"), "error",
                       f"this licence expired {lic.valid_to}, before the plan is established")
    nol = deal.plan.no_objection_letter
    if nol and nol.date > deal.dates.establishment:
        yield (("plan", "no_objection_letter", "date"), "error",
               f"the no-objection letter of {nol.date} comes after the establishment {deal.dates.establishment}")


@rule("signing")
def signing(deal: Deal):
    if deal.legal.signing_date > deal.dates.establishment:
        yield (("legal", "signing_date"), "error",
               f"the documents are signed {deal.legal.signing_date}, after the plan is established {deal.dates.establishment}")
