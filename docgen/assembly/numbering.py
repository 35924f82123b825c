"""Clause numbers and the text of cross-references to them.

Numbering restarts at every level. Styles: `contract` (Article 1, 1.1, (a), (i)), `memorandum`
(Chapter 1, 1.1, (a)), `annex` (Annex 1, then 1., (a)) and `front` (unnumbered sections whose
sub-clauses are 1., (a)). The words and shapes of the numbers are the labels `numbering.*` of the clause
library (clauses/labels/numbering.yaml); this module only counts.

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
        `squash`, as `check` reads squashed text), each placeholder the group given for it."""
        out = []
        for literal, name, _, _ in string.Formatter().parse(getattr(self, lang)):
            out.append(re.escape(re.sub(r"\s+", "", literal) if squash else literal))
            if name is not None:
                out.append(groups[name])
        return "".join(out)


class Numbering:
    """The numbering patterns of one library (`of(lib)`): heading labels and reference texts."""

    def __init__(self, lib):
        key = "numbering.{}.{}".format
        self.heading = {s: Pattern(lib, key(s, "heading"), ("n", "cn")) for s in HEADED}
        self.sub = {s: Pattern(lib, key(s, "sub"), ("top", "n", "cn", "letter", "roman")) for s in STYLES}
        self.ref = {s: Pattern(lib, key(s, "ref"), ("n", "cn", "sub")) for s in HEADED}
        self.items = tuple(Pattern(lib, key("item", lv), ("n", "cn", "letter", "roman"))
                           for lv in ("level3", "level4", "deeper"))
        self.page = Pattern(lib, "numbering.page", ("page",))
        self._memo: dict[tuple, object] = {}  # (kind, style, path) -> text; Bi is frozen, str immutable

    def _item(self, level: int) -> Pattern:
        return self.items[min(level, 5) - 3]

    def _tail(self, lang: str, path: tuple[int, ...]) -> str:
        """The part of a number below level 2: (a), (a)(i), (a)(i)(1) (in references)."""
        return "".join(self._item(level).one(lang, n, {}) for level, n in enumerate(path, start=3))

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
        return self._item(level).text(n)

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
        return Bi(*(ref.one(lang, top, {"sub": f"{path[1]}" + self._tail(lang, path[2:])}) for lang in LANGS))


    def word_patterns(self, articles: str) -> tuple[NumberPatterns, ...]:
        """The patterns of the articles' style (`articles`: contract or memorandum), of annexes and of
        the page after a cross-reference, level 1 first: the DOCX writer's list levels (`DocMeta.numbering`)."""
        def levels(style: str, lang: str) -> tuple[str, ...]:
            pats = [self.heading[style], self.sub[style], *self.items]
            return tuple(getattr(p, lang) for p in pats)

        out = [NumberPatterns(name, levels(style, "zh"), levels(style, "en"))
               for name, style in (("articles", articles), ("annex", "annex")) if style in self.heading]
        return tuple(out) + (NumberPatterns("page", (self.page.zh,), (self.page.en,)),)


_CACHE: list[tuple[object, Numbering]] = []  # the last few libraries (a `watch` reloads them)
_OWN: list[Numbering] = []


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
