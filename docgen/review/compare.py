"""`docgen compare OLD NEW [-o DIR]`: redlines of two versions of a deal's documents and a summary of
every changed figure and term.

OLD and NEW are each a deal file or a rendered pack folder (its `deal.yaml` is used, and its DOCX
files when both sides are packs rendered in a common layout).

1. Summary: both deals are compared field by field (`dealdiff`); every changed leaf is one line in the
   user's terms, its values formatted as the documents print them.
2. Attribution: each change is applied *alone* to the OLD deal, the pack is re-assembled (trees only,
   nothing written) and diffed clause by clause against OLD's trees (`treediff`); the level-1 articles
   whose Chinese or English text differs are the ones the change affects. A change that does not make
   a valid deal alone (plan size without a tranche size) is applied together with the other change(s)
   it needs; failing that, the articles come from the full NEW version. The output says which.
3. Redlines per document present in both versions: `<document>-redline.docx` with native tracked
   changes (python-redlines, docxodus engine) and `<document>-redline.html` (Chinese beside English,
   `<ins>`/`<del>`), plus `summary.json` and `summary.md`.

Same inputs → same bytes: no clock, no absolute output paths in the files, fixed revision dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from docgen import __version__
from docgen.model.diagnostics import DealError
from docgen.resources import library_root
from docgen.review import dealdiff
from docgen.review.dealdiff import MISSING, Change, DealDiff
from docgen.review.treediff import DOC_ABBR, DOC_TITLES, Ref, diff_documents, doc_refs, touched

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
DOCUMENT_ORDER = ("asset-purchase-agreement", "pledge-contract", "shortfall-undertaking", "offering-memorandum")
LAYOUT_PREFERENCE = ("parallel", "zh", "sequential", "en")
DEFAULT_LAYOUT = "parallel"
PROJECT_ROOT = library_root()


class BadInput(Exception):
    """OLD or NEW cannot be used; the message says why (diagnostics ride on DealError instead)."""


# ----------------------------------------------------------------------------- inputs
@dataclass
class Side:
    name: str  # OLD | NEW
    arg: Path  # as the user gave it
    deal_path: Path
    pack: Path | None
    manifest: dict | None
    deal: object
    positions: object
    sha256: str
    date: dt.date | None = None  # the render option the pack was made with (None: the deal's draft date)
    draft: bool = False

    @property
    def shown(self) -> str:
        return str(self.arg)


def resolve(arg: Path, name: str) -> tuple[Path, Path | None]:
    """A deal file, or a pack folder → (deal file, pack folder or None)."""
    p = Path(arg)
    if not p.exists():
        raise BadInput(f"{name} {p}: no such file or folder")
    if p.is_dir():
        deal = p / "deal.yaml"
        if not deal.is_file():
            raise BadInput(f"{name} {p}: a folder, but not a rendered pack (no deal.yaml in it)")
        return deal, p
    if not p.is_file():
        raise BadInput(f"{name} {p}: not a regular file")
    return p, None


def load_side(arg: Path, name: str) -> Side:
    from docgen.model.loader import load_deal, read_yaml

    deal_path, pack = resolve(arg, name)
    deal = load_deal(deal_path)  # DealError carries the located diagnostics
    try:
        positions = read_yaml(deal_path)[1]  # for line numbers in the summary
    except Exception:  # the deal loaded, so this cannot really fail; the lines are a nicety
        positions = None
    raw = deal_path.read_bytes()
    manifest = None
    date, draft = None, False
    if pack is not None:
        try:
            manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            manifest = None
        opts = (manifest or {}).get("options") or {}
        try:
            date = dt.date.fromisoformat(opts["date"]) if opts.get("date") else None
        except (TypeError, ValueError):
            date = None
        draft = bool(opts.get("draft", False))
    return Side(name, Path(arg), deal_path, pack, manifest, deal, positions, hashlib.sha256(raw).hexdigest(),
                date, draft)


# ----------------------------------------------------------------------------- trees
class Builder:
    """Deal → bilingual trees of the pack's documents (project + assemble; nothing written), cached by
    the deal's content. With `figures=False` the charts are left blank: drawing them is most of an
    assembly's time and they carry no text, which is all attribution compares."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root or PROJECT_ROOT)
        self._cache: dict[str, dict] = {}
        self.calls = 0
        self.seconds = 0.0

    def __call__(self, deal, *, date: dt.date | None, draft: bool, documents: tuple[str, ...] | None = None,
                 figures: bool = False) -> dict:
        key = hashlib.sha256(repr((dealdiff.plain(deal), date, draft, documents, figures)).encode()).hexdigest()
        if key in self._cache:
            return self._cache[key]
        from docgen.assembly.assemble import assemble_pack
        from docgen.projection.run import project

        t0 = time.perf_counter()
        proj = project(deal)
        with contextlib.nullcontext() if figures else blank_figures():
            trees = assemble_pack(deal, proj, root=self.root, documents=list(documents) if documents else None,
                                  draft=draft, date=date or deal.plan.draft_date, inputs_hash="", version=__version__)
        self.calls += 1
        self.seconds += time.perf_counter() - t0
        self._cache[key] = trees
        return trees


def _blank_figure(figure_id: str, ctx):
    from docgen.tree import Bi, Figure

    return Figure(id=figure_id, caption=Bi("", ""), svg=b"", png=b"")


@contextlib.contextmanager
def blank_figures():
    """Every registered figure builder swapped for a blank figure, for the duration of the block."""
    from docgen.assembly import registry

    registry.load_builders()  # register the real ones first (imports only once)
    saved = dict(registry.FIGURES)
    try:
        for fid in saved:
            registry.FIGURES[fid] = functools.partial(_blank_figure, fid)
        yield
    finally:
        registry.FIGURES.update(saved)


# ----------------------------------------------------------------------------- attribution
@dataclass
class Attribution:
    method: str  # alone | together | full
    partners: list[Change] = field(default_factory=list)
    reason: str = ""
    affects: list[tuple[str, Ref]] = field(default_factory=list)  # (document id, level-1 ref)


def validate(data: dict):
    """(deal, "", []) when `data` is a valid deal, else (None, the first error's text, the error paths)."""
    from pydantic import ValidationError

    from docgen.model.deal import Deal
    from docgen.model.rules import run_rules

    try:
        deal = Deal.model_validate(data)
    except ValidationError as e:
        errs = e.errors(include_url=False)
        first = errs[0]
        return None, f"{dealdiff.dotted(tuple(first['loc']))}: {first['msg']}", [tuple(x["loc"]) for x in errs]
    except (ValueError, TypeError, ArithmeticError) as e:
        return None, str(e), []
    errors = [(p, msg) for p, sev, _, msg in run_rules(deal) if sev == "error"]
    if errors:
        p, msg = errors[0]
        return None, f"{dealdiff.dotted(p)}: {msg}", [tuple(p) for p, _ in errors]
    return deal, "", []


def touched_pack(old_trees: dict, trees: dict) -> list[tuple[str, Ref]]:
    out = []
    for doc in _doc_order(set(old_trees) | set(trees)):
        for ref in touched(old_trees.get(doc), trees.get(doc)):
            out.append((doc, ref))
    return out


def _doc_order(docs) -> list[str]:
    docs = set(docs)
    return [d for d in DOCUMENT_ORDER if d in docs] + sorted(docs - set(DOCUMENT_ORDER))


MAX_PARTNER_TRIES = 12  # pairs tried for a change that is invalid alone
MAX_ASSEMBLIES = 40  # distinct re-assemblies; past it, changes are attributed from the full NEW version


def _prefix(a: tuple, b: tuple) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _partners_by_relevance(diff: DealDiff, i: int, error_paths: list[tuple]) -> list[int]:
    """The other changes, those nearest to the errors (or to the change itself) first."""
    changes = diff.changes
    own = dealdiff.yaml_path(diff.old_data, changes[i].path) or ()

    def score(j: int) -> int:
        p = dealdiff.yaml_path(diff.new_data, changes[j].path) or dealdiff.yaml_path(diff.old_data, changes[j].path) or ()
        near_error = max((_prefix(p, e) for e in error_paths), default=0)
        return 2 * near_error + _prefix(p, own)

    others = [j for j in range(len(changes)) if j != i]
    return sorted(others, key=lambda j: -score(j))  # stable: file order among equals


def attribute(diff: DealDiff, build: Builder, old: Side, old_trees: dict, new_trees: dict) -> list[Attribution]:
    """For each change, the articles it touches on its own (or with the changes it needs)."""
    changes = diff.changes
    plans: list[tuple[str, list[int], str, object]] = []  # method, member indexes, reason, deal
    for i, c in enumerate(changes):
        deal, why, error_paths = _try(diff, [c])
        if deal is not None:
            plans.append(("alone", [i], "", deal))
            continue
        found = None
        ranked = _partners_by_relevance(diff, i, error_paths)
        for j in ranked[:MAX_PARTNER_TRIES]:
            deal2, _, _ = _try(diff, [c, changes[j]])
            if deal2 is not None:
                found = ("together", sorted([i, j]), why, deal2)
                break
        k = 2
        while found is None and k < len(ranked):
            # the nearest k other changes together, k doubling
            members = sorted([i] + ranked[:k])
            deal3, _, _ = _try(diff, [changes[m] for m in members])
            if deal3 is not None:
                found = ("together", members, why, deal3)
            k *= 2
        plans.append(found or ("full", list(range(len(changes))), why, None))
    results: list[Attribution] = []
    cache: dict[tuple, list] = {}  # member indexes -> affected parts
    failed: dict[tuple, str] = {}  # member indexes -> why they could not be assembled
    full: list | None = None
    for i, (method, members, why, deal) in enumerate(plans):
        key = tuple(members)
        if method != "full" and key not in cache and key not in failed and len(cache) + len(failed) >= MAX_ASSEMBLIES:
            method, why = "full", f"more than {MAX_ASSEMBLIES} separate changes: not re-assembled one by one"
        if method != "full" and key not in cache and key not in failed:
            try:
                cache[key] = touched_pack(old_trees, build(deal, date=old.date, draft=old.draft))
            except Exception as e:  # the change alone assembles to nothing sensible: use the full version
                failed[key] = f"the documents cannot be assembled with this change alone ({_short_error(e)})"
        if key in failed:
            method, why = "full", failed[key]
        if method == "full":
            if full is None:
                full = touched_pack(old_trees, new_trees)
            affects = full
        else:
            affects = cache[key]
        partners = [changes[m] for m in members if m != i] if method == "together" else []
        results.append(Attribution(method, partners, why if method != "alone" else "", affects))
    return results


def _try(diff: DealDiff, changes: list[Change]):
    try:
        data = dealdiff.apply_changes(diff.old_data, changes, diff.new_data)
    except (KeyError, IndexError, TypeError) as e:
        return None, f"cannot apply: {e}", []
    return validate(data)


def _short_error(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0][:200]}" if text else type(e).__name__


# ----------------------------------------------------------------------------- DOCX inputs
def pack_docx(side: Side, doc: str, layout: str) -> bytes | None:
    """The pack's own DOCX of a document, if it is there and still matches its manifest."""
    if side.pack is None:
        return None
    name = f"{doc}-{layout}.docx"
    try:
        data = (side.pack / name).read_bytes()
    except OSError:
        return None
    info = ((side.manifest or {}).get("files") or {}).get(name) or {}
    if info.get("sha256") and hashlib.sha256(data).hexdigest() != info["sha256"]:
        return None
    return data


def common_pack_layout(old: Side, new: Side, doc: str) -> str | None:
    if old.pack is None or new.pack is None:
        return None
    for layout in LAYOUT_PREFERENCE:
        if (old.pack / f"{doc}-{layout}.docx").is_file() and (new.pack / f"{doc}-{layout}.docx").is_file():
            return layout
    return None


def render_docx(tree, layout: str) -> bytes:
    """One document's DOCX through the pipeline's layout and writer, as `docgen render` makes it."""
    from docgen.layout import apply_layout
    from docgen.render.pack import content_hash
    from docgen.writers.docx import write_docx

    doc = replace(tree, meta=replace(tree.meta, inputs_hash=content_hash(tree)))
    return write_docx(apply_layout(doc, layout), reference_docx=None)


# ----------------------------------------------------------------------------- the comparison
@dataclass
class Result:
    summary: dict
    files: dict[str, bytes]
    lines: list[str]
    notes: list[str]
    timings: dict


def compare(old_arg: Path, new_arg: Path, *, root: Path | None = None, documents: tuple[str, ...] | None = None,
            redline_docx: bool = True, builder: Builder | None = None, docx_renderer=None) -> Result:
    """Everything `docgen compare` writes, as bytes (raises BadInput / DealError on bad input).

    `documents` limits the redlines to those documents (attribution always looks at the whole pack)."""
    from docgen.review.redline import RedlineUnavailable, engine_redline, fallback_docx, html_redline, revision_counts

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    errors: list = []
    sides = []
    for arg, name in ((old_arg, "OLD"), (new_arg, "NEW")):
        try:
            sides.append(load_side(arg, name))
        except DealError as e:
            errors += e.diagnostics
        except BadInput:
            raise
    if errors:
        raise DealError(errors)
    old, new = sides
    if (old.pack is None) != (new.pack is None):
        # one pack, one deal file: assemble the deal file with the options the pack was rendered with,
        # so that only the deal differs (not the --date or --draft of the render)
        pack_side, file_side = (old, new) if old.pack is not None else (new, old)
        file_side.date, file_side.draft = pack_side.date, pack_side.draft
    diff = dealdiff.diff_deals(old.deal, new.deal, old.positions, new.positions)
    timings["load_and_diff"] = time.perf_counter() - t0

    build = builder or Builder(root or PROJECT_ROOT)
    t1 = time.perf_counter()
    old_trees = build(old.deal, date=old.date, draft=old.draft)
    new_trees = build(new.deal, date=new.date, draft=new.draft)
    attributions = attribute(diff, build, old, old_trees, new_trees)
    timings["assemble_and_attribute"] = time.perf_counter() - t1
    timings["assemblies"] = build.calls

    notes: list[str] = []
    if old.deal.plan.id != new.deal.plan.id:
        notes.append(f"OLD and NEW are different deals ({old.deal.plan.id} / {new.deal.plan.id})")

    # ---- the summary
    change_rows = []
    lines = []
    for c, a in zip(diff.changes, attributions):
        line = change_line(c, a)
        lines.append(line)
        change_rows.append(change_json(c, a, line))

    # ---- per document
    t2 = time.perf_counter()
    files: dict[str, bytes] = {}
    doc_rows: dict[str, dict] = {}
    wanted = set(documents) if documents is not None else None
    all_docs = _doc_order(set(old_trees) | set(new_trees))
    refs_of = {doc: touched(old_trees.get(doc), new_trees.get(doc)) for doc in all_docs}
    redlined = [d for d in all_docs if d in old_trees and d in new_trees and (wanted is None or d in wanted)]
    # the DOCX to compare: the packs' own when both are packs in a common layout, else rendered here
    # from trees with their charts drawn (only for documents whose text differs)
    sources: dict[str, tuple] = {}
    to_render = []
    for doc in redlined:
        layout = common_pack_layout(old, new, doc)
        o_docx = pack_docx(old, doc, layout) if layout else None
        n_docx = pack_docx(new, doc, layout) if layout else None
        if o_docx is not None and n_docx is not None:
            sources[doc] = ("pack", layout, o_docx, n_docx)
        elif refs_of[doc] and redline_docx:
            to_render.append(doc)
    real_old = real_new = {}
    if to_render:
        real_old = build(old.deal, date=old.date, draft=old.draft, documents=tuple(to_render), figures=True)
        real_new = build(new.deal, date=new.date, draft=new.draft, documents=tuple(to_render), figures=True)
    for doc in all_docs:
        o_tree, n_tree = real_old.get(doc) or old_trees.get(doc), real_new.get(doc) or new_trees.get(doc)
        refs = refs_of[doc]
        row: dict = {
            "title": {"zh": _doc_title_zh(n_tree or o_tree), "en": DOC_TITLES.get(doc, doc)},
            "in_old": o_tree is not None,
            "in_new": n_tree is not None,
            "changed_parts": [ref_json(r) for r in refs],
            "changed": doc_refs(refs, doc) if refs else "",
            "redline": None,
        }
        doc_rows[doc] = row
        if o_tree is None or n_tree is None:
            notes.append(f"{DOC_TITLES.get(doc, doc)}: only in {'NEW' if o_tree is None else 'OLD'}; no redline")
            continue
        if doc not in redlined:
            continue
        unit_diffs = diff_documents(o_tree, n_tree)
        here = [ln for c, a, ln in zip(diff.changes, attributions, lines) if any(d == doc for d, _ in a.affects)]
        html_name = f"{doc}-redline.html"
        files[html_name] = html_redline(doc, unit_diffs, zh_title=row["title"]["zh"], old_name=old.shown,
                                        new_name=new.shown, changes_here=here).encode("utf-8")
        red: dict = {"html": html_name, "docx": None}
        row["redline"] = red
        if not redline_docx:
            continue
        if doc not in sources and doc not in to_render:
            red["note"] = "no text differs: no DOCX redline written"
            continue
        docx_name = f"{doc}-redline.docx"
        data, engine_note, engine_name = None, "", ""
        if doc in sources:
            source, layout, o_docx, n_docx = sources[doc]
        else:
            source, layout = "rendered", DEFAULT_LAYOUT
            try:
                render = docx_renderer or render_docx
                o_docx, n_docx = render(o_tree, layout), render(n_tree, layout)
            except Exception as e:  # the writer is missing or failed: write the markup ourselves
                o_docx = n_docx = None
                engine_note = f"the DOCX writer could not render the documents ({_short_error(e)})"
        if o_docx is not None and n_docx is not None:
            try:
                data = engine_redline(o_docx, n_docx)
                engine_name = "python-redlines/docxodus"
            except RedlineUnavailable as e:
                engine_note = str(e)
        if data is None:
            data = fallback_docx(unit_diffs, f"{row['title']['zh']} / {row['title']['en']} — redline",
                                 new.deal.plan.draft_date)
            engine_name, layout, source = "docgen (tree diff)", "sequential-per-clause", "tree"
            notes.append(f"{DOC_TITLES.get(doc, doc)}: {engine_note}; the tracked changes in {docx_name} "
                         "were written by docgen from the tree diff instead")
        files[docx_name] = data
        red.update({"docx": docx_name, "engine": engine_name, "layout": layout, "source": source,
                    "revisions": revision_counts(data)})
        if engine_note:
            red["note"] = engine_note
    timings["redlines"] = time.perf_counter() - t2

    summary = {
        "docgen_version": __version__,
        "old": side_json(old),
        "new": side_json(new),
        "changes": change_rows,
        "documents": doc_rows,
        "notes": notes,
    }
    files["summary.json"] = (json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
    files["summary.md"] = summary_md(summary).encode("utf-8")
    timings["total"] = time.perf_counter() - t0
    return Result(summary, files, lines, notes, timings)


def _doc_title_zh(tree) -> str:
    if tree is None:
        return ""
    t = getattr(tree.meta, "title_bi", None)
    if t is not None and getattr(t, "zh", None):
        return t.zh
    return tree.meta.title


# ----------------------------------------------------------------------------- text of the summary
def values_text(c: Change) -> str:
    if c.kind == "changed":
        zh = f"{c.old_text['zh']} → {c.new_text['zh']}"
        en = f"{c.old_text['en']} → {c.new_text['en']}"
    elif c.kind == "added":
        zh, en = f"added: {c.new_text['zh']}", f"added: {c.new_text['en']}"
    else:
        zh, en = f"removed: {c.old_text['zh']}", f"removed: {c.old_text['en']}"
    return zh if zh == en else f"{zh} ({en})"


def affects_text(affects: list[tuple[str, Ref]]) -> str:
    if not affects:
        return "affects no document text"
    by_doc: dict[str, list[Ref]] = {}
    for doc, ref in affects:
        by_doc.setdefault(doc, []).append(ref)
    return "affects " + ", ".join(doc_refs(refs, doc) for doc, refs in by_doc.items())


def attribution_note(a: Attribution) -> str:
    if a.method == "together":
        return (f" [applied together with {', '.join(p.label for p in a.partners)}: alone it makes the deal invalid"
                f" ({a.reason})]")
    if a.method == "full":
        return (f" [cannot be applied alone ({a.reason}); the articles are those of the full NEW version,"
                " which has the other changes too]")
    return ""


def change_line(c: Change, a: Attribution) -> str:
    if a.method == "full" and len(a.affects) > 12:
        # every part OLD and NEW differ in: listed once per document, not again on each such change
        return (f"{c.label}: {values_text(c)}; affects (not attributable alone: {a.reason}) the parts in which "
                "the whole NEW version differs")
    return f"{c.label}: {values_text(c)}; {affects_text(a.affects)}{attribution_note(a)}"


def _jsonable(v):
    if v is MISSING:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def ref_json(r: Ref) -> dict:
    return {"ref": r.label, "id": r.key, "number": r.number, "title": r.title}


def change_json(c: Change, a: Attribution, line: str) -> dict:
    return {
        "label": c.label,
        "path": c.dotted,
        "kind": c.kind,
        "value_kind": c.value_kind,
        "old": {"value": _jsonable(c.old), **c.old_text} if c.kind != "added" else None,
        "new": {"value": _jsonable(c.new), **c.new_text} if c.kind != "removed" else None,
        "line": {"old": c.old_line, "new": c.new_line},
        "attribution": {
            "method": a.method,
            "with": [p.dotted for p in a.partners],
            "reason": a.reason,
        },
        "affects": [dict(document=doc, abbr=DOC_ABBR.get(doc, doc), **ref_json(r)) for doc, r in a.affects],
        "text": line,
    }


def side_json(s: Side) -> dict:
    return {
        "input": s.shown,
        "pack": s.pack is not None,
        "deal_file": s.deal_path.name,
        "deal_id": s.deal.plan.id,
        "deal_sha256": s.sha256,
    }


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def summary_md(summary: dict) -> str:
    o, n = summary["old"], summary["new"]
    out = [f"# docgen compare: {o['deal_id']}" + (f" → {n['deal_id']}" if n["deal_id"] != o["deal_id"] else ""), "",
           f"- OLD: `{o['input']}` (sha256 {o['deal_sha256'][:12]})",
           f"- NEW: `{n['input']}` (sha256 {n['deal_sha256'][:12]})", ""]
    changes = summary["changes"]
    out.append(f"## Changed figures and terms ({len(changes)})")
    out.append("")
    if not changes:
        out.append("The two deals are the same.")
    else:
        out += ["| # | Change | Old | New | Affects | Field |", "|---|---|---|---|---|---|"]
        for i, c in enumerate(changes, 1):
            def val(side):
                if c[side] is None:
                    return "—"
                zh, en = c[side]["zh"], c[side]["en"]
                return zh if zh == en else f"{zh} ({en})"
            aff = c["text"].split("; ", 1)[1] if "; " in c["text"] else ""
            field_ = f"`{c['path']}`" + (f" (line {c['line']['new']})" if c["line"]["new"] else "")
            out.append(f"| {i} | {_md(c['label'])} | {_md(val('old'))} | {_md(val('new'))} | {_md(aff)} | {_md(field_)} |")
    out += ["", "## Documents", "", "| Document | Changed parts | Redline |", "|---|---|---|"]
    for doc, row in summary["documents"].items():
        parts = row["changed"] or "no change"
        if not row["in_old"]:
            parts = "only in NEW"
        elif not row["in_new"]:
            parts = "only in OLD"
        red = row.get("redline") or {}
        files = ", ".join(f"`{red[k]}`" for k in ("docx", "html") if red.get(k)) or "—"
        if red.get("engine"):
            files += f" ({red['engine']}: {red['revisions']['ins']} insertions, {red['revisions']['del']} deletions)"
        out.append(f"| {_md(row['title']['zh'])} / {_md(row['title']['en'])} | {_md(parts)} | {_md(files)} |")
    if summary["notes"]:
        out += ["", "## Notes", ""] + [f"- {_md(x)}" for x in summary["notes"]]
    out.append("")
    return "\n".join(out)


# ----------------------------------------------------------------------------- writing and the command
STALE = tuple(f"{d}-redline.{ext}" for d in DOCUMENT_ORDER for ext in ("docx", "html")) + ("summary.json", "summary.md")


def write_outputs(output: Path, files: dict[str, bytes]) -> None:
    output.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        tmp = output / f".{name}.tmp-{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, output / name)
    for name in STALE:  # a redline left from an earlier comparison would mislead
        if name not in files and (output / name).is_file():
            (output / name).unlink()


def compare_command(old: Path, new: Path, output: Path, out, err) -> int:
    from rich.markup import escape

    try:
        if Path(output).exists() and not Path(output).is_dir():
            raise BadInput(f"-o {output}: exists and is not a folder")
        result = compare(Path(old), Path(new))
    except BadInput as e:
        err.print(f"docgen compare: {e}", style="red", markup=False)
        return EXIT_BAD_INPUT
    except DealError as e:
        for d in e.diagnostics:
            err.print(d.format(), style="red" if d.severity == "error" else "yellow", markup=False)
        err.print("docgen compare: fix the deal file(s) above", style="red", markup=False)
        return EXIT_BAD_INPUT
    except Exception as e:  # assembly or rendering failed: say what, without a traceback
        from docgen.assembly.errors import AssemblyError

        if isinstance(e, AssemblyError):
            # the clause library is user-edited input too (as `docgen render` treats it)
            for p in e.problems:
                err.print(p.format(), style="red", markup=False)
            err.print("docgen compare: the documents cannot be assembled (clause library problems above)",
                      style="red", markup=False)
            return EXIT_BAD_INPUT
        problems = getattr(e, "problems", None)
        if problems:
            for p in problems:
                err.print(p.format() if hasattr(p, "format") else str(p), style="red", markup=False)
        err.print(f"docgen compare: internal error: {_short_error(e)}", style="red", markup=False)
        return EXIT_INTERNAL
    try:
        write_outputs(Path(output), result.files)
    except OSError as e:
        err.print(f"docgen compare: cannot write {output}: {e}", style="red", markup=False)
        return EXIT_BAD_INPUT
    s = result.summary
    out.print(f"[bold]docgen compare[/] {escape(s['old']['input'])} → {escape(s['new']['input'])}")
    if not s["changes"]:
        out.print("No changed figures or terms: the two deals are the same.")
    else:
        out.print(f"[bold]{len(s['changes'])} changed figure(s) and term(s):[/]")
        for c in s["changes"]:
            label, rest = c["text"].split(": ", 1)
            out.print(f"  • [bold]{escape(label)}[/]: {escape(rest)}")
    out.print("[bold]Redlines[/]")
    for doc, row in s["documents"].items():
        red = row.get("redline")
        if red:
            parts = row["changed"] or f"{DOC_ABBR.get(doc, doc)}: no change"
            extra = f" ({red['engine']}, {red['revisions']['ins']} ins / {red['revisions']['del']} del)" if red.get("engine") else ""
            out.print(f"  {escape(parts)} → "
                      f"{escape(', '.join(red[k] for k in ('docx', 'html') if red.get(k)))}{escape(extra)}")
    for note in result.notes:
        err.print(f"note: {note}", style="yellow", markup=False)
    out.print(f"Written to {escape(str(output))}/ (summary.json, summary.md) in {result.timings['total']:.1f} s")
    return EXIT_OK
