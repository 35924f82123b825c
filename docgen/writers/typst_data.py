"""Layout tree → the JSON data the Typst template prints (`document_data`).

Deal text never becomes Typst code: the template (templates/style/typst/document.typ) is fixed, and
the document reaches it as JSON in an in-memory file, read with `json()`; every string stays a string and
is printed as text. This module only reshapes the flattened tree (`docgen.writers.common.flatten`)
into plain dicts and lists: block kind `k`, the anchors `ids` that start on it, `pb` for a page break
before it.
"""

from __future__ import annotations

import datetime as dt

from docgen.tree import (
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
from docgen.writers.colwidths import table_plan, table_widths
from docgen.writers.common import Heading, Item, RowGroup

EN_TWIN = "--en"  # docgen.layout.EN_SUFFIX: the id of a clause's English twin in the sequential layout
MIME = {"yaml": "application/yaml", "yml": "application/yaml", "csv": "text/csv", "json": "application/json",
        "txt": "text/plain", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _s(x) -> str:
    return "" if x is None else str(x)


def _closing(blocks) -> bool:
    """A signing line of a form (the party and seal, the signature, the date: right-aligned paragraphs),
    which stays on the page of the text it closes."""
    return bool(blocks) and all(isinstance(b, Para) and b.style == "right" for b in blocks)


class _Data:
    def __init__(self, doc: Document):
        self.doc = doc
        self.lang = doc.meta.lang.split("-")[0] if doc.meta.lang else "zh"
        self.items = common.flatten(doc)
        self.anchors = {a for x in self.items for it in (x.rows if isinstance(x, RowGroup) else [x])
                        for a in it.anchors}

    # ------------------------------------------------------------------ inline
    def runs(self, runs, lang) -> list[dict]:
        out, paged = [], set()  # a target's page is printed once a paragraph (as html.py does)
        for r in runs:
            if isinstance(r, XRef):
                d = {"t": _s(r.text)}
                # in the sequential layout an English reference goes to the clause's English twin
                target = r.target + EN_TWIN if lang == "en" and r.target + EN_TWIN in self.anchors else r.target
                if target in self.anchors:  # a link to nowhere is printed as plain text
                    d["x"] = target
                    if target not in paged:
                        d["pg"] = lang or self.lang
                    paged.add(target)
                out.append(d)
            elif isinstance(r, TermUse):
                out.append({"t": _s(r.text), "b": bool(r.defining)})
            elif isinstance(r, Run):
                out.append({"t": _s(r.text), "b": r.bold, "i": r.italic, "u": r.underline})
            else:
                out.append({"t": _s(getattr(r, "text", r))})
        return out

    # ------------------------------------------------------------------ blocks
    def block(self, b, anchors=(), brk=False, lang=None) -> dict:
        d = self._block(b, lang)
        d["ids"] = list(anchors)
        d["pb"] = bool(brk)
        return d

    def _block(self, b, lang) -> dict:
        if b is None:
            return {"k": "anchor"}
        if isinstance(b, Heading):
            return {"k": "h", "level": b.level, "text": b.text, "bm": b.bookmark, "lang": lang or self.lang}
        if isinstance(b, Para):
            return {"k": "p", "runs": self.runs(b.runs, b.lang or lang), "style": b.style, "indent": b.indent,
                    "lang": b.lang or lang or self.lang, "hang": common.hangs(b)}
        if isinstance(b, ListBlock):
            return {"k": "list", "ordered": b.ordered,
                    "items": [[self.block(x, lang=lang) for x in item] for item in b.items]}
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, Figure):
            svg = b.svg.decode("utf-8") if b.svg else ""
            return {"k": "fig", "svg": svg, "width": int(b.width_mm), "caption": _s(b.caption),
                    "lang": b.lang or self.lang}
        if isinstance(b, SignatureBlock):
            pairs = [[{"role": _s(c.role), "name": _s(c.name), "seal": c.seal, "signer": _s(c.signer),
                       "date": _s(c.date)} for c in pair] for pair in common.signature_pairs(b)]
            return {"k": "sig", "note": _s(b.note), "pairs": pairs, "lang": b.lang or self.lang}
        if isinstance(b, PageBreak):
            return {"k": "brk"}
        if isinstance(b, Toc):
            entries = [{"anchor": e.anchor, "text": e.text, "level": e.level}
                       for e in common.toc_entries(self.doc) if e.anchor in self.anchors]
            return {"k": "toc", "title": _s(b.title), "entries": entries, "lang": b.lang or self.lang}
        if isinstance(b, Cover):
            return {"k": "cover", "title": _s(b.title), "subtitle": _s(b.subtitle),
                    "lines": [_s(x) for x in b.lines], "lang": b.lang or self.lang}
        if isinstance(b, Parallel):
            return self.rows(RowGroup([Item(b)]))
        raise TypeError(f"the Typst writer cannot print {type(b).__name__}")

    def table(self, t: Table) -> dict:
        def cell(c) -> dict:
            if not isinstance(c, Cell):
                c = Cell(_s(c))
            return {"t": c.text, "b": c.bold, "span": max(1, c.colspan)}

        ncols = len(t.align) or max((sum(c.colspan for c in r) for r in t.header + t.rows), default=1)
        widths = table_widths(t)
        return {"k": "table", "caption": _s(t.caption), "widths": [round(w, 3) for w in widths],
                "align": [t.align[j] if j < len(t.align) else "l" for j in range(ncols)],
                "header": [[cell(c) for c in row] for row in t.header],
                "rows": [[cell(c) for c in row] for row in t.rows],
                "total": t.total_rows, "note": _s(t.note), "lang": t.lang or self.lang}

    def rows(self, g: RowGroup) -> dict:
        out = []
        for it in g.rows:
            p: Parallel = it.block
            row = {"ids": list(it.anchors)}
            for lang in LANGS:
                if it.heading is not None:  # each side one heading; the bookmark on the Chinese one
                    text = "".join(b.text for b in getattr(p, lang) if isinstance(b, Para))
                    bm = it.heading.bookmark if lang == LANGS[0] else None
                    row[lang] = [{"k": "h", "level": it.heading.level, "text": text, "bm": bm, "lang": lang,
                                  "left": True, "ids": [], "pb": False}]
                else:
                    row[lang] = [self.block(b, lang=lang) for b in getattr(p, lang)]
            row["heading"] = it.heading is not None
            out.append(row)
        for row, nxt in zip(out, g.rows[1:]):  # a row before a closing line keeps it on its page
            row["stick"] = nxt.heading is None and _closing(nxt.block.zh + nxt.block.en)
        return {"k": "rows", "rows": out}

    # ------------------------------------------------------------------ document
    def document(self, pdfa: bool) -> dict:
        m = self.doc.meta
        md = common.metadata(self.doc)
        blocks = []
        for x in self.items:
            if isinstance(x, RowGroup):
                d = self.rows(x)
                d["ids"], d["pb"] = [], x.page_break
                blocks.append(d)
            else:
                blocks.append(self.block(x.block, x.anchors, x.page_break))
                if isinstance(x.block, Table):  # as html.py: a table of the body may take a landscape page
                    blocks[-1]["land"] = table_plan(x.block).landscape
        for d, nxt in zip(blocks, self.items[1:]):  # a block before a closing line keeps it on its page
            d["stick"] = not isinstance(nxt, RowGroup) and not nxt.page_break and _closing([nxt.block])
        footer = [{"t": v} if kind == "text" else {"f": v} for kind, v in common.footer_parts(self.doc)]
        day = when(m.date)
        meta = {"title": md["title"] or m.document, "subject": md["subject"], "keywords": md["keywords"].split(", "),
                "date": [day.year, day.month, day.day], "lang": self.lang, "layout": m.layout,
                "header": _s(m.running_header), "footer": footer, "draft": common.is_draft(self.doc)}
        attachments = []
        if pdfa:
            for i, (name, data) in enumerate(self.doc.attachments):
                try:
                    text, raw = data.decode("utf-8"), None
                except UnicodeDecodeError:
                    text, raw = None, list(data)
                attachments.append({"name": name, "text": text, "raw": raw, "rel": "source" if i == 0 else "data",
                                    "mime": MIME.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")})
        return {"meta": meta, "blocks": blocks, "attachments": attachments}


def when(date: str) -> dt.date:
    """The document's date (`DocMeta.date`), never the clock."""
    try:
        return dt.date.fromisoformat(date[:10])
    except (ValueError, TypeError):
        return dt.date(2000, 1, 1)


def document_data(doc: Document, *, pdfa: bool = False) -> dict:
    common.check_layout_tree(doc)
    return _Data(doc).document(pdfa)
