"""Layout tree → HTML for WeasyPrint (`to_html`).

Every piece of user text goes through `esc` (deal text holding `<script>`, `{{ }}` or `&` prints as
is). The page furniture that depends on the document (running header, footer wording) is a short
`<style>` in the head; the rest is `templates/style/pdf.css`.

The parallel layout is one `table-layout: fixed` table per run of `Parallel` rows (heading rows keep
with the next row, long rows split across pages). `bench/bench_writers.py --compare-parallel`, 40 clause
rows in WeasyPrint 70: one table 0.6–0.7 s, a table per row about the same, a grid per row 2.6 s, flex
2.3 s; a single grid/flex row taller than a page took ≈100 s.
"""

from __future__ import annotations

import base64
import math
import html as _html
from functools import lru_cache
from pathlib import Path

from docgen.tree import (
    LANG_TAGS,
    LANGS,
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
from docgen.writers.colwidths import PDF, table_plan
from docgen.writers.font_metrics import width
from docgen.writers.common import Heading, Item, RowGroup
from docgen.writers.keeps import closing, keeps_with_next
from docgen.writers.options import DEFAULT, WriterOptions

CSS_FILE = DEFAULT.css


@lru_cache(maxsize=4)
def base_css(path: Path = CSS_FILE) -> str:
    return Path(path).read_text(encoding="utf-8")


def esc(s) -> str:
    """HTML-escape user text; a newline becomes a line break."""
    if s is None:
        return ""
    return _html.escape(str(s), quote=True).replace("\n", "<br>")


def css_string(s: str) -> str:
    """A CSS string literal holding `s` literally (quotes, backslashes, `<` escaped)."""
    out = []
    for ch in s:
        if ch in '"\\<>&' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def page_css(doc: Document) -> str:
    """The rules that depend on this document: running header, footer wording, draft watermark."""
    parts = []
    for kind, value in common.footer_parts(doc):
        if kind == "text":
            parts.append(css_string(value))
        else:
            parts.append("counter(page)" if value == "PAGE" else "counter(pages)")
    return (
        "@page{@top-center{content:%s}@bottom-center{content:%s}}"
        "@page cover{@top-center{content:none;border:none}@bottom-center{content:none}}"
        % (css_string(doc.meta.running_header or ""), " ".join(parts))
    ) + (WATERMARK_CSS if common.is_draft(doc) else "")


# outlines, not text: the watermark never mixes into the text a reader (or pdftotext) extracts
WATERMARK_CSS = "@page{background:url(watermark.svg) no-repeat center/150mm auto}"


class _Writer:
    def __init__(self, doc: Document, pages: dict[str, int] | None = None):
        self.doc = doc
        self.pages = pages or {}  # anchor -> page, from an earlier layout (see pdf.render)
        self.layout = doc.meta.layout
        self.out: list[str] = []
        self.w = self.out.append
        self.in_side = False  # printing one side of a `Parallel` row

    def page_attr(self, target: str) -> str:
        """The page a link's target stands on, where an earlier layout knows it: the stylesheet prints it
        instead of WeasyPrint's `target-counter`, which keeps the page where a heading was first placed
        when a keep rule then moves the heading to the next page."""
        page = self.pages.get(target)
        return f' data-page="{page}"' if page else ""

    # ------------------------------------------------------------------ inline
    def runs(self, runs, lang) -> str:
        parts = []
        paged = set()  # a target's page is printed once a paragraph: "Annex 1 (p. 51) … Annex 1 …"
        for r in runs:
            if isinstance(r, XRef):
                # the class picks the page-number suffix (in the paragraph's language) the stylesheet prints
                cls = f"xref {lang}" if r.target not in paged else "xref"
                paged.add(r.target)
                parts.append(f'<a class="{cls}" href="#{esc(r.target)}"{self.page_attr(r.target)}>{esc(r.text)}</a>')
            elif isinstance(r, TermUse):
                parts.append(f'<b class="term">{esc(r.text)}</b>' if r.defining else esc(r.text))
            elif isinstance(r, Run):
                t = esc(r.text)
                if r.bold:
                    t = f"<b>{t}</b>"
                if r.italic:
                    t = f"<i>{t}</i>"
                if r.underline:
                    t = f"<u>{t}</u>"
                parts.append(t)
            else:
                parts.append(esc(getattr(r, "text", r)))
        return "".join(parts)

    @staticmethod
    def attrs(anchors, classes, extra="") -> str:
        a = f' id="{esc(anchors[0])}"' if anchors else ""
        c = f' class="{" ".join(classes)}"' if classes else ""
        return a + c + extra

    @staticmethod
    def spare(anchors) -> str:
        """Anchors beyond the first: empty spans (an element has one id)."""
        return "".join(f'<span id="{esc(a)}"></span>' for a in anchors[1:])

    # ------------------------------------------------------------------ blocks
    # the method that prints each kind of block with its anchors and classes
    BLOCKS = {Heading: "heading", Para: "para", ListBlock: "list", Table: "table", Figure: "figure",
              SignatureBlock: "signatures", Toc: "toc"}

    def block(self, b, anchors=(), brk=False):
        cls = ["pb"] if brk else []
        if b is None:
            self.w(f"<div{self.attrs(anchors, cls + ['anchor'])}>{self.spare(anchors)}</div>")
        elif type(b) in self.BLOCKS:
            getattr(self, self.BLOCKS[type(b)])(b, anchors, cls)
        elif isinstance(b, PageBreak):
            self.w(f"<div{self.attrs(anchors, ['pb', 'brk'])}>{self.spare(anchors)}</div>")
        elif isinstance(b, Cover):
            self.cover(b, anchors)
        elif isinstance(b, Parallel):
            self.rows(RowGroup([Item(b, list(anchors))], page_break=brk))
        else:
            raise TypeError(f"the HTML writer cannot print {type(b).__name__}")

    def heading(self, h: Heading, anchors, cls):
        n = min(max(h.level, 1), 4)
        classes = cls + [f"h{n}"]
        extra = ""
        if h.bookmark:
            classes.append(f"bm{min(h.level, 3)}")
            if h.bookmark != h.text:
                extra = f' data-bm="{esc(h.bookmark)}"'
                classes.append("bml")
        self.w(f"<h{n}{self.attrs(anchors, classes, extra)}>{self.spare(anchors)}{esc(h.text)}</h{n}>")

    def para(self, p: Para, anchors=(), cls=()):
        classes = list(cls)
        if p.style != "body":
            classes.append(f"s-{p.style}")
        if p.indent:
            classes.append(f"i{min(p.indent, 4)}")
        extra, body = self.lang_attr(p.lang), self.runs(p.runs, p.lang)
        if common.hangs(p):
            # the label in a box as wide as the label rounded up to a whole em (the Typst template's tab), so
            # that the text of (a) and (b) starts at one place and justification never stretches the space
            # after the label; the next lines start under the text
            label = p.runs[0]
            tab = math.ceil(width(getattr(label, "text", ""), "serif-bold" if getattr(label, "bold", False) else "serif"))
            classes.append("hang")
            extra += f' style="padding-left:{tab}em;text-indent:-{tab}em"'
            body = f'<span class="lbl" style="min-width:{tab}em">{self.runs(p.runs[:1], p.lang)}</span>{self.runs(p.runs[1:], p.lang)}'
        self.w(f"<p{self.attrs(anchors, classes, extra)}>{self.spare(anchors)}{body}</p>")

    def list(self, b: ListBlock, anchors=(), cls=()):
        tag = "ol" if b.ordered else "ul"
        self.w(f"<{tag}{self.attrs(anchors, list(cls))}>{self.spare(anchors)}")
        for item in b.items:
            self.w("<li>")
            for x in item:
                self.block(x)
            self.w("</li>")
        self.w(f"</{tag}>")

    def table(self, t: Table, anchors=(), cls=()):
        # a table in one side of a parallel row has half the text width (none in the sample packs)
        plan = table_plan(t, PDF.half() if self.in_side else PDF)
        total = sum(plan.widths) or 1
        w = self.w
        classes = list(cls) + ["dt"] + (["land"] if plan.landscape else [])
        size = f' style="font-size:{plan.font_pt:g}pt"' if plan.font_pt != PDF.font_pt else ""
        w(f"<table{self.attrs(anchors, classes, size)}>")
        if t.caption:
            w(f"<caption>{self.spare(anchors)}{esc(t.caption)}</caption>")
        w("<colgroup>" + "".join(f'<col style="width:{100 * x / total:.3f}%">' for x in plan.widths) + "</colgroup>")
        if t.header:
            w("<thead>")
            for row in t.header:
                w("<tr>" + "".join(self.cell(c, "th", None) for c in row) + "</tr>")
            w("</thead>")
        w("<tbody>")
        first_total = len(t.rows) - t.total_rows if t.total_rows else len(t.rows)
        for i, row in enumerate(t.rows):
            # "tot": bold and ruled; "kp": no page break before this row (`docgen.writers.keeps`)
            rc = ["tot"] if i >= first_total else []
            if i and keeps_with_next(i - 1, len(t.rows), first_total):
                rc.append("kp")
            tr = f'<tr class="{" ".join(rc)}">' if rc else "<tr>"
            col = 0
            cells = []
            for c in row:
                a = t.align[col] if col < len(t.align) else "l"
                cells.append(self.cell(c, "td", a))
                col += c.colspan if isinstance(c, Cell) else 1
            w(tr + "".join(cells) + "</tr>")
        w("</tbody></table>")
        if t.note:
            w(f'<p class="tnote">{esc(t.note)}</p>')

    @staticmethod
    def cell(c, tag, align) -> str:
        if not isinstance(c, Cell):
            c = Cell("" if c is None else str(c))
        attrs = []
        if c.colspan > 1:
            attrs.append(f' colspan="{c.colspan}"')
        if align in ("r", "c"):
            attrs.append(f' class="{align}"')
        text = esc(c.text)
        if c.bold and tag == "td":
            text = f"<b>{text}</b>"
        return f"<{tag}{''.join(attrs)}>{text}</{tag}>"

    def figure(self, f: Figure, anchors=(), cls=()):
        data = base64.b64encode(f.svg).decode("ascii")
        self.w(
            f'<figure{self.attrs(anchors, list(cls))}>{self.spare(anchors)}'
            f'<img src="data:image/svg+xml;base64,{data}" style="width:{int(f.width_mm)}mm" alt="">'
        )
        if f.caption:
            self.w(f"<figcaption>{esc(f.caption)}</figcaption>")
        self.w("</figure>")

    def signatures(self, s: SignatureBlock, anchors=(), cls=()):
        w = self.w
        w(f"<div{self.attrs(anchors, list(cls) + ['sigs'])}>{self.spare(anchors)}")
        if s.note:
            w(f'<p class="signote">{esc(s.note)}</p>')
        for pair in common.signature_pairs(s):
            pad = "<td></td>" * (2 - len(pair))
            w('<table class="sig"><colgroup><col style="width:50%"><col style="width:50%"></colgroup><tbody>')
            w("<tr>" + "".join(f'<td><p class="role">{esc(c.role)}</p><p class="name">{esc(c.name)}</p></td>'
                              for c in pair) + pad + "</tr>")
            if any(c.seal for c in pair):
                w("<tr>" + "".join(f'<td><div class="seal">{esc(c.seal)}</div></td>' if c.seal else "<td></td>"
                                  for c in pair) + pad + "</tr>")
            for key in ("signer", "date"):
                w(f'<tr class="{key}">' + "".join(f'<td><p class="sl">{esc(getattr(c, key))}</p></td>' for c in pair)
                  + pad + "</tr>")
                w('<tr class="lines">' + '<td><div class="line"></div></td>' * len(pair) + pad + "</tr>")
            w("</tbody></table>")
        w("</div>")

    def toc(self, t: Toc, anchors=(), cls=()):
        w = self.w
        w(f"<nav{self.attrs(anchors, list(cls) + ['toc'])}>{self.spare(anchors)}")
        w(f'<p class="toc-title">{esc(t.title)}</p><ul>')
        for e in common.toc_entries(self.doc):
            w(f'<li class="t{e.level}"><a href="#{esc(e.anchor)}"{self.page_attr(e.anchor)}>{esc(e.text)}</a></li>')
        w("</ul></nav>")

    def cover(self, c: Cover, anchors=()):
        w = self.w
        w(f"<section{self.attrs(anchors, ['cover'])}>{self.spare(anchors)}")
        w(f'<p class="cover-title">{esc(c.title)}</p>')
        if c.subtitle:
            w(f'<p class="cover-sub">{esc(c.subtitle)}</p>')
        if c.lines:
            w('<div class="cover-lines">' + "".join(f"<p>{esc(x)}</p>" for x in c.lines) + "</div>")
        w("</section>")

    def lang_attr(self, lang) -> str:
        """` lang=…` on a paragraph whose language is not its document's (the sequential layout's English
        half): the stylesheet sets English quotation marks and hyphenation by it. Not inside a parallel
        side, whose cell says it already."""
        tag = LANG_TAGS.get(lang) if lang and not self.in_side else None
        return f' lang="{tag}"' if tag and tag != self.doc.meta.lang else ""

    def side(self, lang: str) -> str:
        """The opening of one side of a `Parallel` row; `lang` marked where it is not the document's."""
        tag = LANG_TAGS[lang]
        return f'<td class="{lang}"' + (f' lang="{tag}">' if tag != self.doc.meta.lang else ">")

    def rows(self, g: RowGroup):
        w = self.w
        w(f'<table class="par{" pb" if g.page_break else ""}"><colgroup><col><col></colgroup><tbody>')
        for it in g.rows:
            p: Parallel = it.block
            if it.heading is not None:
                h = it.heading
                w('<tr class="hr">')
                for lang in LANGS:  # the bookmark and the anchors on the Chinese heading
                    text = "".join(b.text for b in getattr(p, lang) if isinstance(b, Para))
                    first = lang == LANGS[0]
                    w(self.side(lang))
                    self.heading(Heading(h.level, text, h.bookmark if first else None), it.anchors if first else (), [])
                    w("</td>")
                w("</tr>")
                continue
            w(f"<tr{self.attrs(it.anchors, ['kp'] if closing(p) else [])}>")
            self.in_side = True
            for lang in LANGS:
                w(self.side(lang))
                if lang == LANGS[0]:
                    self.w(self.spare(it.anchors))
                for b in getattr(p, lang):
                    self.block(b)
                w("</td>")
            self.in_side = False
            w("</tr>")
        w("</tbody></table>")

    # ------------------------------------------------------------------ document
    def document(self, css: str | None) -> str:
        doc, m = self.doc, self.doc.meta
        md = common.metadata(doc)
        w = self.w
        w(f'<!DOCTYPE html><html lang="{esc(m.lang)}" class="l-{esc(m.layout)}"><head><meta charset="utf-8">')
        w(f"<title>{esc(md['title'])}</title>")
        w(f'<meta name="description" content="{esc(md["subject"])}">')
        w(f'<meta name="keywords" content="{esc(md["keywords"])}">')
        w(f'<meta name="generator" content="{esc(md["generator"])}">')
        w(f'<meta name="dcterms.created" content="{esc(md["date"])}">')
        w(f'<meta name="dcterms.modified" content="{esc(md["date"])}">')
        if css is not None:
            w(f"<style>{css}</style>")
        items = common.flatten(doc)
        turns = any(not isinstance(x, RowGroup) and isinstance(x.block, Table) and table_plan(x.block, PDF).landscape
                    for x in items)
        body = '<body class="turns">' if turns else "<body>"
        w(f"<style>{page_css(doc)}</style></head>{body}")
        for x in items:
            if isinstance(x, RowGroup):
                self.rows(x)
            else:
                self.block(x.block, x.anchors, x.page_break)
        w("</body></html>")
        return "".join(self.out)


def to_html(doc: Document, *, embed_css: bool = True, options: WriterOptions = DEFAULT,
            pages: dict[str, int] | None = None) -> str:
    """The layout tree as one HTML document (with the stylesheet inlined unless `embed_css` is false);
    `pages` (anchor -> page) prints the pages of cross-references and contents entries as known."""
    common.check_layout_tree(doc)
    return _Writer(doc, pages).document(base_css(options.css) if embed_css else None)
