"""`docgen compare OLD NEW`: redlines of two versions of a deal's documents and a summary of every changed
figure and term.

OLD and NEW are each a deal file or a rendered pack folder (`sides`: its `deal.yaml` is used, and its DOCX
files when both sides are packs rendered in a common layout).

1. Summary (`summary`): both deals are compared field by field (`dealdiff`); every changed leaf is one
   line in the user's terms, its values formatted as the documents print them. Both deals are projected
   (`docgen.pipeline`) and the derived figures that changed — coverage per period, senior interest,
   subordinated income, break-even (`figures`) — are listed after the inputs.
2. Attribution (`attribution`): the articles each change touches, from trees the pipeline assembles
   (`trees`) and diffs clause by clause (`treediff`).
3. Redlines per document present in both versions (here): `<document>-redline.docx` with native tracked
   changes (python-redlines, docxodus engine) and `<document>-redline.html` (Chinese beside English,
   `<ins>`/`<del>`), plus `summary.json` and `summary.md`.

Same inputs → same bytes: no clock, no absolute output paths in the files, fixed revision dates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from docgen import __version__, pipeline
from docgen.model.diagnostics import DealError
from docgen.review import dealdiff
from docgen.review.attribution import attribute, short_error
from docgen.review.figures import derived_changes
from docgen.review.sides import BadInput, Side, common_pack_layout, load_side, pack_docx
from docgen.review.summary import change_json, change_line, ref_json, side_json, summary_md
from docgen.review.treediff import diff_documents, doc_refs, touched
from docgen.review.trees import Builder, render_docx, title

__all__ = ["BadInput", "Builder", "Result", "compare", "write_outputs"]
DEFAULT_LAYOUT = "parallel"  # of the DOCX rendered here when no pack has one
STALE = ("*-redline.docx", "*-redline.html")  # what an earlier comparison may have left (summary.* are rewritten)


@dataclass
class Result:
    summary: dict
    files: dict[str, bytes]
    lines: list[str]
    notes: list[str]
    timings: dict
    derived: list[str] = field(default_factory=list)  # one line per derived figure that changed
    date: dt.date | None = None  # the date of the NEW version (its render's --date, else its draft date)


def load_sides(old_arg: Path, new_arg: Path) -> tuple[Side, Side]:
    """Both inputs loaded; the diagnostics of both deal files in one DealError."""
    errors: list = []
    sides = []
    for arg, name in ((old_arg, "OLD"), (new_arg, "NEW")):
        try:
            sides.append(load_side(arg, name))
        except DealError as e:
            errors += e.diagnostics
    if errors:
        raise DealError(errors)
    old, new = sides
    if (old.pack is None) != (new.pack is None):
        # one pack, one deal file: assemble the deal file with the options the pack was rendered with,
        # so that only the deal differs (not the --date or --draft of the render)
        pack_side, file_side = (old, new) if old.pack is not None else (new, old)
        file_side.date, file_side.draft = pack_side.date, pack_side.draft
    return old, new


def compare(old_arg: Path, new_arg: Path, *, root: Path | None = None, documents: tuple[str, ...] | None = None,
            redline_docx: bool = True, builder: Builder | None = None, docx_renderer=None) -> Result:
    """Everything `docgen compare` writes, as bytes (raises BadInput / DealError on bad input).

    `documents` limits the redlines to those documents (attribution always looks at the whole pack)."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    old, new = load_sides(old_arg, new_arg)
    diff = dealdiff.diff_deals(old.deal, new.deal, old.positions, new.positions)
    timings["load_and_diff"] = time.perf_counter() - t0

    build = builder or Builder(root)
    t1 = time.perf_counter()
    old_trees = build(old.deal, date=old.date, draft=old.draft)
    new_trees = build(new.deal, date=new.date, draft=new.draft)
    attributions = attribute(diff, build, old, old_trees, new_trees)
    timings["assemble_and_attribute"] = time.perf_counter() - t1
    timings["assemblies"] = build.calls

    notes: list[str] = old.regulatory_notes + new.regulatory_notes
    if old.deal.plan.id != new.deal.plan.id:
        notes.append(f"OLD and NEW are different deals ({old.deal.plan.id} / {new.deal.plan.id})")
    t_fig = time.perf_counter()
    derived = derived_changes(old.deal, new.deal, pipeline.project(old.deal), pipeline.project(new.deal))
    timings["derived_figures"] = time.perf_counter() - t_fig
    lines = [change_line(c, a) for c, a in zip(diff.changes, attributions)]
    change_rows = [change_json(c, a, line) for c, a, line in zip(diff.changes, attributions, lines)]

    t2 = time.perf_counter()
    redlines = Redlines(old, new, build, old_trees, new_trees, notes, documents, redline_docx, docx_renderer)
    here = {doc: [ln for a, ln in zip(attributions, lines) if any(d == doc for d, _ in a.affects)]
            for doc in redlines.docs}
    doc_rows = {doc: redlines.document(doc, here[doc]) for doc in redlines.docs}
    timings["redlines"] = time.perf_counter() - t2

    summary = {
        "docgen_version": __version__,
        "old": side_json(old),
        "new": side_json(new),
        "changes": change_rows,
        "derived": [d.as_json() for d in derived],
        "documents": doc_rows,
        "notes": notes,
    }
    files = redlines.files
    files["summary.json"] = (json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
    files["summary.md"] = summary_md(summary).encode("utf-8")
    timings["total"] = time.perf_counter() - t0
    return Result(summary, files, lines, notes, timings, [d.line for d in derived],
                  new.date or new.deal.plan.draft_date)


class Redlines:
    """Per document: its row of the summary and its redlines (HTML always; DOCX from the packs' own files
    when both are packs in a common layout, else rendered here from trees with their charts drawn)."""

    def __init__(self, old: Side, new: Side, build: Builder, old_trees: dict, new_trees: dict, notes: list[str],
                 documents: tuple[str, ...] | None, redline_docx: bool, docx_renderer):
        self.old, self.new, self.notes, self.redline_docx = old, new, notes, redline_docx
        self.render = docx_renderer or render_docx
        self.files: dict[str, bytes] = {}
        self.docs = build.order(set(old_trees) | set(new_trees))
        self.refs_of = {doc: touched(old_trees.get(doc), new_trees.get(doc)) for doc in self.docs}
        wanted = set(documents) if documents is not None else None
        self.redlined = [d for d in self.docs if d in old_trees and d in new_trees and (wanted is None or d in wanted)]
        self.sources: dict[str, tuple] = {}
        to_render = []
        for doc in self.redlined:
            layout = common_pack_layout(old, new, doc)
            o_docx = pack_docx(old, doc, layout) if layout else None
            n_docx = pack_docx(new, doc, layout) if layout else None
            if o_docx is not None and n_docx is not None:
                self.sources[doc] = ("pack", layout, o_docx, n_docx)
            elif self.refs_of[doc] and redline_docx:
                to_render.append(doc)
        self.to_render = to_render
        real_old = real_new = {}
        if to_render:
            real_old = build(old.deal, date=old.date, draft=old.draft, documents=tuple(to_render), figures=True)
            real_new = build(new.deal, date=new.date, draft=new.draft, documents=tuple(to_render), figures=True)
        self.trees = {doc: (real_old.get(doc) or old_trees.get(doc), real_new.get(doc) or new_trees.get(doc))
                      for doc in self.docs}

    def document(self, doc: str, changes_here: list[str]) -> dict:
        from docgen.review.redline import html_redline

        o_tree, n_tree = self.trees[doc]
        refs = self.refs_of[doc]
        shown = n_tree or o_tree
        row: dict = {
            "title": {"zh": title(shown, "zh"), "en": title(shown, "en")},
            "in_old": o_tree is not None,
            "in_new": n_tree is not None,
            "changed_parts": [ref_json(r) for r in refs],
            "changed": doc_refs(refs, doc) if refs else "",
            "redline": None,
        }
        if o_tree is None or n_tree is None:
            self.notes.append(f"{row['title']['en']}: only in {'NEW' if o_tree is None else 'OLD'}; no redline")
            return row
        if doc not in self.redlined:
            return row
        unit_diffs = diff_documents(o_tree, n_tree)
        html_name = f"{doc}-redline.html"
        self.files[html_name] = html_redline(doc, unit_diffs, zh_title=row["title"]["zh"], en_title=row["title"]["en"], old_name=self.old.shown,
                                             new_name=self.new.shown, changes_here=changes_here).encode("utf-8")
        row["redline"] = {"html": html_name, "docx": None}
        if not self.redline_docx:
            return row
        if doc not in self.sources and doc not in self.to_render:
            row["redline"]["note"] = "no text differs: no DOCX redline written"
            return row
        row["redline"].update(self.docx(doc, row, unit_diffs, o_tree, n_tree))
        return row

    def docx(self, doc: str, row: dict, unit_diffs, o_tree, n_tree) -> dict:
        """The tracked-changes DOCX of one document and how it was made."""
        from docgen.review.redline import RedlineUnavailable, engine_redline, fallback_docx, revision_counts

        docx_name = f"{doc}-redline.docx"
        data, engine_note, engine_name = None, "", ""
        if doc in self.sources:
            source, layout, o_docx, n_docx = self.sources[doc]
        else:
            source, layout = "rendered", DEFAULT_LAYOUT
            try:
                o_docx, n_docx = self.render(o_tree, layout), self.render(n_tree, layout)
            except Exception as e:  # the writer is missing or failed: write the markup ourselves
                o_docx = n_docx = None
                engine_note = f"the DOCX writer could not render the documents ({short_error(e)})"
        if o_docx is not None and n_docx is not None:
            try:
                data = engine_redline(o_docx, n_docx)
                engine_name = "python-redlines/docxodus"
            except RedlineUnavailable as e:
                engine_note = str(e)
        if data is None:
            data = fallback_docx(unit_diffs, f"{row['title']['zh']} / {row['title']['en']} — redline",
                                 self.new.deal.plan.draft_date)
            engine_name, layout, source = "docgen (tree diff)", "sequential-per-clause", "tree"
            self.notes.append(f"{row['title']['en']}: {engine_note}; the tracked changes in {docx_name} "
                              "were written by docgen from the tree diff instead")
        self.files[docx_name] = data
        red = {"docx": docx_name, "engine": engine_name, "layout": layout, "source": source,
               "revisions": revision_counts(data)}
        if engine_note:
            red["note"] = engine_note
        return red


def write_outputs(output: Path, files: dict[str, bytes]) -> None:
    output.mkdir(parents=True, exist_ok=True)
    earlier = _written_before(output)
    for name, data in sorted(files.items()):
        tmp = output / f".{name}.tmp-{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, output / name)
    for name in sorted(earlier - set(files)):  # a redline left from an earlier comparison would mislead
        p = output / name
        if p.is_file() and not p.is_symlink():
            p.unlink()


def _written_before(output: Path) -> set[str]:
    """The redlines an earlier comparison wrote into the folder, as its summary.json lists them: only those
    are removed, never a file of the user's that merely has a redline's name."""
    import fnmatch

    try:
        rows = json.loads((output / "summary.json").read_text("utf-8"))["documents"].values()
        names = {red[k] for row in rows if isinstance(red := row.get("redline"), dict) for k in ("docx", "html")
                 if isinstance(red.get(k), str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()
    return {n for n in names if "/" not in n and "\\" not in n and any(fnmatch.fnmatch(n, p) for p in STALE)}
