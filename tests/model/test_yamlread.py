"""The located YAML reader: libyaml's events and ruamel.yaml's (the reference for the files libyaml refuses) build
the same data, positions and value problems on every sample deal, every corpus file both read, and tricky
snippets; values, positions and the limits on hostile input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from docgen.model import yamlread
from docgen.model.yamlevents import EventReader, YamlProblem
from docgen.model.yamlread import parse

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "deals").glob("*.yaml")) + sorted((ROOT / "tests" / "data" / "bad").glob("*.yaml"))


def read_with(events) -> tuple:
    r = EventReader()
    data, pos = r.read(events)
    return data, pos, r.sc.problems, [(d.line, d.col, d.path, d.message) for d in r.dups]


def both(text: str):
    return read_with(yamlread._libyaml_events(text)), read_with(YAML(typ="safe", pure=True).parse(text))


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_libyaml_and_ruamel_agree_on_files(path):
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    try:
        fast, exact = both(text)
    except Exception:
        if path.parent.name == "deals":
            raise
        pytest.skip("a parser refuses it")
    assert fast == exact


SNIPPETS = [
    "a: 1\nb: 1.50\nc: -3\nd: 0.1\ne: 1e3\nf: 012\ng: 0x1F\nh: 1_000\n",
    "a: true\nb: True\nc: yes\nd: no\ne: null\nf: ~\ng:\nh: ''\n",
    "a: 2028-04-25\nb: 2028-02-30\nc: 2025-2026\nd: 2028-04-25T10:00:00\ne: '2028-04-25'\n",
    "a: {x: 1, y: [1, 2, {z: 3}], 'q': \"r\"}\nb: [a, 'b c', \"d\\te\", {}, []]\n",
    "list:\n- a\n- b: 1\n  c: 2\n-   d: 3\n    e: [4]\n",
    "name: Foo, Ltd. [x] {y}\nurl: http://x.example/a#b\nt: a:b\nc: x # comment\n# full\n  # indented comment\nd: '#not comment'\n",
    "s: |\n  line one\n\n  line three\nf: >\n  folded\n  text\n\n  para\nk: |-\n  kept\n  \nz: 1\n",
    "zh: 中文，全角：冒号\nfw: １２３\nfwq: '４.５'\nmix: 面积１２万㎡\n",
    "k: 'it''s'\nd: \"\\u4e2d\\x41\\n\"\n",
    "---\na: 1\n",
    "a:\n  b:\n    c:\n      - 1\n      - 2\n  d: e\n",
    "m: {9: 5, 10: 20}\nn: {2025-2026: x}\n",
    "dup: 1\ndup: 2\nf: {a: 1, a: 2}\n",
    "a: &x １２\nb: *x\nc: [*x]\n",
    "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\ne: {<<: [*b, {z: 4}]}\n",
    "a: &m {p: 1, p: 2}\nb: [*m]\n",
    "a: b\n  c\n",
    "a: {b: 1,\n  c: 2}\n",
    "a: 'x\n  y'\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_libyaml_and_ruamel_agree_on_snippets(text):
    fast, exact = both(text)
    assert fast == exact


def test_values_and_positions():
    data, pos, problems, dups = parse("plan:\n  size: 1000000000.10\n  rate: 3.20\n  when: 2028-04-25\n  list: [a, {b: 1}]\n", 99)
    assert data == {"plan": {"size": Decimal("1000000000.10"), "rate": Decimal("3.20"), "when": dt.date(2028, 4, 25), "list": ["a", {"b": 1}]}}
    assert isinstance(data["plan"]["rate"], Decimal) and str(data["plan"]["rate"]) == "3.20"  # exact text, never a float
    assert pos.at(("plan", "rate")) == (3, 3)
    assert pos.at(("plan", "list", 1, "b")) == (5, 14)
    assert pos.at(("plan", "missing", "deeper")) == (1, 1)
    assert pos.at(("plan", "list", 9)) == (5, 3)
    assert problems == [] and dups == []


def test_positions_count_characters_not_bytes():
    _, pos, _, _ = parse("名称: {中文: 值, en: x}\n", 99)
    assert pos.at(("名称", "en")) == (1, 13)  # 13th character, 21st byte


def test_value_problems_are_located():
    data, pos, problems, dups = parse("a:\n  b: １２３\n  c: .nan\n  b: 2\n", 99)
    assert data == {"a": {"b": "１２３", "c": ".nan"}}
    assert [(p, rule) for p, rule, _ in problems] == [(("a", "b"), "full-width-digits"), (("a", "c"), "number")]
    assert [(d.line, d.col, d.path, d.rule) for d in dups] == [(4, 3, ("a", "b"), "duplicate-key")]


def test_problems_in_an_aliased_node_are_reported_where_it_is_used():
    _, _, problems, dups = parse("a: &m {p: １, p: 2}\nb: [*m]\n", 99)
    assert [p for p, _, _ in problems] == [("a", "p"), ("b", 0, "p")]
    assert [d.path for d in dups] == [("a", "p"), ("b", 0, "p")]


@pytest.mark.parametrize("size", [100, 10 * 1024 * 1024])
def test_depth_is_bounded(size):
    with pytest.raises(YamlProblem) as e:
        parse("deep: " + "[" * 70 + "]" * 70 + "\n", size)
    assert e.value.rule == "yaml-depth" and (e.value.line, e.value.col) == (1, 70)
    assert e.value.path == ("deep",) + (0,) * 63
    parse("deep: " + "[" * 63 + "1" + "]" * 63 + "\n", size)  # 64 levels with the root mapping: allowed


def test_depth_beyond_what_libyaml_reads_in_a_big_file():
    with pytest.raises(YamlProblem) as e:
        parse("deep: " + "[" * 2000 + "]" * 2000 + "\n", 10 * 1024 * 1024)
    assert e.value.rule == "yaml-depth" and e.value.line == 1


def test_aliases_are_bounded_before_expansion():
    text = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8))
    with pytest.raises(YamlProblem) as e:
        parse(text, len(text))
    assert e.value.rule == "yaml-aliases" and e.value.line == 6


def test_a_big_file_without_aliases_is_not_taken_for_a_bomb():
    text = "rows:\n" + "".join(f"  - [{i}, {i}]\n" for i in range(100_000))
    data, _, _, _ = parse(text, len(text))
    assert len(data["rows"]) == 100_000


def test_recursive_alias_is_refused():
    with pytest.raises(YamlProblem) as e:
        parse("a: &a [1, *a]\n", 99)
    assert (e.value.rule, e.value.line, e.value.col) == ("yaml-aliases", 1, 4)


@pytest.mark.parametrize("text,line,col,rule,message", [
    ("a: *nope\n", 1, 4, "yaml", "found undefined alias 'nope'"),
    ("a: !custom x\n", 1, 4, "yaml-tag", "the YAML tag '!custom' is not allowed"),
    ("? [x, y]\n: c\n", 1, 3, "yaml", "a mapping key must be a plain value"),
    ("a: x\x01y\n", 1, 5, "yaml", "unacceptable character #x0001: special characters are not allowed"),
    ("---\na: 1\n---\nb: 2\n", 3, 1, "yaml", "expected a single document in the stream"),
    ("a:\n\tb: 1\n", 2, 1, "yaml", "found character '\\t' that cannot start any token (use spaces, not tabs, to indent)"),
    ("a: [1, 2\nb: 3\n", 2, 2, "yaml", "while parsing a flow sequence; expected ',' or ']', but got ':'"),
])
def test_malformed_yaml_is_located(text, line, col, rule, message):
    with pytest.raises(YamlProblem) as e:
        parse(text, len(text))
    assert (e.value.line, e.value.col, e.value.rule) == (line, col, rule) and message in e.value.message


def test_big_files_get_libyaml_messages_with_the_character_found():
    text = "a:\n\tb: 1\n" + "#" * 300_000 + "\n"
    with pytest.raises(YamlProblem) as e:
        parse(text, len(text))
    assert (e.value.line, e.value.col) == (2, 1) and "use spaces, not tabs" in e.value.message


def test_yaml_1_2_text_is_not_split_at_unicode_line_separators():
    data, _, _, _ = parse("a: \"x\u2028y\"\nb: x\u2029y\n", 99)
    assert data == {"a": "x\u2028y", "b": "x\u2029y"}
