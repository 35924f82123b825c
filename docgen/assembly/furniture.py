"""The page furniture of a document — contents title, seal box, signer and date lines, footer, draft
stamp — read from the clause library's label file `clauses/common/page-furniture.yaml` and put into
the bilingual tree (the layout picks the language, the writers print what the tree says)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.assembly.labels import plain_label
from docgen.assembly.spec import Library
from docgen.tree import Bi, PageField

# the footer's placeholders and the page fields they stand for
PAGE_FIELDS = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
_FIELD = re.compile("(" + "|".join(re.escape(k) for k in PAGE_FIELDS) + ")")


@dataclass(frozen=True)
class Furniture:
    contents: Bi  # the contents title
    seal: Bi  # the word in a seal box
    signer: Bi  # the signer line of a signatory whose clause names none
    date: Bi  # the date line of a signature page whose clause names none
    footer: Bi  # Bi[tuple[str | PageField, ...]]
    draft: Bi  # the draft stamp
    header: Bi  # the running header: "{plan} {title}"
    header_bilingual: str  # a bilingual layout's running header: "{zh} / {en}"

    def running_header(self, plan: Bi, title: Bi) -> tuple[Bi, str]:
        """The running header per language, and the one line a bilingual layout prints."""
        header = Bi(fill(self.header.zh, plan=plan.zh, title=title.zh), fill(self.header.en, plan=plan.en, title=title.en))
        return header, fill(self.header_bilingual, zh=header.zh, en=header.en)


def fill(pattern: str, **values: str) -> str:
    """`pattern` with each {name} replaced by its value, in one pass (a value's own braces stay as they are)."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), pattern)


def footer_pieces(text: str) -> tuple:
    """ "Page {page} of {pages}" → ("Page ", PageField("PAGE"), " of ", PageField("NUMPAGES"))."""
    return tuple(PageField(PAGE_FIELDS[p]) if p in PAGE_FIELDS else p for p in _FIELD.split(text) if p)


def furniture(lib: Library) -> Furniture:
    """The page furniture of `lib` (a library of one's own without it takes docgen's)."""
    def label(key: str) -> Bi:
        return plain_label(lib, f"furniture.{key}")

    footer = label("footer")
    return Furniture(contents=label("contents"), seal=label("seal"), signer=label("signer"), date=label("date"),
                     footer=Bi(footer_pieces(footer.zh), footer_pieces(footer.en)), draft=label("draft"),
                     header=label("header"), header_bilingual=label("header_bilingual").zh)


def either(own: Bi | None, default: Bi) -> Bi:
    """A label a clause may give (per language), else the furniture's."""
    if own is None:
        return default
    return Bi(own.zh or default.zh, own.en or default.en)
