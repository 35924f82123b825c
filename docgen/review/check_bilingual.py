"""Rule `bilingual`: an English paragraph whose figures or party names differ from the Chinese paragraph it
faces (the parallel DOCX pairs them cell by cell; other layouts give no pairs and are not read here).

Figures are compared as values: amounts (wan yuan / RMB … million / yuan), percentages, dates and coverage
multiples. Party names: a party of the deal named on one side must be named on the other."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

import cn2an

from docgen.review.check_text import DocText, excerpt
from docgen.review.patterns import compile_with, patterns

RULE = "bilingual"
MONTHS = {m: i for i, m in enumerate(("January", "February", "March", "April", "May", "June", "July", "August",
                                      "September", "October", "November", "December"), 1)}
_P = patterns()["bilingual"]
NUM = _P["NUM"]
ZH, EN = ([(kind, compile_with(rx, NUM=NUM), Decimal(scale)) for kind, rx, scale in _P[lang]] for lang in ("zh", "en"))
ZH_WORDS = re.compile(_P["zh_words"])
ZH_DATE = re.compile(_P["zh_date"])
EN_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")


def _figures(text: str, lang: str) -> list[tuple[str, object, Decimal]]:
    """(kind, value, precision) of every figure: 13,700.00 wan yuan is 137,000,000 to the nearest 100 yuan."""
    out: list = []
    rest = text
    for kind, rx, scale in (ZH if lang == "zh" else EN):
        for m in rx.finditer(rest):
            raw = m.group(1).replace(",", "")
            try:
                value = Decimal(raw) * scale
            except InvalidOperation:
                continue
            places = len(raw.split(".")[1]) if "." in raw else 0
            out.append((kind, value, Decimal(scale) / Decimal(10) ** places))
        rest = rx.sub(" ", rest)  # an amount in wan yuan is not read again as one in yuan
    if lang == "zh":
        for m in ZH_WORDS.finditer(rest):  # an amount in Chinese numerals (per hundred yuan of par value)
            try:
                out.append(("amount", Decimal(int(cn2an.cn2an(m.group(1), "strict"))), Decimal(1)))
            except (ValueError, KeyError):
                continue
        dates = ((int(y), int(mo), int(d)) for y, mo, d in ZH_DATE.findall(text))
    else:
        dates = ((int(y), MONTHS[mo], int(d)) for d, mo, y in EN_DATE.findall(text))
    for y, mo, d in dates:
        try:
            out.append(("date", dt.date(y, mo, d).isoformat(), Decimal(0)))
        except ValueError:
            continue
    return out


def _unmatched(mine: list, theirs: list) -> list:
    """Figures of `mine` that no figure of `theirs` equals, to the coarser of the two precisions."""
    def same(a, b) -> bool:
        if a[0] != b[0]:
            return False
        if a[0] == "date":
            return a[1] == b[1]
        return abs(a[1] - b[1]) <= max(a[2], b[2]) / 2
    return [a for a in mine if not any(same(a, b) for b in theirs)]


def _show(kind: str, value, _precision=None) -> str:
    return f"{kind} {value.normalize():f}" if isinstance(value, Decimal) else f"{kind} {value}"


def check(docs: list[DocText], deal=None):
    names = []
    if deal is not None:
        for p in deal.parties.values():
            names.append((p.name.zh, p.name.en))
    for d in docs:
        for zh, en in d.pairs:
            a, b = _figures(zh.text, "zh"), _figures(en.text, "en")
            only_zh, only_en = _unmatched(a, b), _unmatched(b, a)
            if only_zh or only_en:
                diff = "; ".join([f"{_show(*x)} only in Chinese" for x in only_zh] +
                                 [f"{_show(*x)} only in English" for x in only_en])
                yield (d.file, RULE, f"{zh.where}: the English paragraph's figures differ from the Chinese ({diff}): "
                                     f"“{excerpt(zh.text)}” / “{excerpt(en.text)}”")
            for name_zh, name_en in names:
                if (name_zh in zh.text) != (name_en in en.text):
                    side = "Chinese" if name_zh in zh.text else "English"
                    yield (d.file, RULE, f"{zh.where}: ‘{name_zh if side == 'Chinese' else name_en}’ is named only in the "
                                         f"{side} paragraph: “{excerpt(zh.text)}” / “{excerpt(en.text)}”")
