"""Render one deal's pack through `docgen.pipeline`, then swap the pack in whole.

The expensive step is writing (WeasyPrint layout, DOCX). Each (document, layout, format) is a
`Unit` that can run in a worker process; a unit whose layout tree and writer code are unchanged since
the last render reuses the previous file instead of writing it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from docgen import __version__, hashing, pipeline
from docgen.render.output import clean_stale_staging, new_staging, pack_dir, swap_in, write_file
from docgen.resources import library_root
from docgen.writers.options import DEFAULT_PDF_ENGINE

FORMATS = pipeline.FORMATS
PDF_COST = 50  # WeasyPrint costs ~50x python-docx per page of the same tree


@dataclass(frozen=True)
class Options:
    documents: tuple[str, ...] = ()  # empty: every document of the library
    layouts: tuple[str, ...] = ("parallel",)
    formats: tuple[str, ...] = FORMATS
    draft: bool = False
    pdfa: bool = False
    date: dt.date | None = None
    reference_docx: bytes | None = None
    force: bool = False
    final: bool = False  # the execution version (`DocMeta.final`)
    pdf_engine: str = DEFAULT_PDF_ENGINE  # docgen.writers.options.PDF_ENGINES

    def key(self) -> dict:
        # "final" only when set: the key of every other render, and so its manifest, stays as it was
        return ({"final": True} if self.final else {}) | {
            "documents": list(self.documents),
            "layouts": list(self.layouts),
            "formats": list(self.formats),
            "draft": self.draft,
            "pdfa": self.pdfa,
            "pdf_engine": self.pdf_engine,
            "date": self.date.isoformat() if self.date else None,
            "reference_docx": hashlib.sha256(self.reference_docx).hexdigest() if self.reference_docx else None,
        }


@dataclass
class Unit:
    """One file of the pack to produce."""

    name: str  # e.g. offering-memorandum-parallel.pdf
    document: str
    layout: str
    fmt: str
    tree_hash: str
    content_hash: str = ""  # the document's assembled content, as carried in the file's metadata
    weight: int = 0  # rough cost of writing it (size of the tree), to schedule the longest first
    tree: object = None  # the layout tree; None when the previous file is reused
    data: bytes | None = None
    pages: int | None = None
    reused: bool = False
    engine: str | None = None  # the PDF engine of a PDF (recorded in the manifest as pdf_engine)


@dataclass
class Prepared:
    """A deal loaded, projected and assembled: everything but the writing."""

    deal_id: str
    deal_path: Path
    final: Path
    inputs_sha256: str
    manifest_base: dict
    units: list[Unit] = field(default_factory=list)
    attachments: tuple = ()
    skipped: bool = False  # inputs, code and options unchanged: nothing to do
    extra_files: dict = field(default_factory=dict)  # name -> bytes, written beside the documents
    timings: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # what `render` prints: waivers, under-coverage, …


def _read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def prepare(deal_path: Path, output: Path, opts: Options, root: Path | None = None, sink=None) -> Prepared:
    """Everything up to the writers; raises DealError on bad input (a regulatory error not waived too).

    `sink` (docgen.render.batch) hears `start()` once there is work to do, then `unit(u)` for each unit to
    write as soon as its document is assembled (the costliest document first), so that writers run while
    the other documents are assembled; a unit it was given is written only if `prepare` returns."""
    from docgen.model.loader import load_deal, read_deal_bytes

    root = Path(root or library_root())
    t0 = time.perf_counter()
    raw = read_deal_bytes(deal_path)  # regular files only, to the size limit: a FIFO or /dev/zero never hangs
    deal, found = load_deal(deal_path, with_warnings=True)
    src = pipeline.Source(Path(deal_path), raw, deal)
    t1 = time.perf_counter()
    deal = src.deal
    final = pack_dir(output, deal.plan.id)
    clean_stale_staging(output)

    code, library = hashing.code_hash(), hashing.library_hash(root)
    # the requested options (no documents named: all of them, a function of the library hash)
    inputs = hashlib.sha256(f"{src.sha256}\n{library}\n{code}\n{json.dumps(opts.key(), sort_keys=True)}".encode()).hexdigest()
    old = _read_manifest(final)
    base = {
        "deal_id": deal.plan.id,
        "docgen_version": __version__,
        "inputs": {"deal_file": Path(deal_path).name, "deal_sha256": src.sha256, "library_sha256": library,
                   "code_sha256": code},
        "inputs_sha256": inputs,
        "waivers": [{"rule": w.rule, "reason": {"zh": w.reason.zh, "en": w.reason.en}} for w in deal.waivers],
    }
    prep = Prepared(deal.plan.id, Path(deal_path), final, inputs, base)
    if not opts.force and old and old.get("inputs_sha256") == inputs and _files_intact(final, old):
        prep.skipped = True
        prep.warnings = list(old.get("warnings", []))
        return prep

    if sink is not None:
        sink.start()
    # imported only when there is work to do: a no-change re-render stays fast
    from docgen.projection.export import projection_hash, to_csv as projection_csv, to_json as projection_json

    opts = replace(opts, documents=opts.documents or tuple(pipeline.documents(root)))
    base["options"] = opts.key()
    proj = pipeline.project(deal)
    t2 = time.perf_counter()
    base["projection_sha256"] = projection_hash(proj)
    base["warnings"] = prep.warnings = _warnings(deal, proj, found)
    attachments = (("deal.yaml", src.raw), ("projection.csv", projection_csv(proj).encode("utf-8"))) if opts.pdfa else ()
    old_files = (old or {}).get("files", {})
    units: dict[str, list[Unit]] = {}
    spent = {"assemble": 0.0, "layout": 0.0}

    def laid_out(doc_id: str, tree) -> None:
        t = time.perf_counter()
        if opts.final:
            tree = replace(tree, meta=replace(tree.meta, final=True))
        units[doc_id] = _units(doc_id, pipeline.stamp(tree), opts, attachments, final, old_files)
        spent["layout"] += time.perf_counter() - t
        for u in sorted(units[doc_id], key=lambda u: -u.weight):  # its PDFs before its DOCX files
            if sink is not None and u.data is None:
                sink.unit(u)

    t = time.perf_counter()
    # the costliest document first, each handed on as soon as it is assembled: its writers start meanwhile
    pipeline.assemble(deal, proj, root=root, documents=opts.documents, draft=opts.draft, date=opts.date,
                      each=laid_out, largest_first=True)
    spent["assemble"] = time.perf_counter() - t - spent["layout"]
    for doc_id in opts.documents:
        prep.units += units.get(doc_id, [])  # a document missing does not apply to this deal (e.g. no pledge)
    prep.attachments = attachments
    # the pack is self-contained: `docgen check` proofreads it against these two files
    prep.extra_files = {"deal.yaml": src.raw, "projection.json": projection_json(proj).encode("utf-8")}
    prep.timings = {"load": t1 - t0, "project": t2 - t1, **spent}
    return prep


def _warnings(deal, proj, found) -> list[str]:
    """What a drafter must see before sending the pack out: the waived rules, the projection's findings."""
    from docgen.model.diagnostics import dotted
    from docgen.projection.checks import checks

    waived = [f"{d.path}: {d.message} [waived rule '{d.rule}']" for d in found if d.kind == "waived"]
    return waived + [f"{dotted(p) or '<file>'}: {msg}" for p, _, msg in checks(deal, proj)]


def _units(doc_id: str, doc_tree, opts: Options, attachments: tuple, final: Path, old_files: dict) -> list[Unit]:
    """The files of one document; a file whose tree and writers are unchanged is reused from the last pack."""
    content = doc_tree.meta.inputs_hash
    units = []
    for layout in opts.layouts:
        tree = pipeline.lay_out(doc_tree, layout, attachments)
        text = repr(tree)
        th, size = hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text)
        for fmt in opts.formats:
            name = f"{doc_id}-{layout}.{fmt}"
            unit = Unit(name, doc_id, layout, fmt, th, content, weight=size * (PDF_COST if fmt == "pdf" else 1), tree=tree,
                        engine=opts.pdf_engine if fmt == "pdf" else None)
            prev = old_files.get(name)
            if (not opts.force and prev and prev.get("tree_sha256") == th and prev.get("pdf_engine") == unit.engine
                    and prev.get("writer_sha256") == hashing.writer_hash()):
                data = _read_if_matches(final / name, prev.get("sha256"))
                if data is not None:
                    unit.tree, unit.data, unit.pages, unit.reused = None, data, prev.get("pages"), True
            units.append(unit)
    return units


def _read_if_matches(path: Path, sha: str | None) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha else None


def _files_intact(final: Path, manifest: dict) -> bool:
    for name, info in manifest.get("files", {}).items():
        p = final / name
        try:
            if p.stat().st_size != info.get("bytes"):
                return False
        except OSError:
            return False
    return True


def write_unit(unit: Unit, pdfa: bool, reference_docx: bytes | None) -> tuple[bytes, int]:
    """Run one writer (in a worker process or in-line). Returns the file bytes and its page count."""
    return pipeline.write(unit.tree, unit.fmt, pdfa=pdfa, reference_docx=reference_docx, pdf_engine=unit.engine)


def finish(prep: Prepared) -> dict:
    """Write every unit's bytes and the manifest into a staging folder and swap it in."""
    output = prep.final.parent
    staging = new_staging(output, prep.deal_id)
    try:
        files = {}
        for u in sorted(prep.units, key=lambda u: u.name):
            if not (u.reused and _link(prep.final / u.name, staging / u.name, len(u.data))):
                write_file(staging, u.name, u.data)
            files[u.name] = {
                "sha256": hashlib.sha256(u.data).hexdigest(),
                "bytes": len(u.data),
                "pages": u.pages,
                "tree_sha256": u.tree_hash,
                "content_sha256": u.content_hash,
                "writer_sha256": hashing.writer_hash(),
            }
            if u.engine:
                files[u.name]["pdf_engine"] = u.engine
        for name, data in sorted(prep.extra_files.items()):
            write_file(staging, name, data)
        manifest = dict(prep.manifest_base, files=files,
                        sources={n: hashlib.sha256(d).hexdigest() for n, d in sorted(prep.extra_files.items())})
        write_file(staging, "manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode())
        swap_in(staging, prep.final)
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _link(src: Path, dst: Path, size: int) -> bool:
    """A reused file joins the new pack as a hard link: it keeps its mtime (`watch` shows what changed) and
    costs no write. Files are only ever replaced by a new pack, never edited in place, so sharing is safe."""
    try:
        if src.stat().st_size != size:
            return False
        os.link(src, dst)
    except OSError:
        return False
    return True


def render_pack(deal_path: Path, output: Path, opts: Options, pool=None) -> dict:
    """Render one deal in-line (or with `pool`, an executor, for its units). Returns the manifest."""
    prep = prepare(deal_path, output, opts)
    if prep.skipped:
        return _read_manifest(prep.final) or {}
    todo = [u for u in prep.units if u.data is None]
    if pool is None:
        for u in todo:
            u.data, u.pages = write_unit(u, opts.pdfa, opts.reference_docx)
    else:
        futures = [(u, pool.submit(write_unit, u, opts.pdfa, opts.reference_docx)) for u in todo]
        for u, f in futures:
            u.data, u.pages = f.result()
    return finish(prep)
