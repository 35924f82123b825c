"""The formatting layer: Chinese upper-case amounts, English words, money in 元/万元/亿元, dates, percentages,
Chinese numerals. Expected strings are the forms a Chinese legal draft prints (资金大写 per the PBOC payment
and settlement rules), written out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from docgen.format import Formatter, amount_upper_zh, amount_words_en, to_yuan
from docgen.format.numbers import cn_number


@pytest.mark.parametrize(
    "yuan,upper",
    [
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("0.05", "伍分"),
        ("0.5", "伍角"),
        ("1.50", "壹元伍角"),
        ("10", "壹拾元整"),
        ("10.10", "壹拾元壹角"),
        ("20.00", "贰拾元整"),
        ("100.01", "壹佰元零壹分"),
        ("1010", "壹仟零壹拾元整"),
        ("100000", "壹拾万元整"),
        ("250000", "贰拾伍万元整"),
        ("100000001", "壹亿零壹元整"),
        ("137000000", "壹亿叁仟柒佰万元整"),
        ("1000000000", "壹拾亿元整"),
        ("9999999999999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_upper_case_amounts(yuan, upper):
    assert amount_upper_zh(D(yuan)) == upper


@pytest.mark.parametrize(
    "yuan,upper",
    [
        ("19.995", "贰拾元整"),  # half-up to the fen before cn2an, which would truncate to 玖角玖分
        ("19.994", "壹拾玖元玖角玖分"),
        ("0.005", "壹分"),
        ("0.004", "零元整"),
        ("0.995", "壹元整"),
    ],
)
def test_upper_case_rounds_half_up_to_the_fen(yuan, upper):
    assert amount_upper_zh(D(yuan)) == upper


@pytest.mark.parametrize("bad,error", [(D("-1"), ValueError), (D("1e16"), ValueError), (D("9999999999999999.995"), ValueError), (1.5, TypeError)])
def test_upper_case_refuses(bad, error):
    with pytest.raises(error):
        amount_upper_zh(bad)


@pytest.mark.parametrize(
    "yuan,words",
    [
        ("0", "zero yuan"),
        ("0.05", "five fen"),
        ("10", "ten yuan"),
        ("100.01", "one hundred yuan and one fen"),
        ("100000001", "one hundred million and one yuan"),
        ("137000000", "one hundred and thirty-seven million yuan"),
        ("19.995", "twenty yuan"),
        ("1.5", "one yuan and fifty fen"),
    ],
)
def test_english_words(yuan, words):
    assert amount_words_en(D(yuan)) == words


def test_english_words_sixteen_digits():
    assert amount_words_en(D("9999999999999999.99")).startswith("nine quadrillion, nine hundred and ninety-nine trillion")
    assert amount_words_en(D("9999999999999999.99")).endswith("nine hundred and ninety-nine yuan and ninety-nine fen")


@pytest.mark.parametrize(
    "amount,unit,yuan",
    [("13700", "wan", "137000000.00"), ("1.23456", "wan", "12345.60"), ("0.000005", "yi", "500.00"), ("19.995", "yuan", "20.00"), ("2.5", "yi", "250000000.00")],
)
def test_to_yuan(amount, unit, yuan):
    got = to_yuan(D(amount), unit)
    assert got == D(yuan) and isinstance(got, D)


def test_money_in_display_units():
    zh = Formatter("zh", amount_unit="wan", display_unit="wan")
    en = Formatter("en", amount_unit="wan", display_unit="wan")
    assert zh.money(D("13700")) == "13,700.00万元"
    assert zh.money(D("13700"), "yi") == "1.37亿元"
    assert zh.money(D("13700"), "yuan") == "137,000,000.00元"
    assert en.money(D("13700")) == "RMB 137.00 million"
    assert en.money(D("13700"), "yuan") == "RMB 137,000,000.00"
    yuan = Formatter("zh", amount_unit="yuan", display_unit="wan")
    assert yuan.money(D("1000000000.00")) == "100,000.00万元"
    assert yuan.money(D("52000000")) == "5,200.00万元"
    assert yuan.money_figure(D("123456789.50")) == "12,345.68"  # half-up in the display unit
    assert zh.unit_label() == "万元" and en.unit_label() == "RMB 10,000" and zh.unit_label("yi") == "亿元"


def test_money_exact_prints_figure_and_words():
    assert Formatter("zh", amount_unit="wan").money_exact(D("13700")) == "人民币壹亿叁仟柒佰万元整（¥137,000,000.00）"
    assert Formatter("en", amount_unit="wan").money_exact(D("0.0005")) == "RMB 5.00 (five yuan)"
    assert Formatter("zh", amount_unit="yuan").upper(D("0.05")) == "伍分"
    assert Formatter("en", amount_unit="yuan").words(D("10")) == "ten yuan"


def test_dates():
    d = dt.date(2028, 4, 5)
    assert Formatter("zh").date(d) == "2028年4月5日"
    assert Formatter("en").date(d) == "5 April 2028"
    assert Formatter("zh").date(dt.date(2033, 12, 31)) == "2033年12月31日"


def test_percentages_and_multiples():
    zh, en = Formatter("zh"), Formatter("en")
    assert zh.pct(D("3.5")) == "3.50%"
    assert en.pct(D("3.455")) == "3.46%"  # half-up, not banker's rounding
    assert en.pct(D("0.125"), 3) == "0.125%"
    assert zh.mult(D("1.3042")) == "1.30倍" and en.mult(D("1.3042")) == "1.30x"
    assert en.num(D("1234567.891"), 2) == "1,234,567.89"
    assert en.num(D("2.5"), 0) == "3"


@pytest.mark.parametrize(
    "n,zh",
    [(1, "一"), (10, "十"), (11, "十一"), (12, "十二"), (20, "二十"), (21, "二十一"), (100, "一百"), (105, "一百零五"), (110, "一百一十"),
     (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"), (2005, "二千零五"), (9999, "九千九百九十九")],
)
def test_cn_number(n, zh):
    assert cn_number(n) == zh


@pytest.mark.parametrize("n", [0, -1, 10000])
def test_cn_number_out_of_range(n):
    with pytest.raises(ValueError):
        cn_number(n)


def test_ordinals():
    assert Formatter("zh").ordinal(3) == "第三" and Formatter("zh").ordinal(12) == "第十二"
    assert Formatter("en").ordinal(3) == "third" and Formatter("en").ordinal(23) == "twenty-third"
    en = Formatter("en")
    assert [en.ordinal(n) for n in (1, 2, 11, 12, 20, 101)] == [
        "first", "second", "eleventh", "twelfth", "twentieth", "one hundred and first"]
    assert Formatter("zh").cn_num(7) == "七" and Formatter("en").cn_num(7) == "7"
