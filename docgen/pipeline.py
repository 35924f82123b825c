"""The one path from a deal file to files: load → project → assemble (bilingual trees) → lay out → write.

`docgen render`, `compare`, `lint --deal` and `check` call these steps instead of each chaining the
stages themselves. Each step is a plain function of typed values; the expensive imports happen inside
the step that needs them, so that a re-render with nothing to do stays fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen import __version__
from docgen.hashing import repr_hash

if TYPE_CHECKING:
    from docgen.assembly.errors import Problem
    from docgen.model.deal import Deal
    from docgen.projection.result import Projection
    from docgen.tree import Document

FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Source:
    """A deal file read and validated: its bytes (copied into the pack) and its model."""

    path: Path
    raw: bytes
    deal: Deal

    @functools.cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


def load(path: Path) -> Source:
    """Read and validate a deal file; raises DealError when it cannot be read or is invalid."""
    from docgen.model.loader import read_deal_bytes

    raw = read_deal_bytes(path)  # regular files only, to the size limit: a FIFO or /dev/zero never hangs
    return Source(Path(path), raw, read_deal(path))


def read_deal(path: Path) -> Deal:
    """Parse and validate a deal file; every failure, an unreadable file too, is a located DealError."""
    from docgen.model.loader import load_deal

    return load_deal(path)


def project(deal: Deal, scenario: str | None = None) -> Projection:
    from docgen.projection.run import project as run

    return run(deal, scenario)


def documents(root: Path) -> list[str]:
    """The documents of a pack, in pack order: one per outline in the library's templates/."""
    from docgen.assembly.assemble import pack_documents

    return pack_documents(root)


def assemble(deal: Deal, proj: Projection, *, root: Path, documents: tuple[str, ...] | list[str] | None = None,
             date: dt.date | None = None, draft: bool = False, figures: bool = True,
             each: Callable[[str, Document], None] | None = None, largest_first: bool = False) -> dict[str, Document]:
    """The bilingual tree of each document (of those named; default all) that applies to the deal.

    `date` defaults to the deal's draft date, never the clock. With `figures=False` the charts are left
    blank: drawing them is most of an assembly's time and they carry no text. With `each`, each tree is
    handed to `each(doc_id, tree)` as soon as it is assembled instead of returned (see assemble_pack)."""
    from docgen.assembly.assemble import assemble_pack

    with contextlib.nullcontext() if figures else _blank_charts():
        return assemble_pack(deal, proj, root=root, documents=list(documents) if documents else None, draft=draft,
                             date=date or deal.plan.draft_date, inputs_hash="", version=__version__, each=each,
                             largest_first=largest_first)


@contextlib.contextmanager
def _blank_charts() -> Iterator[None]:
    # Assembly has no option to skip the charts yet, so their builders are swapped for blank ones while
    # the block runs (the assembler never caches a builder that is not a named function).
    from docgen.assembly import registry

    registry.load_builders()  # register the real ones first (imports only once)
    saved = dict(registry.FIGURES)
    try:
        for fid in saved:
            registry.FIGURES[fid] = functools.partial(_blank_chart, fid)
        yield
    finally:
        registry.FIGURES.update(saved)


def _blank_chart(figure_id: str, ctx) -> object:
    from docgen.tree import Bi, Figure

    return Figure(id=figure_id, caption=Bi("", ""), svg=b"", png=b"")


def content_hash(tree: Document) -> str:
    """The hash of a document's assembled content (a function of deal, projection and library)."""
    return repr_hash(tree)


def stamp(tree: Document) -> Document:
    """The tree carrying its own content hash as provenance, as every file of a pack does: an unchanged
    document keeps its file on re-render."""
    return replace(tree, meta=replace(tree.meta, inputs_hash=content_hash(tree)))


def lay_out(tree: Document, layout: str, attachments: tuple[tuple[str, bytes], ...] = ()) -> Document:
    """One layout (parallel, sequential, zh, en) of a stamped bilingual tree, with PDF/A attachments."""
    from docgen.layout import apply_layout

    out = apply_layout(tree, layout)
    return replace(out, attachments=tuple(attachments)) if attachments else out


def write(tree: Document, fmt: str, *, pdfa: bool = False, reference_docx: bytes | None = None,
          pdf_engine: str | None = None) -> tuple[bytes, int]:
    """A layout tree as a file of format `fmt` (pdf or docx): its bytes and its page count (0 for DOCX).
    `pdf_engine`: typst or weasyprint (default: `WriterOptions`' default, Typst)."""
    if fmt == "pdf":
        from docgen.writers.options import WriterOptions
        from docgen.writers.pdf import pdf_page_count, write_pdf

        options = WriterOptions(pdf_engine=pdf_engine) if pdf_engine else WriterOptions()
        data = write_pdf(tree, pdfa=pdfa, options=options)
        return data, pdf_page_count(data)
    from docgen.writers.docx import write_docx

    return write_docx(tree, reference_docx=reference_docx), 0


def problems(path: Path, root: Path, *, run_projection: Callable = project) -> list[Problem]:
    """Run one deal through the pipeline up to its trees; every failure is a `Problem` (`lint --deal`).

    Each document is assembled on its own, so that one broken document does not hide another's problems."""
    from docgen.assembly.errors import AssemblyError, Problem
    from docgen.model.diagnostics import DealError

    try:
        deal = read_deal(path)
    except DealError as e:
        return [Problem(d.file, d.line, "<deal>", f"{d.path}: {d.message}") for d in e.diagnostics]
    try:
        proj = run_projection(deal)
    except Exception as e:  # noqa: BLE001 — reported like any other problem of the deal
        return [Problem(str(path), 1, "<deal>", f"projection failed: {type(e).__name__}: {e}")]
    tag = f" [deal {deal.plan.id}]"
    out: list[Problem] = []
    for doc in documents(root):
        try:
            assemble(deal, proj, root=root, documents=[doc])
        except AssemblyError as e:
            out += [replace(p, message=p.message + tag) for p in e.problems]
    return out
