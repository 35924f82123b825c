"""Numbers, money, dates and percentages per language, through babel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import cn2an
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

from docgen.format.amounts import UNIT_FACTOR, amount_upper_zh, amount_words_en, to_yuan

LOCALE = {"zh": "zh_CN", "en": "en"}
# parsed once: babel re-parses a locale name on every call, a third of an assembly's time
_LOCALES = {lang: Locale.parse(name) for lang, name in LOCALE.items()}


def _q(x: Decimal, places: int) -> Decimal:
    return Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (article and chapter numbers), by cn2an."""
    if n <= 0 or n >= 10000:
        raise ValueError(f"cannot number {n} in Chinese here")
    return cn2an.an2cn(n)


def en_ordinal(n: int) -> str:
    """3 -> third, 23 -> twenty-third, by num2words."""
    return num2words(n, lang="en", to="ordinal")


@dataclass(frozen=True)
class Formatter:
    """Formats for one language. `amount_unit` is the unit of the deal's figures; `display_unit`
    the unit the documents print."""

    lang: str
    amount_unit: str = "yuan"
    display_unit: str = "wan"

    @property
    def locale(self) -> str:
        return LOCALE[self.lang]

    def num(self, x: Decimal, places: int = 2) -> str:
        return format_decimal(_q(x, places), format="#,##0." + "0" * places if places else "#,##0",
                              locale=_LOCALES[self.lang], decimal_quantization=True)

    def money(self, x: Decimal, unit: str | None = None) -> str:
        """An amount in the display unit: 13,700.00万元 / RMB 137.00 million."""
        unit = unit or self.display_unit
        yuan = to_yuan(x, self.amount_unit)
        if self.lang == "zh":
            shown = yuan / UNIT_FACTOR[unit]
            return self.num(shown, 2) + {"yuan": "元", "wan": "万元", "yi": "亿元"}[unit]
        if unit == "yuan":
            return "RMB " + self.num(yuan, 2)
        return "RMB " + self.num(yuan / Decimal(1000000), 2) + " million"

    def money_figure(self, x: Decimal, unit: str | None = None) -> str:
        """The bare figure in the display unit, for tables whose header names the unit."""
        unit = unit or self.display_unit
        return self.num(to_yuan(x, self.amount_unit) / UNIT_FACTOR[unit], 2)

    def unit_label(self, unit: str | None = None) -> str:
        unit = unit or self.display_unit
        if self.lang == "zh":
            return {"yuan": "元", "wan": "万元", "yi": "亿元"}[unit]
        return {"yuan": "RMB", "wan": "RMB 10,000", "yi": "RMB 100 million"}[unit]

    def money_exact(self, x: Decimal) -> str:
        yuan = to_yuan(x, self.amount_unit)
        if self.lang == "zh":
            return f"人民币{amount_upper_zh(yuan)}（¥{self.num(yuan, 2)}）"
        return f"RMB {self.num(yuan, 2)} ({amount_words_en(yuan)})"

    def upper(self, x: Decimal) -> str:
        return amount_upper_zh(to_yuan(x, self.amount_unit))

    def words(self, x: Decimal) -> str:
        return amount_words_en(to_yuan(x, self.amount_unit))

    def date(self, d: dt.date) -> str:
        if self.lang == "zh":
            return format_date(d, "long", locale=_LOCALES["zh"])
        return format_date(d, "d MMMM y", locale=_LOCALES["en"])

    def pct(self, x: Decimal, places: int = 2) -> str:
        return self.num(x, places) + "%"

    def mult(self, x: Decimal, places: int = 2) -> str:
        return self.num(x, places) + ("倍" if self.lang == "zh" else "x")

    def cn_num(self, n: int) -> str:
        return cn_number(n) if self.lang == "zh" else str(n)

    def ordinal(self, n: int) -> str:
        return "第" + cn_number(n) if self.lang == "zh" else en_ordinal(n)
