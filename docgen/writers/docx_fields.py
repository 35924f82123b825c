"""Cross-references as Word fields: REF to the bookmark on the numbered paragraph of the clause referred
to, so that Word rewrites every reference when an article is inserted or deleted; in drafts a PAGEREF
after it (the page label of clauses/labels/numbering.yaml), as the PDF prints the page.

A reference to an article, chapter or annex is its number as numbered ("Article 5" and its Chinese form): `REF \\r`.
A reference below level 1 is the number in full ("Clause 5.2(a)"): the words around it stay
text, the number is `REF \\w` (full context: "5.2(a)"). A reference that names an item apart from its
sub-clause (Chinese drafting: sub-clause 5.2, item (1)) is two fields: the sub-clause's number in full and the item's
own number (`REF \\n`: the bracketed Chinese numeral). A reference whose number cannot be found in its text (an annex paragraph:
"paragraph 2 of Annex 1") stays a typed link to the bookmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.tree import Clause, Document, Parallel, Para, Section
from docgen.writers import ooxml as X
from docgen.writers.common import scheme_of

EN = "--en"  # the bookmark of a clause's English number in a bilingual layout (the sequential twin's id too)


@dataclass(frozen=True)
class Target:
    level: int
    scheme: str
    # below level 1, in the articles, per side (False: the document's language, True: the English of a
    # bilingual layout): the number in full context ("5.2(a)"); an item's own number (a bracketed Chinese numeral, "(a)") and that
    # of the sub-clause it sits in ("5.2"), whose id is `parent`
    full: dict = field(default_factory=dict)
    own: dict = field(default_factory=dict)
    parent: str | None = None
    parent_full: dict = field(default_factory=dict)


def _english_number(b, level: int) -> str | None:
    """The English number of a clause of a bilingual layout tree: its sequential twin's, or the one its
    parallel rows print on the English side (the Chinese and English items number alike but
    print differently: a bracketed Chinese numeral, (a))."""
    for x in b.body if isinstance(b.body, tuple) else ():
        if isinstance(x, Clause) and x.id == b.id + EN:
            return x.number if isinstance(x.number, str) else None
        if isinstance(x, Parallel) and x.en and isinstance(x.en[0], Para) and x.en[0].numbered == level:
            return x.en[0].number
    return None


def targets(doc: Document) -> dict[str, Target]:
    """Every clause and numbered section of the layout tree by id."""
    out: dict[str, Target] = {}
    bilingual = doc.meta.layout in ("parallel", "sequential")

    def walk(blocks, scheme, parent_full, parent):
        for b in blocks:
            if isinstance(b, (Clause, Section)):
                if b.id.endswith(EN):
                    continue
                sch = scheme_of(b, scheme)
                level = b.level if isinstance(b, Clause) else 1
                nums = {False: b.number if isinstance(b.number, str) else None}
                if bilingual and level >= 2:
                    nums[True] = _english_number(b, level)
                full = {}
                if level >= 2 and sch == "articles":
                    for side, num in nums.items():
                        if num and (level == 2 or parent_full.get(side)):
                            full[side] = num if level == 2 else parent_full[side] + num
                item = level == 3 and bool(full)
                out[b.id] = Target(level, sch, full, nums if item else {}, parent if item else None,
                                   parent_full if item else {})
                walk(b.body if isinstance(b.body, tuple) else (), sch, full, b.id)
                walk(b.children, sch, full, b.id)

    walk(doc.blocks, None, {}, None)
    return out


def xref(text: str, target: str, info: Target | None, *, english: bool, page: tuple[str, str] | None) -> list:
    """The runs of a cross-reference in a paragraph (`english`: the English of a bilingual layout)."""
    bm = X.bookmark_name(target + EN if english else target)
    own = X.bookmark_name(target)
    if info is None or info.scheme == "front":
        return [X.hyperlink(own, [X.run(text)])]
    if info.level == 1:
        out = X.field(f"REF {bm} \\r \\h", text)
    elif (full := info.full.get(english)) and text.count(full) == 1:
        before, _, after = text.partition(full)
        out = ([X.run(before)] if before else []) + X.field(f"REF {bm} \\w \\h", full) \
            + ([X.run(after)] if after else [])
    elif (own := info.own.get(english)) and (up := info.parent_full.get(english)) and _apart(text, up, own):
        before, _, rest = text.partition(up)
        middle, _, after = rest.partition(own)
        parent = X.bookmark_name(info.parent + EN if english else info.parent)
        out = ([X.run(before)] if before else []) + X.field(f"REF {parent} \\w \\h", up) \
            + ([X.run(middle)] if middle else []) + X.field(f"REF {bm} \\n \\h", own) \
            + ([X.run(after)] if after else [])
    else:
        return [X.hyperlink(own, [X.run(text)])]
    if page:
        out += [X.run(page[0])] + X.field(f"PAGEREF {bm} \\h") + [X.run(page[1])]
    return out


def _apart(text: str, parent_full: str, own: str) -> bool:
    """The text names the sub-clause's number once, then the item's own number once
    (sub-clause 5.2, item (1), in Chinese)."""
    if text.count(parent_full) != 1:
        return False
    rest = text.partition(parent_full)[2]
    return rest.count(own) == 1 and text.count(own) == 1
