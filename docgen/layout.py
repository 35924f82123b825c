"""Layouts: turn the bilingual tree that assembly builds into the tree one layout prints.

`apply_layout(doc, layout)` with `layout` one of

- ``parallel``   Chinese left, English right, aligned clause by clause: every clause heading and every
  pair of paragraphs becomes a `Parallel` row; tables, figures and signature blocks go full width with
  bilingual labels ("<Chinese> / <English>");
- ``sequential`` each clause in Chinese, then the same clause in English (tables and figures once, with
  bilingual labels, where the Chinese text has them);
- ``zh`` / ``en`` one language only, no bilingual labels.

The result holds plain strings only (no `Bi`). Conventions the writers rely on:

- ``"\\n"`` inside a title, cover line, signature label or contents label is a line break;
- a clause without a title gets no heading of its own: its number is run into its first paragraph here;
- in ``parallel``, a clause's heading is its first body block, a `Parallel` row with ``heading=level``;
- a paragraph that starts with a clause number (a heading row's, or a title-less clause's run in) says
  so (``Para.numbered``, ``Para.number``): the DOCX writer lets Word number it;
- in ``sequential``, the English text of a clause follows the Chinese body as a nested `Clause` with id
  ``<id>--en`` and ``in_toc=False`` (no contents entry, no bookmark);
- ``toc_label`` carries the contents/bookmark text of bilingual headings (Chinese line, English line);
- every node that prints text records the language placed in it (``lang``, see `docgen.tree`): the
  side of the bilingual body a paragraph comes from, the layout's language for labels (Chinese for the
  joined labels of the bilingual layouts);
- the page furniture (`DocMeta.footer`, `DocMeta.draft_label`, the contents title, the signature labels)
  is picked or joined like every label; the footer's pieces and page fields stay pieces, and the draft
  stamp is printed in both languages in every layout.
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from docgen.tree import (
    BILINGUAL,
    LANG_TAGS,
    LAYOUTS,
    Bi,
    Block,
    Cell,
    Clause,
    Cover,
    DocMeta,
    Document,
    Figure,
    ListBlock,
    PageBreak,
    Para,
    Parallel,
    Run,
    Section,
    SignatureBlock,
    Signatory,
    Table,
    Toc,
    XRef,
    number_sep,
)

__all__ = ["BILINGUAL", "EN_SUFFIX", "LAYOUTS", "apply_layout", "heading_text", "join", "pick"]

EN_SUFFIX = "--en"  # id of the English twin of a clause in the sequential layout

# blocks that appear once in a bilingual body (the same object in both languages), never side by side
_SHARED = (Table, Figure, SignatureBlock, PageBreak, Clause, Section, Toc, Cover)


# ----------------------------------------------------------------------------- text helpers
def pick(x, lang: str):
    """The `lang` form of a possibly bilingual value."""
    return x[lang] if isinstance(x, Bi) else x


def join(x, sep: str = " / "):
    """Both forms of a bilingual text in one string (once when they are equal)."""
    if not isinstance(x, Bi):
        return x
    zh, en = x.zh, x.en
    if zh is None or zh == "":
        return en
    if en is None or en == "" or en == zh:
        return zh
    return f"{zh}{sep}{en}"


def heading_text(number, title, lang: str) -> str:
    """A bilingual heading's line in `lang` (contents line, `Parallel` heading row): "Article 5 Purchase
    Price"; in Chinese an ideographic space after any number. Either part may be missing."""
    parts = [p for p in (number, title) if p]
    return ("\u3000" if lang == "zh" else " ").join(parts)


class _Layout:
    def __init__(self, layout: str):
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout '{layout}' (choose from {', '.join(LAYOUTS)})")
        self.layout = layout
        self.bilingual = layout in BILINGUAL
        self.lang = "en" if layout == "en" else "zh"  # of labels: joined ones read as Chinese first

    # ------------------------------------------------------------------ plain text
    def text(self, x, sep: str = " / "):
        """A label: one language, or both joined in bilingual layouts."""
        return join(x, sep) if self.bilingual else pick(x, self.lang)

    def cell(self, c) -> Cell:
        if isinstance(c, Bi):
            zh, en = c.zh, c.en
            if not self.bilingual:
                c = pick(c, self.lang)
            else:
                zt = zh.text if isinstance(zh, Cell) else zh
                et = en.text if isinstance(en, Cell) else en
                proto = zh if isinstance(zh, Cell) else (en if isinstance(en, Cell) else Cell(""))
                return replace(proto, text=join(Bi(zt, et)) or "")
        if isinstance(c, Cell):
            return c
        return Cell("" if c is None else str(c))

    # ------------------------------------------------------------------ blocks
    def table(self, t: Table) -> Table:
        return replace(
            t,
            caption=self.text(t.caption),
            header=tuple(tuple(self.cell(c) for c in row) for row in t.header),
            rows=tuple(tuple(self.cell(c) for c in row) for row in t.rows),
            note=self.text(t.note, "\n") if t.note is not None else None,
            lang=self.lang,
        )

    def signatures(self, s: SignatureBlock) -> SignatureBlock:
        def one(g: Signatory) -> Signatory:
            return replace(
                g,
                role=self.text(g.role, "\n"),
                name=self.text(g.name, "\n"),
                signer_label=self.text(g.signer_label, "\n") if g.signer_label is not None else None,
            )

        return SignatureBlock(
            signatories=tuple(one(g) for g in s.signatories),
            note=self.text(s.note, "\n") if s.note is not None else None,
            date_label=self.text(s.date_label, "\n") if s.date_label is not None else None,
            seal_label=self.text(s.seal_label, "\n") if s.seal_label is not None else None,
            lang=self.lang,
        )

    def shared(self, b, lang: str | None = None):
        """A block that is not per-language text, or a text block of the `lang` side of a body (default:
        the layout's language, for a plain block outside any `Bi`)."""
        if isinstance(b, Para):
            return replace(b, lang=lang or self.lang)
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, Figure):
            return replace(b.only(None if self.bilingual else self.lang), caption=self.text(b.caption), lang=self.lang)
        if isinstance(b, SignatureBlock):
            return self.signatures(b)
        if isinstance(b, Clause):
            return self.clause(b)
        if isinstance(b, Section):
            return self.section(b)
        if isinstance(b, Toc):
            return Toc(self.text(b.title), lang=self.lang)
        if isinstance(b, Cover):
            return self.cover(b)
        if isinstance(b, ListBlock):
            return ListBlock(tuple(tuple(self.shared(x, lang) for x in item) for item in b.items), b.ordered)
        if isinstance(b, Parallel):
            return b
        if isinstance(b, Bi):  # a bilingual run of blocks outside a clause
            return self.body(b)
        return b

    def cover(self, c: Cover) -> Cover:
        sub = self.text(c.subtitle, "\n") if c.subtitle is not None else None
        title = self.text(c.title, "\n")
        if sub == title:
            sub = None
        return Cover(title=title, subtitle=sub, lines=tuple(self.text(x, "\n") for x in c.lines), draft=c.draft,
                     lang=self.lang)

    # ------------------------------------------------------------------ bodies
    def body(self, body) -> tuple[Block, ...]:
        """A body without its heading: per layout."""
        if not isinstance(body, Bi):
            return tuple(self.shared(b) for b in (body or ()))
        zh, en = tuple(body.zh or ()), tuple(body.en or ())
        if self.layout == "parallel":
            return self.align(zh, en)
        if self.layout == "sequential":
            return self.mono(zh, "zh") + self.mono(_drop_shared_of(en, zh), "en")
        return self.mono(body[self.lang] or (), self.lang)

    def mono(self, blocks, lang: str) -> tuple[Block, ...]:
        return tuple(self.shared(b, lang) for b in blocks)

    def align(self, zh: tuple, en: tuple) -> tuple[Block, ...]:
        """Pair Chinese and English text blocks into rows; shared blocks go between them, once."""
        zs = [i for i, b in enumerate(zh) if isinstance(b, _SHARED)]
        es = [j for j, b in enumerate(en) if isinstance(b, _SHARED)]
        sm = SequenceMatcher(None, [_key(zh[i]) for i in zs], [_key(en[j]) for j in es], autojunk=False)
        anchors = [(zs[a + k], es[b + k]) for a, b, n in sm.get_matching_blocks() for k in range(n)]
        out: list = []
        pz = pe = 0
        for iz, ie in anchors + [(len(zh), len(en))]:
            out += self.rows(zh[pz:iz], en[pe:ie])
            if iz < len(zh):
                out.append(self.shared(zh[iz]))
            pz, pe = iz + 1, ie + 1
        return tuple(out)

    def rows(self, zh: tuple, en: tuple) -> list:
        """Rows for a stretch of text between two shared blocks."""
        zt = [b for b in zh if not isinstance(b, _SHARED)]
        et = [b for b in en if not isinstance(b, _SHARED)]
        solo = [self.shared(b) for b in zh + en if isinstance(b, _SHARED)]  # shared on one side only
        out: list = []
        n = min(len(zt), len(et))
        zt, et = list(self.mono(zt, "zh")), list(self.mono(et, "en"))
        if len(zt) == len(et):
            out = [Parallel(zh=(a,), en=(b,)) for a, b in zip(zt, et)]
        elif n == 0:
            if zt or et:
                out = [Parallel(zh=tuple(zt), en=tuple(et))]
        else:  # unequal counts: pair the first n-1, the last row takes the rest of both
            out = [Parallel(zh=(a,), en=(b,)) for a, b in zip(zt[: n - 1], et[: n - 1])]
            out.append(Parallel(zh=tuple(zt[n - 1 :]), en=tuple(et[n - 1 :])))
        return out + solo

    # ------------------------------------------------------------------ clauses and sections
    def _run_in(self, blocks: tuple, number: str, lang: str, level: int) -> tuple:
        """Put a title-less clause's number in front of its first paragraph."""
        if not number:
            return blocks
        lead = Run(number + number_sep(lang, level), bold=True)
        if blocks and isinstance(blocks[0], Para):
            p = blocks[0]
            return (replace(p, runs=(lead,) + tuple(p.runs), numbered=level, number=number),) + tuple(blocks[1:])
        return (Para((Run(number, bold=True),), numbered=level, number=number),) + tuple(blocks)

    @staticmethod
    def _split_body(body):
        """(zh blocks, en blocks) of a body."""
        if isinstance(body, Bi):
            zh, en = tuple(body.zh or ()), tuple(body.en or ())
        else:
            zh = en = tuple(body or ())
        return zh, en

    def node(self, n, *, level: int, number, title, section: bool):
        """Shared work for `Clause` and `Section`; returns the fields of the layout node."""
        zh_body, en_body = self._split_body(n.body)
        has_title = bool(pick(title, "zh") or pick(title, "en"))
        num_zh, num_en = pick(number, "zh") or "", pick(number, "en") or ""
        ttl_zh, ttl_en = pick(title, "zh") or None, pick(title, "en") or None
        run_in = not has_title and not section
        if run_in:
            zh_body = self._run_in(zh_body, num_zh, "zh", level)
            en_body = self._run_in(en_body, num_en, "en", level)
        head_zh, head_en = heading_text(num_zh, ttl_zh, "zh"), heading_text(num_en, ttl_en, "en")
        children = tuple(self.clause(c) for c in n.children)

        if not self.bilingual:
            lang = self.lang
            body = self.mono(zh_body if lang == "zh" else en_body, lang)
            return dict(number=pick(number, lang), title=pick(title, lang) if has_title else None,
                        body=body, children=children, toc_label=None, lang=lang)

        toc_label = join(Bi(head_zh, head_en), "\n") if (head_zh or head_en) else None
        if self.layout == "parallel":
            body = self.align(zh_body, en_body)
            if (has_title or section) and (head_zh or head_en):
                row = Parallel(zh=(Para((Run(head_zh),), lang="zh", numbered=level if num_zh else 0,
                                        number=num_zh or None),) if head_zh else (),
                               en=(Para((Run(head_en),), lang="en", numbered=level if num_en else 0,
                                        number=num_en or None),) if head_en else (), heading=level)
                body = (row,) + body
            return dict(number=num_zh or None, title=ttl_zh if has_title else None, body=body,
                        children=children, toc_label=toc_label, lang="zh")

        # sequential
        zh_part = self.mono(zh_body, "zh")
        en_part = self.mono(_drop_shared_of(en_body, zh_body), "en")
        twin = Clause(id=n.id + EN_SUFFIX, level=level, number=num_en or None, title=ttl_en if has_title else None,
                      body=en_part, in_toc=False, lang="en")
        return dict(number=num_zh or None, title=ttl_zh if has_title else None, body=zh_part + (twin,),
                    children=children, toc_label=toc_label, lang="zh")

    def clause(self, c: Clause) -> Clause:
        f = self.node(c, level=c.level, number=c.number, title=c.title, section=False)
        return replace(c, **f)

    def section(self, s: Section) -> Section:
        f = self.node(s, level=1, number=s.number, title=s.title, section=True)
        return replace(s, **f)

    # ------------------------------------------------------------------ document
    def meta(self, m: DocMeta) -> DocMeta:
        title, header = m.title, m.running_header
        if isinstance(m.title_bi, Bi):
            title = m.title if self.bilingual and m.title else self.text(m.title_bi)
        if isinstance(m.running_header_bi, Bi):
            header = m.running_header if self.bilingual and m.running_header else self.text(m.running_header_bi)
        if isinstance(title, Bi):
            title = self.text(title)
        if isinstance(header, Bi):
            header = self.text(header)
        footer = m.footer
        if isinstance(footer, Bi):
            footer = (tuple(footer.zh) + (" / ",) + tuple(footer.en)) if self.bilingual else tuple(footer[self.lang])
        # the draft stamp in both languages in every layout: whoever picks up a draft must see it is one
        draft = join(m.draft_label, " ") if isinstance(m.draft_label, Bi) else m.draft_label
        return replace(m, layout=self.layout, title=title, running_header=header, lang=LANG_TAGS[self.lang],
                       title_bi=None, running_header_bi=None, footer=footer, draft_label=draft)


def _key(b) -> tuple:
    if isinstance(b, (Table, Figure, Clause, Section)):
        return (type(b).__name__, b.id)
    return (type(b).__name__,)


def _drop_shared_of(en: tuple, zh: tuple) -> tuple:
    """The English blocks without the tables, figures and signature blocks the Chinese text already shows."""
    seen = {_key(b) for b in zh if isinstance(b, (Table, Figure, SignatureBlock))}
    return tuple(b for b in en if not (isinstance(b, (Table, Figure, SignatureBlock)) and _key(b) in seen))


def apply_layout(doc: Document, layout: str) -> Document:
    """The layout tree of `doc` for `layout` (parallel, sequential, zh, en)."""
    lay = _Layout(layout)
    blocks = tuple(lay.shared(b) for b in doc.blocks)
    if layout == "sequential":
        blocks = _english_refs_to_twins(blocks)
    return Document(meta=lay.meta(doc.meta), blocks=blocks, attachments=doc.attachments)


def _english_refs_to_twins(blocks: tuple) -> tuple:
    """In the sequential layout an English cross-reference points at the English twin of its target
    (`<id>--en`): the Chinese heading may stand pages earlier, and the printed page must show the words
    the reader is looking for."""
    ids: set[str] = set()

    def collect(x):
        if isinstance(x, (Clause, Section)):
            ids.add(x.id)
            collect(x.body)
            collect(x.children)
        elif isinstance(x, tuple):
            for y in x:
                collect(y)

    def retarget(x):
        if isinstance(x, Para) and x.lang == "en" and any(isinstance(r, XRef) for r in x.runs):
            return replace(x, runs=tuple(replace(r, target=r.target + EN_SUFFIX)
                                         if isinstance(r, XRef) and r.target + EN_SUFFIX in ids else r
                                         for r in x.runs))
        if isinstance(x, (Clause, Section)):
            return replace(x, body=retarget(x.body), children=retarget(x.children))
        if isinstance(x, ListBlock):
            return replace(x, items=tuple(retarget(i) for i in x.items))
        if isinstance(x, tuple):
            return tuple(retarget(y) for y in x)
        return x

    collect(blocks)
    return retarget(blocks)
