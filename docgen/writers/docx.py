"""Layout tree → DOCX (python-docx; raw XML through `docgen.writers.ooxml`), a document a lawyer edits in Word.

Styles come from a reference DOCX, like pandoc: `templates/style/reference.docx` by default (built by
`build_reference()`: the house fonts SimSun / Times New Roman in docDefaults, docgen's styles,
`docs/word-styles.md`), or a firm's own file passed as `reference_docx` — its styles win, and docgen adds
only the styles it lacks. Paragraphs carry style ids, never fonts, so restyling the reference restyles the
document; runs carry the language the tree gives them (`w:lang`).

Numbering is Word's: article and clause headings use heading styles tied to list numbering built from the
tree's numbering labels (`docx_numbering`, `docx_styles`), and the typed number the tree holds (the PDF
prints it) is left out; cross-references are REF fields to the numbered paragraphs' bookmarks
(`docx_fields`). Inserting or deleting an article in Word renumbers the rest and every reference to them.

Output is byte-identical for the same tree: core-property dates from `DocMeta.date`, zip members
rewritten in a fixed order with a fixed timestamp (`docx_package`).
"""

from __future__ import annotations

import io
from dataclasses import replace

from docx.oxml.ns import qn
from docx.shared import Mm

from docgen.tree import (
    Cover,
    Document,
    Figure,
    ListBlock,
    PageBreak,
    Para,
    Parallel,
    Run,
    Section,
    SignatureBlock,
    Table,
    TermUse,
    Toc,
    XRef,
    number_sep,
)
from docgen.writers import common
from docgen.writers import docx_fields as F
from docgen.writers import docx_numbering as N
from docgen.writers import docx_styles as S
from docgen.writers import ooxml as X
from docgen.writers.common import Heading, Item, RowGroup
from docgen.writers.docx_tables import TablesMixin
from docgen.writers.docx_package import REFERENCE, build_reference, open_document, rezip, when
from docgen.writers.options import DEFAULT, WriterOptions

__all__ = ["REFERENCE", "build_reference", "rezip", "write_docx"]

_PARA_STYLE = {"body": "BodyText", "center": "BodyText", "right": "BodyText", "note": "BodyTextSmall",
               "small": "BodyTextSmall", "quote": "Quote", "address": "BodyText"}
_PARA_JC = {"center": "center", "right": "right", "address": "left"}
_LANG = {"zh": "zh-CN", "en": "en-US"}
ROW_KEEP_LINES = 14  # a parallel row estimated at most this many lines is kept on one page (cantSplit)


# ----------------------------------------------------------------------------- the writer
class _Writer(TablesMixin):
    def __init__(self, d, doc: Document, options: WriterOptions):
        self.d = d
        self.doc = doc
        self.body = d.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        self.bm_id = 1
        self.brk = False  # a page break is owed to the next top-level paragraph
        self.images: dict[bytes, object] = {}
        self.list_start = 1
        self.main = "en" if doc.meta.lang.startswith("en") else "zh"  # the language of the heading styles
        self.bilingual = doc.meta.layout in ("parallel", "sequential")
        self.lang = self.main  # of what is being written: the runs' w:lang
        self.scheme: str | None = None  # the numbering of the clause being written (`common.scheme_of`)
        self.style_num = S.style_numbering(d.styles.element)
        self.targets = F.targets(doc)
        self.pages = {lang: None if doc.meta.final else N.page_label(doc.meta.numbering, lang) for lang in ("zh", "en")}

    # ------------------------------------------------------------------ plumbing
    def put(self, e, into=None):
        if into is None:
            if self.sect is not None:
                self.sect.addprevious(e)
            else:
                self.body.append(e)
        else:
            into.append(e)
        X.set_lang(e, _LANG.get(self.lang, "zh-CN"))
        return e

    # ------------------------------------------------------------------ numbering
    def role(self, lang) -> str:
        return "alt" if self.bilingual and lang == "en" and self.main != "en" else "main"

    def numbered(self, p, style: str, scheme: str, role: str, level: int, direct=False) -> None:
        """Number paragraph `p` from its list: through its style when the style carries docgen's list
        at that level, else directly (a firm's style without numbering, a level below the styles).
        `direct`: always directly too (LibreOffice numbers by style only the style a list level names)."""
        nid = N.NUM_IDS[(scheme, role)]
        if direct or self.style_num.get(style) != (str(nid), str(level - 1)):
            X.set_numbering(p, nid, level - 1)

    def listed(self, scheme, level) -> bool:
        """Whether a clause of this numbering and level is numbered by Word (the front sections' are not)."""
        return scheme in N.SCHEMES and any(p.name == scheme for p in self.doc.meta.numbering) and level >= 1

    def mark(self, first, anchors, brk):
        """Bookmarks for `anchors` on the first paragraph of `first`; the owed page break on that
        paragraph, or on a spacer before it when `first` is a table."""
        if first is None:
            return
        p = first if first.tag == qn("w:p") else next(first.iter(qn("w:p")), None)
        if p is None:
            return
        if anchors:
            self.bm_id = X.add_bookmarks(p, [X.bookmark_name(a) for a in anchors], self.bm_id)
        if brk:
            if first.tag == qn("w:tbl"):
                first.addprevious(X.spacer(page_break_before=True))
            else:
                X.set_page_break_before(p)

    def runs(self, runs) -> list:
        out = []
        for r in runs:
            if isinstance(r, XRef):
                english = self.bilingual and self.lang == "en"
                # the sequential layout already points English references at the English twin
                target = r.target[:-len(F.EN)] if english and r.target.endswith(F.EN) else r.target
                info = self.targets.get(target)
                info = info if info is not None and self.listed(info.scheme, info.level) else None
                out += F.xref(r.text, target, info, english=english,
                              page=self.pages.get(self.lang))
            elif isinstance(r, TermUse):
                out.append(X.run(r.text, bold=r.defining))
            elif isinstance(r, Run):
                out.append(X.run(r.text, bold=r.bold, italic=r.italic, underline=r.underline))
            else:
                out.append(X.run(getattr(r, "text", str(r))))
        return out

    # ------------------------------------------------------------------ blocks
    def block(self, b, into=None, *, indent=0, in_cell=False, ragged=False):
        """Write one block; returns the first element written (for bookmarks and page breaks)."""
        if b is None:
            return self.put(X.paragraph("BodyText"), into)
        if getattr(b, "lang", None):
            self.lang = b.lang
        if isinstance(b, Heading):
            return self.heading(b, into=into, jc="left" if in_cell else None)
        if isinstance(b, Para):
            return self.para(b, into, indent=indent, ragged=ragged)
        if isinstance(b, ListBlock):
            return self.list(b, into, indent, ragged)
        if isinstance(b, Table):
            return self.table(b, into)
        if isinstance(b, Figure):
            return self.figure(b, into)
        if isinstance(b, SignatureBlock):
            return self.signatures(b, into)
        if isinstance(b, PageBreak):
            if into is None:
                self.brk = True
                return None
            return self.put(X.page_break(), into)
        if isinstance(b, Toc):
            return self.toc(b, into)
        if isinstance(b, Cover):
            return self.cover(b, into)
        if isinstance(b, Parallel):
            return self.rows(RowGroup([Item(b)]), into)
        raise TypeError(f"the DOCX writer cannot print {type(b).__name__}")

    def heading(self, h: Heading, *, into=None, jc=None, para: Para | None = None):
        """A clause's or section's heading: numbered by Word when its numbering is a list (the title
        only is written), else the typed heading text. `para`: a `Parallel` heading row's side."""
        n = h.node
        level = common.level_of(n) if n is not None else h.level
        lang = para.lang if para is not None else getattr(n, "lang", None) or self.lang
        self.lang = lang
        number = para.number if para is not None else getattr(n, "number", None)
        text = para.text if para is not None else h.text
        if number and self.listed(self.scheme, level):
            role = self.role(lang)
            style = S.heading_style(self.scheme, role, min(level, 3))
            title = n.title if para is None else _strip_number(text, number, lang, level)
            p = X.paragraph(style, [X.run(title)] if title else [], jc=jc)
            self.numbered(p, style, self.scheme, role, level)
            return self.put(p, into)
        k = min(max(level, 1), 3)
        listed = bool(h.bookmark) and (para is None or lang == self.main)
        if isinstance(n, Section) and listed and k == 1:
            style = "Heading1Unnumbered"
        else:
            style = f"Heading{k}" if listed and not isinstance(n, Section) else f"Heading{k}Unlisted"
        return self.put(X.paragraph(style, [X.run(text)], jc=jc), into)

    def para(self, p: Para, into=None, *, indent=0, ragged=False, keep_next=False):
        """`ragged`: English in a half-width column, set left-aligned as in the PDF. A paragraph that
        starts with a title-less clause's number is a numbered "Clause Text" paragraph without it."""
        ind = 420 * (p.indent + indent)
        jc = _PARA_JC.get(p.style) or ("left" if ragged else None)
        style, runs, number = _PARA_STYLE.get(p.style, "BodyText"), p.runs, None
        if p.numbered >= 2 and p.number and self.listed(self.scheme, p.numbered):
            role = self.role(p.lang)
            style, number = S.text_style(self.scheme, role, min(p.numbered, 3)), (self.scheme, role)
            if runs and isinstance(runs[0], Run) and runs[0].text.startswith(p.number):
                runs = runs[1:]
        e = X.paragraph(style, self.runs(runs), jc=jc, ind_left=ind, keep_next=keep_next)
        if number:
            self.numbered(e, style, number[0], number[1], p.numbered, direct=True)
        return self.put(e, into)

    def list(self, b: ListBlock, into, indent, ragged=False):
        first = None
        start, self.list_start = self.list_start, 1  # an item on a row of its own keeps its number
        for i, item in enumerate(b.items, start):
            marker = f"{i}." if b.ordered else "•"
            for k, x in enumerate(item):
                if k == 0 and isinstance(x, Para):
                    left = 420 * (indent + x.indent + 1)
                    e = self.put(X.paragraph(_PARA_STYLE.get(x.style, "BodyText"),
                                             [X.run(marker + "\t")] + self.runs(x.runs), ind_left=left,
                                             ind_hanging=420, jc=_PARA_JC.get(x.style) or ("left" if ragged else None)),
                                 into)
                else:
                    e = self.block(x, into, indent=indent + 1, ragged=ragged)
                first = first if first is not None else e
        return first

    def figure(self, f: Figure, into=None):
        runs = []
        if f.png:  # a chart left blank (`pipeline.assemble(figures=False)`) has no picture to place
            inline = self.d.part.new_pic_inline(io.BytesIO(f.png), width=Mm(min(int(f.width_mm), 168)))
            runs.append(X.el("w:r", None, X.el("w:drawing", None, inline)))
        first = self.put(X.paragraph("BodyText", runs, jc="center", keep_next=bool(f.caption)), into)
        if f.caption:
            self.put(X.paragraph("FigureCaption", [X.run(f.caption)]), into)
        return first

    def toc(self, t: Toc, into=None):
        first = self.put(X.paragraph("TOCHeading", [X.run(t.title)], page_break_before=into is None), into)
        entries = common.toc_entries(self.doc)
        # the heading styles of the contents' levels, plus the annexes' and the unnumbered sections' (their
        # own styles); without \\u, so the English twins of a bilingual layout stay out as in the PDF
        depth = max((e.level for e in entries), default=1)
        extra = ",".join(f"{S.STYLE_NAMES[sid]},1" for sid in ("AnnexHeading1", "Heading1Unnumbered"))
        instr = f'TOC \\o "1-{depth}" \\h \\z \\t "{extra}"'
        if not entries:
            self.put(X.paragraph("TOC1", X.field_begin(instr) + X.field_end()), into)
        for i, e in enumerate(entries):
            bm = X.bookmark_name(e.anchor)
            kids = X.field_begin(instr) if i == 0 else []
            kids.append(X.hyperlink(bm, [X.run(e.text), X.run("\t")] + X.field(f"PAGEREF {bm} \\h")))
            if i == len(entries) - 1:
                kids += X.field_end()
            self.put(X.paragraph("TOC1" if e.level <= 1 else "TOC2", kids), into)
        self.brk = True
        return first

    def cover(self, c: Cover, into=None):
        first = self.put(X.paragraph("Title", [X.run(c.title)]), into)
        if c.subtitle:
            self.put(X.paragraph("Subtitle", [X.run(c.subtitle)]), into)
        for line in c.lines:
            self.put(X.paragraph("CoverLine", [X.run(line)]), into)
        self.brk = True
        return first

    def rows(self, g: RowGroup, into=None):
        half = X.TEXT_WIDTH // 2
        tbl = X.table([half, X.TEXT_WIDTH - half], "ParallelTable", borders_none=False)
        self.put(tbl, into)
        first = tbl
        for it in g.rows:
            self.scheme = it.scheme or self.scheme
            for p, anchors, start in _aligned(it.block, it.anchors):
                self.row(tbl, half, p, it.heading, anchors, start)
        return first

    def row(self, tbl, half, p: Parallel, heading, anchors, start=1):
        """One aligned row: the Chinese and the English, each side bookmarked (the English as `<id>--en`,
        what its cross-references point to); kept on one page when it is a heading or not long."""
        tr = X.row(cant_split=heading is not None or _row_lines(p) <= ROW_KEEP_LINES)
        zh, en = X.cell(half), X.cell(X.TEXT_WIDTH - half)
        tr.append(zh)
        tr.append(en)
        tbl.append(tr)
        firsts = []
        for side, cell in ((p.zh, zh), (p.en, en)):
            self.lang = "zh" if side is p.zh else "en"
            if heading is not None:
                paras = [b for b in side if isinstance(b, Para)]
                if paras:
                    firsts.append(self.heading(heading, into=cell, jc="left", para=paras[0]))
                else:
                    firsts.append(None)
            else:
                self.list_start = start
                out = [self.block(b, cell, in_cell=True, ragged=side is p.en) for b in side]
                firsts.append(next((f for f in out if f is not None), None))
            X.ensure_cell_paragraph(cell)
        self.mark(firsts[0] if firsts[0] is not None else zh, anchors, False)
        if anchors and firsts[1] is not None:
            self.mark(firsts[1], [a + F.EN for a in anchors], False)

    # ------------------------------------------------------------------ page furniture
    def furniture(self, has_cover: bool):
        sec = self.d.sections[0]
        X.set_section(sec._sectPr, title_page=has_cover)
        sec.different_first_page_header_footer = has_cover
        head = sec.header
        head.is_linked_to_previous = False
        m = self.doc.meta
        text = m.running_header or ""
        if not m.final:  # a draft says which: its date (from the deal or --date) and docgen's version
            text = f"{text}\u3000{m.date} · docgen {m.version}"
            if common.is_draft(self.doc) and m.draft_label:
                text = f"{m.draft_label}\u3000{text}"
        _replace_story(head._element, X.paragraph("Header", [X.run(text)]))
        foot = sec.footer
        foot.is_linked_to_previous = False
        kids = []
        for kind, value in common.footer_parts(self.doc):
            kids += [X.run(value)] if kind == "text" else X.field(value, "1")
        _replace_story(foot._element, X.paragraph("Footer", kids))
        if has_cover:
            _replace_story(sec.first_page_header._element, X.paragraph("Header", []))
            fh = sec.first_page_header._element.find(qn("w:p"))
            fh.find(qn("w:pPr")).append(X.el("w:pBdr", None, X.el("w:bottom", {"w:val": "nil"})))
            _replace_story(sec.first_page_footer._element, X.paragraph("Footer", []))

    def properties(self):
        m = self.doc.meta
        md = common.metadata(self.doc)
        stamp = when(m.date)
        cp = self.d.core_properties
        cp.title = md["title"] or ""
        cp.subject = md["subject"]
        cp.keywords = md["keywords"]
        cp.author = "docgen"
        cp.last_modified_by = "docgen"
        cp.comments = md["generator"]
        cp.category = m.document
        cp.identifier = common.identifier(self.doc, "docx")
        cp.version = m.version
        cp.language = m.lang
        cp.revision = 1
        cp.created = cp.modified = cp.last_printed = stamp

    # ------------------------------------------------------------------ document
    def write(self) -> None:
        has_cover = any(isinstance(b, Cover) for b in self.doc.blocks)
        for x in common.flatten(self.doc):
            if isinstance(x, RowGroup):
                brk = self.brk or x.page_break
                self.brk = False
                self.scheme = x.rows[0].scheme
                first = self.rows(x)
                self.mark(first, [], brk)
                continue
            brk = self.brk or x.page_break
            self.brk = False
            self.scheme = x.scheme
            first = self.block(x.block)
            if first is None:  # a page break: owed to what follows, with the anchors
                self.brk = self.brk or brk
                if x.anchors:
                    self.mark(self.put(X.paragraph("BodyText")), x.anchors, False)
                continue
            self.mark(first, x.anchors, brk)
        _keep_closing_lines(self.body)
        _separate_tables(self.body)
        self.furniture(has_cover)
        X.set_update_fields(self.d.settings.element)
        X.set_theme_font_lang(self.d.settings.element)
        self.properties()


def _keep_closing_lines(body) -> None:
    """A date line (a right-aligned line, or the line after a signature table) stays on the page of
    the block it closes: that block's last paragraph, or its table's last row, keeps with the next."""
    tbl, p_ = qn("w:tbl"), qn("w:p")
    for e in list(body):
        if e.tag != p_ or not len(e.findall(qn("w:r"))):
            continue
        jc = e.find(f"{qn('w:pPr')}/{qn('w:jc')}")
        prev = e.getprevious()
        after_signatures = prev is not None and prev.tag == tbl and X.table_style(prev) == "PlainTable"
        if not (after_signatures or (jc is not None and jc.get(qn("w:val")) == "right")):
            continue
        if prev is not None and prev.tag == p_:
            X.set_keep_next(prev)
        elif prev is not None and prev.tag == tbl:
            rows = prev.findall(qn("w:tr"))
            for q in rows[-1].iter(p_) if rows else ():
                X.set_keep_next(q)
    # the parallel layout: a row of closing lines keeps the row before it on its page
    for t in body.iter(tbl):
        if X.table_style(t) != "ParallelTable":
            continue
        rows = t.findall(qn("w:tr"))
        for before, row in zip(rows, rows[1:]):
            paras = [q for q in row.iter(p_) if len(q.findall(qn("w:r")))]
            if paras and all(_jc(q) == "right" for q in paras):
                for q in before.iter(p_):
                    X.set_keep_next(q)


def _jc(p) -> str | None:
    jc = p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    return jc.get(qn("w:val")) if jc is not None else None


def _separate_tables(container) -> None:
    """A spacer between touching tables, which Word would otherwise merge into one."""
    tbl = qn("w:tbl")
    for e in list(container):
        nxt = e.getnext()
        if e.tag == tbl and nxt is not None and nxt.tag == tbl:
            e.addnext(X.spacer())


def _replace_story(story_el, p) -> None:
    for child in list(story_el):
        story_el.remove(child)
    story_el.append(p)


def write_docx(doc: Document, *, reference_docx: bytes | None = None, options: WriterOptions = DEFAULT) -> bytes:
    """The DOCX of a layout tree, styled by `reference_docx` (default: `options.reference_docx`, else
    docgen's own reference)."""
    common.check_layout_tree(doc)
    if reference_docx is not None:
        options = replace(options, reference_docx=reference_docx)
    d = open_document(options, doc.meta.numbering, "en" if doc.meta.lang.startswith("en") else "zh")
    _Writer(d, doc, options).write()
    buf = io.BytesIO()
    d.save(buf)
    return rezip(buf.getvalue(), when(doc.meta.date))


def _strip_number(text: str, number: str, lang: str, level: int) -> str:
    """A heading row's text without its typed number and the separator after it."""
    if not text.startswith(number):
        return text
    rest = text[len(number):]
    sep = number_sep(lang, level)
    return rest[len(sep):] if rest.startswith(sep) else rest.lstrip()


def _aligned(p: Parallel, anchors) -> list[tuple[Parallel, list]]:
    """A row whose two sides are one list each, of as many items: one row per item, so that item n of
    the Chinese stands beside item n of the English (the anchors on the first)."""
    if (p.heading == 0 and len(p.zh) == 1 and len(p.en) == 1 and isinstance(p.zh[0], ListBlock)
            and isinstance(p.en[0], ListBlock) and len(p.zh[0].items) == len(p.en[0].items) > 1):
        zl, el_ = p.zh[0], p.en[0]
        return [(Parallel(zh=(replace(zl, items=(zi,)),), en=(replace(el_, items=(ei,)),)), anchors if k == 0 else [],
                 k + 1) for k, (zi, ei) in enumerate(zip(zl.items, el_.items))]
    return [(p, anchors, 1)]


def _row_lines(p: Parallel) -> int:
    """A rough count of the lines a row takes (the longer side): half-width columns hold about 20
    Chinese characters or 45 Latin ones a line."""
    def lines(side, per_line):
        text = "".join(getattr(b, "text", "") for b in side if isinstance(b, Para))
        items = sum(len(b.items) for b in side if isinstance(b, ListBlock))
        return len(text) // per_line + len(side) + 2 * items + sum(5 for b in side if not isinstance(b, (Para, ListBlock)))
    return max(lines(p.zh, 20), lines(p.en, 45))
