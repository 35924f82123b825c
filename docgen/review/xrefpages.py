"""Proofread the page numbers a PDF prints after its cross-references: 第五条（第21页） / Article 5 (p. 21).

Page N must show the heading the reference names: 第五条 / Article 5, 附件一 / Annex 1, 第十章 /
Chapter 10, or the number 6.1 of a sub-clause (第6.1条 / Clause 6.1). Item references such as
第5.2(a)条 name no heading of their own and are not checked. Text is compared with all whitespace
removed to find the references (pdftotext breaks lines anywhere in Chinese), line by line to find
the headings.
"""

from __future__ import annotations

import re

_ZH = re.compile(r"(第[一二三四五六七八九十百零]+[条章]|附件[一二三四五六七八九十]+|第(\d+(?:\.\d+)+)条)（第(\d+)页）")
_EN = re.compile(r"((?:Article|Chapter|Annex)(\d+)|Clause(\d+(?:\.\d+)+))\(p\.(\d+)\)")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _lines(s: str) -> str:
    """Each line squashed, lines kept apart (a heading's number must not run into the line before)."""
    return "\n".join(_squash(line) for line in s.splitlines())


def _shows(page: str, label: str) -> bool:
    """The page shows `label` other than as a page-numbered reference to it (or inside a longer number)."""
    for m in re.finditer(re.escape(label), page):
        before, after = page[m.start() - 1:m.start()] if m.start() else "", page[m.end():m.end() + 2]
        if after.startswith(("（第", "(p")):
            continue
        if label[-1].isdigit() and (after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit())):
            continue
        if label[0].isdigit() and (before.isdigit() or before == "."):
            continue
        return True
    return False


def split_pages(text: str) -> list[str]:
    """pdftotext's output as pages (it ends every page with a form feed)."""
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def wrong_pages(pages: list[str]) -> list[str]:
    """One message per cross-reference whose printed page does not show its target (each label once)."""
    flat = [_squash(p) for p in pages]
    seen, out = set(), []
    for i, page in enumerate(flat, start=1):
        refs = [(m.group(0), m.group(2) or m.group(1), int(m.group(3))) for m in _ZH.finditer(page)]
        refs += [(m.group(0), m.group(3) or m.group(1), int(m.group(4))) for m in _EN.finditer(page)]
        for text, label, n in refs:
            if (text, n) in seen:
                continue
            seen.add((text, n))
            if not 1 <= n <= len(flat):
                out.append(f"‘{text}’ on page {i} names page {n}, but the PDF has {len(flat)} pages")
            elif not _shows(_lines(pages[n - 1]), label):
                out.append(f"‘{text}’ on page {i}: page {n} does not show {label}")
    return out
