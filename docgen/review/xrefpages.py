"""Proofread the page numbers a PDF prints after its cross-references: Article 5 (p. 21).

Page N must show the heading the reference names: the heading of an article, chapter or annex, or the
number 6.1 of a sub-clause of a contract. References are recognised by the numbering labels of the
clause library (clauses/labels/numbering.yaml: `numbering.<style>.heading`, `numbering.contract.ref`
and `numbering.page`), turned into regular expressions, so a lawyer who changes how articles are
printed changes what is recognised. Item references (5.2(a)) name no heading of their own and are not
checked; neither are memorandum sections and annex paragraphs, as before (an annex paragraph's
heading, "1.", is not unique on its page). Text is compared with all whitespace removed to find the
references (pdftotext breaks lines anywhere in Chinese), line by line to find the headings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docgen.assembly import numbering
from docgen.format.numbers import cn_number
from docgen.tree import LANGS

CHECKED_REFS = ("contract",)  # styles whose sub-clause references are checked (see above)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _lines(s: str) -> str:
    """Each line squashed, lines kept apart (a heading's number must not run into the line before)."""
    return "\n".join(_squash(line) for line in s.splitlines())


class _Reader:
    """The references of one library's numbering, per language: one regular expression whose
    alternative `rK` is the K-th numbering pattern (a heading, or a sub-clause reference)."""

    def __init__(self, num: numbering.Numbering):
        cn = "".join(sorted(set("".join(cn_number(i) for i in range(1, 2000)))))  # the numerals cn_number uses
        self.kinds = [("heading", s, num.heading[s]) for s in numbering.HEADED]
        self.kinds += [("ref", s, num.ref[s]) for s in CHECKED_REFS]
        self.num = num
        self.regex, self.page_prefix = {}, {}
        for lang in LANGS:
            alts = []
            for k, (_, _, pattern) in enumerate(self.kinds):
                groups = {"n": rf"(?P<k{k}_n>\d+)", "cn": f"(?P<k{k}_cn>[{cn}]+)", "sub": rf"(?P<k{k}_sub>\d+(?:\.\d+)*)"}
                alts.append(f"(?P<r{k}>{pattern.regex(lang, groups)})")
            page = num.page.regex(lang, {"page": r"(?P<page>\d+)"})
            self.regex[lang] = re.compile(f"(?:{'|'.join(alts)}){page}")
            self.page_prefix[lang] = _squash(getattr(num.page, lang).split("{", 1)[0])

    def refs(self, page: str) -> list[tuple[str, str, int]]:
        """(reference as printed, heading it names, page number) for each reference on a squashed page."""
        out = []
        for lang in LANGS:
            for m in self.regex[lang].finditer(page):
                k = next(k for k in range(len(self.kinds)) if m.group(f"r{k}") is not None)
                kind, style, _ = self.kinds[k]
                if kind == "heading":
                    label = m.group(f"r{k}")
                else:  # the sub-clause's own heading: 6.1
                    sub, top = m.group(f"k{k}_sub"), m.groupdict().get(f"k{k}_n")
                    given = {"top": top, "n": sub} if top is not None else {"n": sub}
                    label = _squash(self.num.sub[style].one(lang, int(sub.split(".")[0]), given))
                out.append((m.group(0), label, int(m.group("page"))))
        return out

    def shows(self, page: str, label: str) -> bool:
        """The page shows `label` other than as a page-numbered reference to it (or inside a longer number)."""
        prefixes = tuple(self.page_prefix.values())
        width = max(2, *(len(p) for p in prefixes))
        for m in re.finditer(re.escape(label), page):
            before, after = page[m.start() - 1:m.start()] if m.start() else "", page[m.end():m.end() + width]
            if after.startswith(prefixes):
                continue
            if label[-1].isdigit() and (after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit())):
                continue
            if label[0].isdigit() and (before.isdigit() or before == "."):
                continue
            return True
        return False


@lru_cache(maxsize=4)
def _reader(num: numbering.Numbering) -> _Reader:
    return _Reader(num)


def split_pages(text: str) -> list[str]:
    """pdftotext's output as pages (it ends every page with a form feed)."""
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def wrong_pages(pages: list[str], lib=None) -> list[str]:
    """One message per cross-reference whose printed page does not show its target (each label once).
    `lib`: the clause library the PDF was made from (default: docgen's own)."""
    reader = _reader(numbering.of(lib))
    flat = [_squash(p) for p in pages]
    seen, out = set(), []
    for i, page in enumerate(flat, start=1):
        for text, label, n in reader.refs(page):
            if (text, n) in seen:
                continue
            seen.add((text, n))
            if not 1 <= n <= len(flat):
                out.append(f"‘{text}’ on page {i} names page {n}, but the PDF has {len(flat)} pages")
            elif not reader.shows(_lines(pages[n - 1]), label):
                out.append(f"‘{text}’ on page {i}: page {n} does not show {label}")
    return out
