"""The located YAML reader: the fast path and the exact (ruamel.yaml) path agree — same data, same positions,
same value problems — on every sample deal, every corpus file the fast path reads, and tricky snippets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.model.yamlread import FastReader, NodeReader, YamlProblem, _Bail

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "deals").glob("*.yaml")) + sorted((ROOT / "tests" / "data" / "bad").glob("*.yaml"))


def both(text: str):
    fast = FastReader(text)
    data, pos = fast.read()
    exact = NodeReader()
    data2, pos2 = exact.read(text)
    return (data, pos.tree, fast.sc.problems, [(d.line, d.col, d.path) for d in fast.dups]), \
        (data2, pos2.tree, exact.sc.problems, [(d.line, d.col, d.path) for d in exact.dups])


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_fast_and_exact_agree_on_files(path):
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8")
    try:
        fast, exact = both(text)
    except (_Bail, YamlProblem) as e:
        if path.parent.name == "deals":
            raise AssertionError(f"the fast reader must read every sample deal: {e}")
        pytest.skip("not for the fast reader")
    except Exception:
        if path.parent.name == "deals":
            raise
        pytest.skip("the exact reader refuses it")
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
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_fast_and_exact_agree_on_snippets(text):
    try:
        fast, exact = both(text)
    except _Bail:
        pytest.skip("the fast reader leaves this to the exact one")
    assert fast == exact


def test_values_and_positions():
    r = FastReader("plan:\n  size: 1000000000.10\n  rate: 3.20\n  when: 2028-04-25\n  list: [a, {b: 1}]\n")
    data, pos = r.read()
    assert data == {"plan": {"size": Decimal("1000000000.10"), "rate": Decimal("3.20"), "when": dt.date(2028, 4, 25), "list": ["a", {"b": 1}]}}
    assert isinstance(data["plan"]["rate"], Decimal) and str(data["plan"]["rate"]) == "3.20"  # exact text, never a float
    assert pos.at(("plan", "rate")) == (3, 3)
    assert pos.at(("plan", "list", 1, "b")) == (5, 14)
    assert pos.at(("plan", "missing", "deeper")) == (1, 1)
    assert pos.at(("plan", "list", 9)) == (5, 3)


def test_fast_reader_gives_up_rather_than_guess():
    for text in ("a: &x 1\nb: *x\n", "a: !!str 1\n", "a: b\n  c\n", "a: {b: 1,\n  c: 2}\n", "? a\n: b\n", "a: 'x\n  y'\n"):
        with pytest.raises(_Bail):
            FastReader(text).read()


def test_aliases_are_bounded_before_expansion():
    text = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8))
    with pytest.raises(YamlProblem) as e:
        NodeReader().read(text)
    assert e.value.rule == "yaml-aliases" and e.value.line == 6


def test_recursive_alias_is_refused():
    try:
        NodeReader().read("a: &a [1, *a]\n")
    except YamlProblem as e:
        assert e.rule == "yaml-aliases"
    except Exception as e:  # ruamel may refuse it itself
        assert "recursive" in str(e) or "found undefined alias" in str(e)
