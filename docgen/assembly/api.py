"""The template API of docs/clauses.md: the names every `when`, title and body text can use.

Built once per document and language; every helper answers in that language. Helpers raise
`TemplateApiError` with a plain message; the renderer adds the clause, file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from docgen.assembly.errors import TemplateApiError
from docgen.assembly.inline import marker
from docgen.assembly.spec import Library
from docgen.format import Formatter
from docgen.model.deal import Deal, Role
from docgen.projection.result import Projection
from docgen.tree import Bi

# name -> what a template gets (lint checks undeclared variables against these names)
API_NAMES = ("deal", "proj", "lang", "doc", "t", "party", "parties", "money", "money_exact", "upper", "words",
             "date", "pct", "num", "mult", "cn_num", "ordinal", "tranche", "term", "ref", "doc_ref", "period",
             "event", "depository")
PERIOD_UNITS = ("calendar", "business", "trading")
ROLES = frozenset(r.value for r in Role)


@dataclass
class RenderState:
    """What the helpers of one document need; filled in by the assembly driver."""

    lib: Library
    deal: Deal
    proj: Projection
    document: str
    fmt: dict[str, Formatter]
    refs: dict[str, tuple[Bi | None, str]] = field(default_factory=dict)  # anchor -> (ref text, why not)
    active_terms: dict = field(default_factory=dict)  # term id -> TermSpec whose `when` holds
    numbered: bool = False  # refs resolve only once numbering is done (second pass)
    doc_titles: dict[str, Bi] = field(default_factory=dict)


def _dec(x, fn: str) -> Decimal:
    if x is None:
        raise TemplateApiError(f"{fn}() got None: an optional value is missing (guard it with `when`)")
    if isinstance(x, bool):
        raise TemplateApiError(f"{fn}() needs a number, got a boolean")
    try:
        return x if isinstance(x, Decimal) else Decimal(str(x))
    except (InvalidOperation, ValueError):
        raise TemplateApiError(f"{fn}() needs a number, got {x!r}") from None


def make_vars(state: RenderState, lang: str) -> dict:
    f = state.fmt[lang]
    deal = state.deal

    def t(value):
        if value is None:
            raise TemplateApiError("t() got None: an optional text is missing (guard it with `when`)")
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            if lang not in value:
                raise TemplateApiError(f"t() needs a value with 'zh' and 'en', got keys {sorted(value)}")
            return value[lang]
        if hasattr(value, "zh") and hasattr(value, "en"):
            return getattr(value, lang)
        raise TemplateApiError(f"t() needs a bilingual value (zh/en), got {type(value).__name__}")

    def party(role_or_id: str):
        if role_or_id in deal.parties:
            return deal.parties[role_or_id]
        pid = deal.first(role_or_id)
        if pid is None:
            if role_or_id in ROLES:
                raise TemplateApiError(f"party('{role_or_id}'): no party of this deal has that role (guard it with `when`)")
            raise TemplateApiError(f"party('{role_or_id}'): neither a party id nor a role")
        return deal.parties[pid]

    def parties(role: str):
        if role not in ROLES:
            raise TemplateApiError(f"parties('{role}'): unknown role")
        return [deal.parties[p] for p in deal.with_role(role)]

    def tranche(tid: str):
        for tr in deal.tranches:
            if tr.id == tid:
                return tr
        raise TemplateApiError(f"tranche('{tid}'): no such tranche (have {', '.join(x.id for x in deal.tranches)})")

    def date(d):
        if isinstance(d, str):
            try:
                d = dt.date.fromisoformat(d)
            except ValueError:
                raise TemplateApiError(f"date() needs a date, got '{d}'") from None
        if not isinstance(d, dt.date):
            raise TemplateApiError(f"date() needs a date, got {d!r}")
        return f.date(d)

    def whole(n, fn):
        if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
            raise TemplateApiError(f"{fn}() needs a positive whole number, got {n!r}")
        return n

    def term(tid: str):
        spec = state.lib.terms.get(tid)
        if spec is None:
            raise TemplateApiError(f"term('{tid}'): no such defined term in clauses/terms/")
        # A term whose `when` is false is an error only if it reaches the text (inline resolution):
        # `{'put': term('put_monies'), …}[x]` evaluates every value but prints one.
        return marker("T", tid)

    def ref(cid: str):
        if not state.numbered:
            raise TemplateApiError("ref() cannot be used in `when` or `for` (numbers are not known yet)")
        if cid not in state.lib.clauses:
            raise TemplateApiError(f"ref('{cid}'): no clause has that id")
        # Excluded or other-document targets are errors when the reference reaches the text (see term()).
        return marker("R", cid)

    def label(key: str, **values) -> str:
        """A label of the clause library in this language (printed words stay in data)."""
        from docgen.assembly.labels import LabelError, spec_of
        from docgen.assembly.sandbox import RenderFailure, render

        try:
            spec = spec_of(state.lib, key)
            return render(state.lib, spec.text[lang], {**api, **values})
        except (LabelError, RenderFailure) as e:
            raise TemplateApiError(f"label '{key}': {getattr(e, 'problem', e)}") from None

    def period(x, unit: str | None = None):
        """A time limit: `period(deal.dates.time_limits.event_disclosure)` (a Period) or `period(3, 'business')`:
        "3 Business Days" and its Chinese form (clauses/labels/periods.yaml). Every document prints time limits through this one formatter."""
        if x is None:
            raise TemplateApiError("period() got None: an optional time limit is missing (guard it with `when`)")
        if hasattr(x, "days") and hasattr(x, "unit"):
            if unit is not None:
                raise TemplateApiError("period() takes a Period, or a number and a unit, not both")
            x, unit = x.days, x.unit
        n = whole(x, "period")
        if unit not in PERIOD_UNITS:
            raise TemplateApiError(f"period() needs a unit: one of {', '.join(PERIOD_UNITS)}, got {unit!r}")
        return label(f"period.{unit}", n=n)

    def event(tr):
        """A trigger's condition with its cure period from `cure_days`/`cure_unit` (never typed into the condition)."""
        if not (hasattr(tr, "condition") and hasattr(tr, "cure_days")):
            raise TemplateApiError(f"event() needs a trigger of deal.triggers, got {type(tr).__name__}")
        text = t(tr.condition)
        if tr.cure_days:
            text += label("period.cure", cure=period(tr.cure_days, tr.cure_unit))
        return text

    def depository():
        """The securities depository, derived from the exchange (clauses/labels/institutions.yaml)."""
        if not state.lib.labels.get(f"institution.depository.{deal.plan.exchange}"):
            raise TemplateApiError(f"depository(): no depository is fixed for {deal.plan.exchange} "
                                   "(guard it with `when` on deal.plan.exchange)")
        return label(f"institution.depository.{deal.plan.exchange}")

    def doc_ref(doc_id: str):
        title = state.doc_titles.get(doc_id)
        if title is None:
            raise TemplateApiError(f"doc_ref('{doc_id}'): no such document in templates/")
        return label("document.ref", title=getattr(title, lang))

    api = {
        "deal": deal, "proj": state.proj, "lang": lang, "doc": state.document, "t": t,
        "party": party, "parties": parties, "tranche": tranche,
        "money": lambda x: f.money(_dec(x, "money")),
        "money_exact": lambda x: f.money_exact(_dec(x, "money_exact")),
        "upper": lambda x: f.upper(_dec(x, "upper")),
        "words": lambda x: f.words(_dec(x, "words")),
        "date": date,
        "pct": lambda x, places=2: f.pct(_dec(x, "pct"), places),
        "num": lambda x, places=2: f.num(_dec(x, "num"), places),
        "mult": lambda x, places=2: f.mult(_dec(x, "mult"), places),
        "cn_num": lambda n: f.cn_num(whole(n, "cn_num")),
        "ordinal": lambda n: f.ordinal(whole(n, "ordinal")),
        "term": term, "ref": ref, "doc_ref": doc_ref, "period": period, "event": event,
        "depository": depository,
    }
    return api
