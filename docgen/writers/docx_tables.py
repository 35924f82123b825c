"""The DOCX writer's tables: data tables (header rows repeated, rows never split) and the signature page
(per pair of parties a table of rows that keep together); a mixin of `docgen.writers.docx._Writer`."""

from __future__ import annotations

from docgen.tree import Cell, SignatureBlock, Table
from docgen.writers import common
from docgen.writers import ooxml as X
from docgen.writers.colwidths import DOCX, table_plan
from docgen.writers.keeps import keeps_with_next


class TablesMixin:
    def table(self, t: Table, into=None):
        plan = table_plan(t, DOCX)
        rel = plan.widths
        width = X.TEXT_WIDTH
        widths = [int(width * x / (sum(rel) or 1)) for x in rel]
        widths[-1] += width - sum(widths)
        # the table's size in half-points when it is set smaller than TableText to keep its figures whole
        size = round(plan.font_pt * 2) if plan.font_pt != DOCX.font_pt else None
        first_total = len(t.rows) - t.total_rows if t.total_rows else len(t.rows)
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
                tc.append(X.paragraph("TableText", [X.run(c.text, bold=True, size=size)], jc="center", keep_next=True))
                tr.append(tc)
                col += c.colspan
            tbl.append(tr)
        for i, brow in enumerate(t.rows):
            tr = X.row(cant_split=True)
            col = 0
            total = i >= first_total
            keep = keeps_with_next(i, len(t.rows), first_total)  # Word keeps such a row on the next one's page
            for c in brow:
                c = c if isinstance(c, Cell) else Cell(str(c))
                a = t.align[col] if col < len(t.align) else "l"
                w = sum(widths[col:col + c.colspan])
                tc = X.cell(w, span=c.colspan, top_rule=(i == first_total))
                tc.append(X.paragraph("TableText", [X.run(c.text, bold=c.bold or total, size=size)],
                                      jc={"r": "right", "c": "center"}.get(a, "left"), keep_next=keep))
                tr.append(tc)
                col += c.colspan
            tbl.append(tr)
        self.put(tbl, into)
        first = first if first is not None else tbl
        if t.note:
            self.put(X.paragraph("TableNote", [X.run(t.note)]), into)
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
                tc.append(X.paragraph("SignatureText", [X.run(c.role, bold=True)], keep_next=True))
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
