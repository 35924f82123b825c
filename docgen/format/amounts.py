"""Amounts in words: Chinese upper case (大写, via cn2an) and English (via num2words)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import cn2an
from num2words import num2words

FEN = Decimal("0.01")
UNIT_FACTOR = {"yuan": Decimal(1), "wan": Decimal(10000), "yi": Decimal(100000000)}
MAX_YUAN = Decimal("1e16")  # cn2an writes at most 16 integer digits


def to_yuan(amount: Decimal, unit: str) -> Decimal:
    """An amount in the deal's unit, in yuan, rounded half-up to the fen."""
    return (Decimal(amount) * UNIT_FACTOR[unit]).quantize(FEN, rounding=ROUND_HALF_UP)


def _check(yuan: Decimal) -> Decimal:
    if not isinstance(yuan, Decimal):
        raise TypeError("amounts are Decimal, never float")
    if yuan < 0:
        raise ValueError(f"a negative amount cannot be written in words: {yuan}")
    yuan = yuan.quantize(FEN, rounding=ROUND_HALF_UP)  # cn2an truncates sub-fen digits: round first
    if yuan >= MAX_YUAN:
        raise ValueError(f"{yuan} has more than 16 integer digits")
    return yuan


def amount_upper_zh(yuan: Decimal) -> str:
    """壹亿叁仟柒佰万元整 — the amount in yuan as Chinese upper-case numerals (资金大写)."""
    yuan = _check(yuan)
    if yuan == 0:
        return "零元整"
    return cn2an.an2cn(format(yuan, "f"), "rmb")


def amount_words_en(yuan: Decimal) -> str:
    """one hundred and thirty-seven million yuan and five fen — the amount in English words."""
    yuan = _check(yuan)
    whole = int(yuan)
    fen = int((yuan - whole) * 100)
    if whole == 0 and fen:
        return f"{num2words(fen, lang='en')} fen"
    text = f"{num2words(whole, lang='en')} yuan"
    if fen:
        text += f" and {num2words(fen, lang='en')} fen"
    return text
