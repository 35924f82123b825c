"""Cross-references as Word fields: REF to the bookmark on the numbered paragraph of the clause referred
to, so that Word rewrites every reference when an article is inserted or deleted; in drafts a PAGEREF
after it (the page label of clauses/labels/numbering.yaml), as the PDF prints the page.

A reference to an article, chapter or annex is its number as numbered ("Article 5" and its Chinese form): `REF \\r`.
A reference below level 1 is the number in full ("Clause 5.2(a)"): the words around it stay
text, the number is `REF \\w` (full context: "5.2(a)"). A reference whose number cannot be found in its text
(an annex paragraph: "paragraph 2 of Annex 1") stays a typed link to the bookmark.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.tree import Clause, Document, Section
from docgen.writers import ooxml as X
from docgen.writers.common import scheme_of

EN = "--en"  # the bookmark of a clause's English number in a bilingual layout (the sequential twin's id too)


@dataclass(frozen=True)
class Target:
    level: int
    scheme: str
    full: str | None  # below level 1, in the articles: the number in full context ("5.2(a)")


def targets(doc: Document) -> dict[str, Target]:
    """Every clause and numbered section of the layout tree by id."""
    out: dict[str, Target] = {}

    def walk(blocks, scheme, parent_full):
        for b in blocks:
            if isinstance(b, (Clause, Section)):
                if b.id.endswith(EN):
                    continue
                sch = scheme_of(b, scheme)
                level = b.level if isinstance(b, Clause) else 1
                num = b.number if isinstance(b.number, str) else None
                full = None
                if level >= 2 and num and sch == "articles":
                    full = num if level == 2 else (parent_full + num if parent_full else None)
                out[b.id] = Target(level, sch, full)
                walk(b.body if isinstance(b.body, tuple) else (), sch, full)
                walk(b.children, sch, full)

    walk(doc.blocks, None, None)
    return out


def xref(text: str, target: str, info: Target | None, *, english: bool, page: tuple[str, str] | None) -> list:
    """The runs of a cross-reference in a paragraph (`english`: the English of a bilingual layout)."""
    bm = X.bookmark_name(target + EN if english else target)
    own = X.bookmark_name(target)
    if info is None or info.scheme == "front":
        return [X.hyperlink(own, [X.run(text)])]
    if info.level == 1:
        out = X.field(f"REF {bm} \\r \\h", text)
    elif info.full and text.count(info.full) == 1:
        before, _, after = text.partition(info.full)
        out = ([X.run(before)] if before else []) + X.field(f"REF {bm} \\w \\h", info.full) \
            + ([X.run(after)] if after else [])
    else:
        return [X.hyperlink(own, [X.run(text)])]
    if page:
        out += [X.run(page[0])] + X.field(f"PAGEREF {bm} \\h") + [X.run(page[1])]
    return out
