"""Clause numbers and the text of cross-references to them.

Numbering restarts at every level. Styles: `contract` (第一条 / Article 1, 1.1, (a), (i)),
`memorandum` (第一章 / Chapter 1, 1.1, (a)), `annex` (附件一 / Annex 1, then 1., (a)) and `front`
(unnumbered sections whose sub-clauses are 1., (a)).
"""

from __future__ import annotations

from docgen.format.numbers import cn_number
from docgen.tree import Bi

ROMAN = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def letter(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (legal drafting style)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def roman(n: int) -> str:
    out = ""
    for value, sym in [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl")] + ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def _one(depth: int, n: int) -> str:
    return f"({letter(n)})" if depth == 3 else f"({roman(n)})" if depth == 4 else f"({n})"


def _tail(path: tuple[int, ...]) -> str:
    """The part of a number below level 2: (a), (a)(i), (a)(i)(1)."""
    return "".join(_one(depth, n) for depth, n in enumerate(path, start=3))


def label(style: str, path: tuple[int, ...]):
    """What is printed before the clause title: Bi for level 1, a plain string below."""
    level = len(path)
    n = path[-1]
    if level == 1:
        if style == "contract":
            return Bi(f"第{cn_number(n)}条", f"Article {n}")
        if style == "memorandum":
            return Bi(f"第{cn_number(n)}章", f"Chapter {n}")
        if style == "annex":
            return Bi(f"附件{cn_number(n)}", f"Annex {n}")
        return None  # front sections are unnumbered
    if level == 2:
        return f"{n}." if style in ("annex", "front") else f"{path[0]}.{n}"
    return _one(level, n)


def reference(style: str, path: tuple[int, ...]) -> Bi | None:
    """The text `ref()` gives for a clause: 第五条 / Article 5, 第5.2(a)条 / Clause 5.2(a) …"""
    level = len(path)
    if style == "front":
        return None
    if level == 1:
        return label(style, path)
    below = f"{path[1]}" + _tail(path[2:])
    if style == "contract":
        return Bi(f"第{path[0]}.{below}条", f"Clause {path[0]}.{below}")
    if style == "memorandum":
        return Bi(f"第{path[0]}.{below}节", f"Section {path[0]}.{below}")
    return Bi(f"附件{cn_number(path[0])}第{below}段", f"paragraph {below} of Annex {path[0]}")
