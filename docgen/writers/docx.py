"""Layout tree → DOCX (python-docx; raw XML through `docgen.writers.ooxml`).

Styles come from a reference DOCX, like pandoc: `templates/style/reference.docx` by default (built by
`build_reference()`; East Asian fonts in docDefaults and every docgen style, theme fonts removed,
`w:lang w:eastAsia="zh-CN"`), or a firm's own file passed as `reference_docx` — its styles win, and
docgen adds only the styles it lacks. Paragraphs carry style ids, never fonts, so restyling the
reference restyles the document.

Clause numbers are literal text in the headings ("Article 5 Purchase Price"), exactly as the PDF prints them:
the numbers come from assembly (renumbered after conditional clauses drop out, cross-references
resolved), and a Word list definition would have to re-derive them per language and layout.

Output is byte-identical for the same tree: core-property dates from `DocMeta.date`, zip members
rewritten in a fixed order with a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace
from functools import lru_cache

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from docgen.tree import (
    Cell,
    Cover,
    Document,
    Figure,
    ListBlock,
    PageBreak,
    Para,
    Parallel,
    Run,
    SignatureBlock,
    Table,
    TermUse,
    Toc,
    XRef,
)
from docgen.writers import common
from docgen.writers import ooxml as X
from docgen.writers.colwidths import table_widths
from docgen.writers.common import Heading, Item, RowGroup
from docgen.writers.options import DEFAULT, WriterOptions

REFERENCE = DEFAULT.style_dir / "reference.docx"

_PARA_STYLE = {"body": "BodyText", "center": "BodyText", "right": "BodyText", "note": "BodyTextSmall",
               "small": "BodyTextSmall", "quote": "Quote", "address": "BodyText"}
_PARA_JC = {"center": "center", "right": "right", "address": "left"}


# ----------------------------------------------------------------------------- reference document
def build_reference(options: WriterOptions = DEFAULT) -> bytes:
    """docgen's reference DOCX: python-docx's blank document with docgen's styles, A4 and CJK fonts."""
    d = docx.Document()
    styles = d.styles.element
    X.set_east_asian_defaults(styles, font=options.body_font)
    X.install_styles(styles, only_missing=False)
    X.set_section(d.sections[0]._sectPr, title_page=False)
    X.set_theme_font_lang(d.settings.element)
    for rel in list(d.part.rels.values()):  # Word 2010's duplicate style part: not ours to keep in sync
        if rel.reltype.endswith("/stylesWithEffects"):
            d.part.drop_rel(rel.rId)
    pkg_rels = d.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del pkg_rels[rid]
    cp = d.core_properties
    cp.title, cp.author, cp.last_modified_by, cp.revision = "docgen reference", "docgen", "docgen", 1
    cp.created = cp.modified = cp.last_printed = dt.datetime(2024, 1, 1)
    cp.comments = "Restyle this file and pass it as --reference-docx."
    buf = io.BytesIO()
    d.save(buf)
    return rezip(buf.getvalue(), dt.datetime(2024, 1, 1))


@lru_cache(maxsize=4)
def _reference_bytes(style_dir) -> bytes:
    try:
        return (style_dir / "reference.docx").read_bytes()
    except FileNotFoundError:
        return build_reference()


def _open(options: WriterOptions):
    ref = options.reference_docx
    d = docx.Document(io.BytesIO(ref if ref is not None else _reference_bytes(options.style_dir)))
    X.install_styles(d.styles.element, only_missing=True)
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return d


def rezip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with members in their order, one fixed timestamp and fixed attributes."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            zout.writestr(zi, zin.read(info.filename))
    return out.getvalue()


def _when(date: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(date[:10]), dt.time(0, 0))
    except ValueError:
        return dt.datetime(2000, 1, 1)


# ----------------------------------------------------------------------------- the writer
class _Writer:
    def __init__(self, d, doc: Document, options: WriterOptions):
        self.d = d
        self.doc = doc
        self.head_font = options.head_font
        self.body = d.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        self.bm_id = 1
        self.brk = False  # a page break is owed to the next top-level paragraph
        self.images: dict[bytes, object] = {}

    # ------------------------------------------------------------------ plumbing
    def put(self, e, into=None):
        if into is None:
            if self.sect is not None:
                self.sect.addprevious(e)
            else:
                self.body.append(e)
        else:
            into.append(e)
        return e

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
                out.append(X.hyperlink(X.bookmark_name(r.target), [X.run(r.text)]))
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
        if isinstance(b, Heading):
            return self.heading(b.level, b.text, listed=bool(b.bookmark), into=into, jc="left" if in_cell else None)
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

    def heading(self, level, text, *, listed, into=None, jc=None):
        n = min(max(level, 1), 3)
        style = f"Heading{n}" if listed else f"Heading{n}Unlisted"
        return self.put(X.paragraph(style, [X.run(text)], jc=jc), into)

    def para(self, p: Para, into=None, *, indent=0, ragged=False):
        """`ragged`: English in a half-width column, set left-aligned as in the PDF."""
        ind = 420 * (p.indent + indent)
        jc = _PARA_JC.get(p.style) or ("left" if ragged else None)
        return self.put(X.paragraph(_PARA_STYLE.get(p.style, "BodyText"), self.runs(p.runs),
                                    jc=jc, ind_left=ind), into)

    def list(self, b: ListBlock, into, indent, ragged=False):
        first = None
        for i, item in enumerate(b.items, 1):
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

    def table(self, t: Table, into=None):
        rel = table_widths(t)
        width = X.TEXT_WIDTH
        widths = [int(width * x / (sum(rel) or 1)) for x in rel]
        widths[-1] += width - sum(widths)
        first = None
        if t.caption:
            first = self.put(X.paragraph("Caption", [X.run(t.caption)]), into)
        tbl = X.table(widths, "DataTable", look_first_row=bool(t.header))
        for hrow in t.header:
            tr = X.row(header=True, cant_split=True)
            col = 0
            for c in hrow:
                c = c if isinstance(c, Cell) else Cell(str(c))
                w = sum(widths[col:col + c.colspan])
                tc = X.cell(w, span=c.colspan, fill="E8ECF2", valign="center")
                tc.append(X.paragraph("TableText", [X.run(c.text, bold=True, font=self.head_font)], jc="center"))
                tr.append(tc)
                col += c.colspan
            tbl.append(tr)
        first_total = len(t.rows) - t.total_rows if t.total_rows else len(t.rows)
        for i, brow in enumerate(t.rows):
            tr = X.row(cant_split=True)
            col = 0
            total = i >= first_total
            for c in brow:
                c = c if isinstance(c, Cell) else Cell(str(c))
                a = t.align[col] if col < len(t.align) else "l"
                w = sum(widths[col:col + c.colspan])
                tc = X.cell(w, span=c.colspan, top_rule=(i == first_total))
                tc.append(X.paragraph("TableText", [X.run(c.text, bold=c.bold or total)],
                                      jc={"r": "right", "c": "center"}.get(a, "left")))
                tr.append(tc)
                col += c.colspan
            tbl.append(tr)
        self.put(tbl, into)
        first = first if first is not None else tbl
        if t.note:
            self.put(X.paragraph("TableNote", [X.run(t.note)]), into)
        return first

    def figure(self, f: Figure, into=None):
        inline = self.d.part.new_pic_inline(io.BytesIO(f.png), width=Mm(min(int(f.width_mm), 168)))
        r = X.el("w:r", None, X.el("w:drawing", None, inline))
        first = self.put(X.paragraph("BodyText", [r], jc="center", keep_next=bool(f.caption)), into)
        if f.caption:
            self.put(X.paragraph("FigureCaption", [X.run(f.caption)]), into)
        return first

    def signatures(self, s: SignatureBlock, into=None):
        """The signature page: a new page; per pair of parties a table of rows (party, seal box, signer
        line, date line) so that the two columns line up, rows kept together."""
        first = None
        if s.note:
            first = self.put(X.paragraph("BodyText", [X.run(s.note)], jc="center", space_after=360), into)
        half = X.TEXT_WIDTH // 2
        box = int(38 * X.MM)
        for pair in common.signature_pairs(s):
            tbl = X.table([half, X.TEXT_WIDTH - half], "PlainTable")

            def add_row(fill):
                tr = X.row(cant_split=True)
                for k in range(2):
                    tc = X.cell(half, valign="bottom")
                    if k < len(pair):
                        fill(tc, pair[k])
                    X.ensure_cell_paragraph(tc)
                    tr.append(tc)
                tbl.append(tr)

            def party(tc, c):
                tc.append(X.paragraph("SignatureText", [X.run(c.role, bold=True, font=self.head_font)], keep_next=True))
                tc.append(X.paragraph("SignatureText", [X.run(c.name)], space_after=160, keep_next=True))

            def seal(tc, c):
                if c.seal:
                    t = X.table([box], "PlainTable")
                    tr = X.row(cant_split=True, height=box, exact=True)
                    bc = X.cell(box, dashed_box=True, valign="center")
                    bc.append(X.paragraph("SealBox", [X.run(c.seal)], keep_next=True))
                    tr.append(bc)
                    t.append(tr)
                    tc.append(t)
                tc.append(X.paragraph("SignatureText", [], space_after=120, keep_next=True))

            def line(key, last):
                def fill(tc, c):
                    tc.append(X.paragraph("SignatureText", [X.run(getattr(c, key))], keep_next=True))
                    tc.append(X.paragraph("SignatureText", [], border_bottom=True, space_after=400 if last else 200,
                                          keep_next=not last))
                return fill

            add_row(party)
            if any(c.seal for c in pair):
                add_row(seal)
            add_row(line("signer", False))
            add_row(line("date", True))
            self.put(tbl, into)
            first = first if first is not None else tbl
        if into is None and first is not None:
            self.mark(first, [], True)
        return first

    def toc(self, t: Toc, into=None):
        first = self.put(X.paragraph("TOCHeading", [X.run(t.title)], page_break_before=into is None), into)
        entries = common.toc_entries(self.doc)
        instr = 'TOC \\o "1-2" \\h \\z \\u'
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
            p: Parallel = it.block
            heading = it.heading
            tr = X.row(cant_split=heading is not None)
            zh, en = X.cell(half), X.cell(X.TEXT_WIDTH - half)
            tr.append(zh)
            tr.append(en)
            tbl.append(tr)
            if heading is not None:
                zt = "".join(b.text for b in p.zh if isinstance(b, Para))
                et = "".join(b.text for b in p.en if isinstance(b, Para))
                hz = self.heading(heading.level, zt, listed=bool(heading.bookmark), into=zh, jc="left")
                self.heading(heading.level, et, listed=False, into=en, jc="left")
                self.mark(hz, it.anchors, False)
            else:
                firsts = [self.block(b, zh, in_cell=True) for b in p.zh]
                for b in p.en:
                    self.block(b, en, in_cell=True, ragged=True)
                X.ensure_cell_paragraph(zh)
                self.mark(next((f for f in firsts if f is not None), zh), it.anchors, False)
            X.ensure_cell_paragraph(zh)
            X.ensure_cell_paragraph(en)
        return first

    # ------------------------------------------------------------------ page furniture
    def furniture(self, has_cover: bool):
        sec = self.d.sections[0]
        X.set_section(sec._sectPr, title_page=has_cover)
        sec.different_first_page_header_footer = has_cover
        head = sec.header
        head.is_linked_to_previous = False
        text = self.doc.meta.running_header or ""
        if common.is_draft(self.doc) and self.doc.meta.draft_label:
            text = f"{self.doc.meta.draft_label}\u3000{text}"
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
        when = _when(m.date)
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
        cp.created = cp.modified = cp.last_printed = when

    # ------------------------------------------------------------------ document
    def write(self) -> None:
        has_cover = any(isinstance(b, Cover) for b in self.doc.blocks)
        for x in common.flatten(self.doc):
            if isinstance(x, RowGroup):
                brk = self.brk or x.page_break
                self.brk = False
                first = self.rows(x)
                self.mark(first, [], brk)
                continue
            brk = self.brk or x.page_break
            self.brk = False
            first = self.block(x.block)
            if first is None:  # a page break: owed to what follows, with the anchors
                self.brk = self.brk or brk
                if x.anchors:
                    self.mark(self.put(X.paragraph("BodyText")), x.anchors, False)
                continue
            self.mark(first, x.anchors, brk)
        _separate_tables(self.body)
        self.furniture(has_cover)
        X.set_update_fields(self.d.settings.element)
        X.set_theme_font_lang(self.d.settings.element)
        self.properties()


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
    d = _open(options)
    _Writer(d, doc, options).write()
    buf = io.BytesIO()
    d.save(buf)
    return rezip(buf.getvalue(), _when(doc.meta.date))
