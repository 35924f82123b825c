"""Clause numbers and the text of cross-references to them.

Numbering restarts at every level. Styles: `contract` (Article 1 / 1.1 / (a) / (i) in English; in Chinese
the article number in Chinese numerals, then 1.1, then bracketed Chinese numerals, then 1.), `memorandum` (Chapter 1, 1.1, then items), `annex` (Annex 1, then 1., (1) / (a))
and `front` (unnumbered sections whose sub-clauses are 1., (1) / (a)). The words and shapes of the numbers are
the labels `numbering.*` of the clause library (clauses/labels/numbering.yaml); this module only counts.
Items (level 3 and below) follow `numbering.item`, or a style's own `numbering.<style>.item`; a reference to
an item ends with the item's reference form (`numbering.item.ref`: Clause 5.2(a), and its Chinese form naming
the sub-clause, then the item) where the
style's `ref` label has a `{tail}`.

The labels are plain `str.format` patterns (`{cn}`, `{n}`, `{sub}` …), not Jinja: a number needs no
deal and no template API, a document numbers hundreds of clauses, and `docgen check` turns the same
patterns into regular expressions (`Pattern.regex`), which a Jinja template would not allow. Each
library's patterns are read and checked once (`of(lib)`); a number then costs one `str.format`.
"""

from __future__ import annotations

import re
import string

from docgen.assembly.errors import Problem
from docgen.assembly.labels import LabelError, plain_label, spec_of
from docgen.format.numbers import cn_number
from docgen.tree import LANGS, Bi, NumberPatterns

ROMAN = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
STYLES = ("contract", "memorandum", "annex", "front")
HEADED = ("contract", "memorandum", "annex")  # styles whose level 1 is numbered (front is not)


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


# what each placeholder prints for a number n (top, sub and page are passed in whole)
_OF_N = {"n": str, "cn": cn_number, "letter": letter, "roman": roman}


class Pattern:
    """One numbering label: a `str.format` pattern per language, its placeholders checked once."""

    def __init__(self, lib, key: str, allowed: tuple[str, ...]):
        text = plain_label(lib, key)
        self.key, self.zh, self.en = key, text.zh, text.en
        self.same = self.zh == self.en
        self.fields: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            try:
                names = tuple(name for _, name, _, _ in string.Formatter().parse(text[lang]) if name is not None)
            except ValueError as e:  # a lone { or }
                raise self.error(lib, f"{lang}: {e}") from None
            bad = sorted({x for x in names if x not in allowed})
            if bad:
                raise self.error(lib, f"{lang}: unknown placeholder {{{bad[0]}}} (this label takes "
                                      + ", ".join(f"{{{a}}}" for a in allowed) + ")")
            self.fields[lang] = names

    def error(self, lib, message: str) -> LabelError:
        spec = spec_of(lib, self.key)
        return LabelError(Problem(spec.file, spec.line, f"label:{self.key}", message))

    def bi(self, n: int, **given) -> Bi:
        """The label for number `n` in both languages; `given` fills top/sub/page."""
        return Bi(self.one("zh", n, given), self.one("en", n, given))

    def text(self, n: int, **given):
        """A sub-level number: one string when both languages print alike, else a Bi."""
        if self.same:
            return self.one("zh", n, given)
        return self.bi(n, **given)

    def one(self, lang: str, n: int, given: dict) -> str:
        values = {name: given[name] if name in given else _OF_N[name](n) for name in self.fields[lang]}
        return getattr(self, lang).format(**values)

    def regex(self, lang: str, groups: dict[str, str], squash: bool = True) -> str:
        """The pattern as a regular expression: literal text escaped (whitespace removed when
        `squash`, as `check` reads squashed text), each placeholder the group given for it; a {tail}
        given no group matches nothing (a reference to the sub-clause itself, not to an item in it)."""
        out = []
        for literal, name, _, _ in string.Formatter().parse(getattr(self, lang)):
            out.append(re.escape(re.sub(r"\s+", "", literal) if squash else literal))
            if name == "tail" and name not in groups:  # a reference to a sub-clause itself: no item after it
                continue
            if name is not None:
                out.append(groups[name])
        return "".join(out)


ITEM_LEVELS = ("level3", "level4", "deeper")
_NUMERALS = ("n", "cn", "letter", "roman")


def _key(lib, *keys: str) -> str:
    """The first of `keys` that `lib` defines, else the first docgen's own library defines (a library of
    one's own that sets `numbering.item` is not overruled by docgen's `numbering.annex.item`)."""
    for k in keys:
        if lib.labels.get(k) is not None:
            return k
    ours = own_library()
    return next((k for k in keys if ours.labels.get(k) is not None), keys[-1])


class Numbering:
    """The numbering patterns of one library (`of(lib)`): heading labels and reference texts."""

    def __init__(self, lib):
        key = "numbering.{}.{}".format
        self.heading = {s: Pattern(lib, key(s, "heading"), ("n", "cn")) for s in HEADED}
        self.sub = {s: Pattern(lib, key(s, "sub"), ("top", *_NUMERALS)) for s in STYLES}
        self.ref = {s: Pattern(lib, key(s, "ref"), ("n", "cn", "sub", "tail")) for s in HEADED}
        # per style: the item labels (levels 3, 4, deeper) and the form a reference gives each
        self.items = {s: tuple(Pattern(lib, _key(lib, f"numbering.{s}.item.{lv}", f"numbering.item.{lv}"), _NUMERALS)
                               for lv in ITEM_LEVELS) for s in STYLES}
        self.item_refs = {s: tuple(Pattern(lib, _key(lib, f"numbering.{s}.item.ref.{lv}", f"numbering.item.ref.{lv}"),
                                           ("label", *_NUMERALS)) for lv in ITEM_LEVELS) for s in STYLES}
        self.page = Pattern(lib, "numbering.page", ("page",))
        self._memo: dict[tuple, object] = {}  # (kind, style, path) -> text; Bi is frozen, str immutable

    def _item(self, style: str, level: int) -> Pattern:
        return self.items[style][min(level, 5) - 3]

    def _tail(self, lang: str, style: str, path: tuple[int, ...], apart: bool) -> str:
        """The part of a reference below level 2: (a)(i) joined to the sub-clause's number, or, `apart`
        (the style's ref label places a {tail}), each item in its reference form (item, then sub-item, in Chinese)."""
        out = []
        for level, n in enumerate(path, start=3):
            label = self._item(style, level).one(lang, n, {})
            out.append(self.item_refs[style][min(level, 5) - 3].one(lang, n, {"label": label}) if apart else label)
        return "".join(out)

    def label(self, style: str, path: tuple[int, ...]):
        """What is printed before the clause title: Bi for level 1, a plain string below (a Bi when
        the label's two languages differ); None for an unnumbered front section."""
        key = ("label", style, path)
        if key not in self._memo:
            self._memo[key] = self._label(style, path)
        return self._memo[key]

    def _label(self, style: str, path: tuple[int, ...]):
        level, n = len(path), path[-1]
        if level == 1:
            return self.heading[style].bi(n) if style in self.heading else None
        if level == 2:
            return self.sub[style].text(n, top=str(path[0]))
        return self._item(style, level).text(n)

    def reference(self, style: str, path: tuple[int, ...]) -> Bi | None:
        """The text `ref()` gives for a clause: Article 5, Clause 5.2(a) … (None for front sections)."""
        key = ("ref", style, path)
        if key not in self._memo:
            self._memo[key] = self._reference(style, path)
        return self._memo[key]

    def _reference(self, style: str, path: tuple[int, ...]) -> Bi | None:
        if style == "front":
            return None
        if len(path) == 1:
            return self.label(style, path)
        ref, top = self.ref[style], path[0]
        out = []
        for lang in LANGS:
            apart = "tail" in ref.fields[lang]  # else the items join the sub-clause's number: 5.2(a)
            tail = self._tail(lang, style, path[2:], apart)
            out.append(ref.one(lang, top, {"sub": f"{path[1]}", "tail": tail} if apart else {"sub": f"{path[1]}{tail}"}))
        return Bi(*out)


    def word_patterns(self, articles: str) -> tuple[NumberPatterns, ...]:
        """The patterns of the articles' style (`articles`: contract or memorandum), of annexes and of
        the page after a cross-reference, level 1 first: the DOCX writer's list levels (`DocMeta.numbering`)."""
        def levels(style: str, lang: str) -> tuple[str, ...]:
            pats = [self.heading[style], self.sub[style], *self.items[style]]
            return tuple(getattr(p, lang) for p in pats)

        out = [NumberPatterns(name, levels(style, "zh"), levels(style, "en"))
               for name, style in (("articles", articles), ("annex", "annex")) if style in self.heading]
        return tuple(out) + (NumberPatterns("page", (self.page.zh,), (self.page.en,)),)


_CACHE: list[tuple[object, Numbering]] = []  # the last few libraries (a `watch` reloads them)
_OWN: list[Numbering] = []


def own_library():
    """docgen's own clause library (cached by `get_library` until a file changes)."""
    from docgen.assembly.library import get_library
    from docgen.resources import library_root

    return get_library(library_root())


def own() -> Numbering:
    """The numbering of docgen's own library, read once per process (for tests and for code that has
    no library at hand; a caller that has one passes it, so that edits under `watch` take effect)."""
    if not _OWN:
        from docgen.assembly.library import load_library
        from docgen.resources import library_root

        _OWN.append(Numbering(load_library(library_root())))
    return _OWN[0]


def of(lib=None) -> Numbering:
    """The numbering of `lib` (default: docgen's own library), built once per library."""
    if lib is None:
        return own()
    for known, numbering in _CACHE:
        if known is lib:
            return numbering
    numbering = Numbering(lib)
    _CACHE.insert(0, (lib, numbering))
    del _CACHE[4:]
    return numbering


def label(style: str, path: tuple[int, ...], lib=None):
    """`Numbering.label` with the numbering of `lib` (default: docgen's own library)."""
    return of(lib).label(style, path)


def reference(style: str, path: tuple[int, ...], lib=None) -> Bi | None:
    """`Numbering.reference` with the numbering of `lib` (default: docgen's own library)."""
    return of(lib).reference(style, path)
