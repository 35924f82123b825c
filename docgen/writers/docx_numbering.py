"""Word list numbering (numbering.xml) from the numbering labels the tree carries (`DocMeta.numbering`).

A label such as "<prefix>{cn}<suffix>" becomes the list level `lvlText "<prefix>%1<suffix>"` with `numFmt chineseCounting`; {top}.{n}
becomes `"%1.%2"` shown in Arabic numerals (`isLgl`); ({letter}) becomes `"(%3)"` with `lowerLetter`. The
labels stay the one fact: change an article label in clauses/labels/numbering.yaml and Word numbers the same way.

Four lists, each its own definition so that each counts its own paragraphs: the articles (or chapters) and
the annexes, each in the document's language and in its second language (the English of the bilingual
layouts). The heading and clause-text styles name these lists by fixed ids (`NUM_IDS`), so a paragraph of
that style inserted in Word is numbered, and deleting one renumbers the rest.
"""

from __future__ import annotations

import string

from docx.oxml.ns import qn

from docgen.writers.ooxml import el, sub, val

# (scheme, role) -> numId and abstractNumId; role "main" is the document's language, "alt" the English
# of a bilingual layout. High ids, clear of the lists a firm's reference DOCX may define.
NUM_IDS = {("articles", "main"): 9101, ("articles", "alt"): 9102, ("annex", "main"): 9103, ("annex", "alt"): 9104}
SCHEMES = ("articles", "annex")
LEVELS = 9
_FMT = {"n": "decimal", "cn": "chineseCounting", "letter": "lowerLetter", "roman": "lowerRoman"}


def level_text(pattern: str, level: int) -> tuple[str, str, bool]:
    """(lvlText, numFmt, isLgl) of a label pattern at list level `level` (1-based)."""
    text, fmt, legal = [], "decimal", False
    for literal, name, _, _ in string.Formatter().parse(pattern):
        text.append(literal.replace("%", "%%"))
        if name is None:
            continue
        if name == "top":  # the article's number inside a sub-clause's: in Arabic numerals
            text.append("%1")
            legal = True
        else:
            text.append(f"%{level}")
            fmt = _FMT.get(name, "decimal")
        # {sub} and {page} do not occur in heading labels
    return "".join(text), fmt, legal


def _patterns(numbering, name: str, lang: str) -> tuple[str, ...]:
    for p in numbering:
        if p.name == name:
            return tuple(getattr(p, lang))
    return ()


def abstract_num(aid: int, patterns: tuple[str, ...], styles: dict[int, str]):
    """One multi-level list: level k from `patterns[k]` (the last pattern repeats below)."""
    a = el("w:abstractNum", {"w:abstractNumId": aid})
    a.append(val("w:multiLevelType", "multilevel"))
    for k in range(LEVELS):
        pat = patterns[min(k, len(patterns) - 1)] if patterns else ""
        text, fmt, legal = level_text(pat, k + 1)
        lvl = sub(a, "w:lvl", {"w:ilvl": k})
        lvl.append(val("w:start", 1))
        lvl.append(val("w:numFmt", fmt if text else "none"))
        if k in styles:
            lvl.append(val("w:pStyle", styles[k]))
        if legal:
            sub(lvl, "w:isLgl")
        lvl.append(val("w:suff", "space"))
        lvl.append(val("w:lvlText", text))
        lvl.append(val("w:lvlJc", "left"))
        rpr = sub(lvl, "w:rPr")
        sub(rpr, "w:b")
        sub(rpr, "w:bCs")
    return a


def install(numbering_el, numbering, main_lang: str, styles_of) -> None:
    """Put docgen's four lists into a `w:numbering` element (replacing earlier ones of the same ids).
    `styles_of(scheme, role)` gives the heading style id of each level (`{ilvl: style id}`)."""
    ours = {str(i) for i in NUM_IDS.values()}
    for tag, attr in (("w:abstractNum", "w:abstractNumId"), ("w:num", "w:numId")):
        for e in numbering_el.findall(qn(tag)):
            if e.get(qn(attr)) in ours:
                numbering_el.remove(e)
    alt = "en" if main_lang == "zh" else "zh"
    first_num = numbering_el.find(qn("w:num"))
    for (scheme, role), nid in NUM_IDS.items():
        pats = _patterns(numbering, scheme, main_lang if role == "main" else alt)
        a = abstract_num(nid, pats, styles_of(scheme, role))
        if first_num is not None:  # abstractNum elements come before every num
            first_num.addprevious(a)
        else:
            cleanup = numbering_el.find(qn("w:numIdMacAtCleanup"))
            if cleanup is not None:
                cleanup.addprevious(a)
            else:
                numbering_el.append(a)
    for nid in NUM_IDS.values():
        n = el("w:num", {"w:numId": nid}, val("w:abstractNumId", nid))
        cleanup = numbering_el.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(n)
        else:
            numbering_el.append(n)


def page_label(numbering, lang: str) -> tuple[str, str] | None:
    """The text before and after the page number of a cross-reference (from the `numbering.page` label), or None."""
    pats = _patterns(numbering, "page", lang)
    if not pats or "{page}" not in pats[0]:
        return None
    before, _, after = pats[0].partition("{page}")
    return before, after
