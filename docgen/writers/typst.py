"""Layout tree → PDF through Typst (`write_pdf`), docgen's default PDF engine.

- The template is fixed (`<style_dir>/typst/document.typ`); the tree reaches it as JSON data
  (`docgen.writers.typst_data`) in an in-memory file, so deal text is printed as text and never evaluated.
- Typst reads files only under the style folder (its project root: the watermark), and sets type only
  in the project's fonts (`docgen.writers.typst_fonts`: no system font, none of Typst's own).
- Byte-identical output for the same tree: document and file dates from `DocMeta.date`, no clock.
- One compiler per thread, kept warm between documents (Typst caches fonts and layout work). The data is
  a file, not `sys.inputs`: a change of `sys.inputs` is a change of Typst's standard library, which
  voids every cached layout; a changed file voids only what read it, so after a one-figure edit Typst
  lays out again only what changed (0.13 CPU-s for the sample OM instead of 1.0; see the template's top).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

from docgen.tree import Document
from docgen.writers.options import DEFAULT, WriterOptions
from docgen.writers.typst_data import document_data, when
from docgen.writers.typst_fonts import typst_fonts

TEMPLATE = Path("typst") / "document.typ"  # under the style folder
# Each compile gets the template and the data as in-memory files (nothing is written to disk): the binding
# names the main file of such input main.typ, at the project root (the style folder: a relative path in
# the template is relative to that folder), and the template reads the data from /docgen.json.
MAIN, DATA = "main.typ", "docgen.json"
# Typst keeps the layout work of each compile (its comemo cache) for the next; the binding (typst==0.15.2)
# ages that cache after every compile and drops what none of the last WINDOW compiles used. A one-shot
# render keeps only the last compile's work (`retain`): each document then reuses the memory of the one
# before (a whole pack peaks ~120 MB lower, for ~0.05 CPU-s a document); `docgen watch` keeps more.
WINDOW = 10
_retain = 1
_LOCAL = threading.local()
# Typst's compiler runs threads of its own: a process that has compiled must not fork a worker that compiles
# again (it hangs); docgen.render.batch asks this before it makes a pool of forked workers.
COMPILED_HERE = False


class TypstFailed(RuntimeError):
    """Typst could not print the document (a bug in the template or the data, never the user's)."""


def _compiler(style_dir: Path):
    import typst

    cache = getattr(_LOCAL, "compilers", None)
    if cache is None:
        cache = _LOCAL.compilers = {}
    key = str(style_dir)
    if key not in cache:
        global COMPILED_HERE
        COMPILED_HERE = True
        root = Path(style_dir).resolve()
        cache[key] = typst.Compiler(root=root, font_paths=typst_fonts(), ignore_system_fonts=True)
    return cache[key]


def retain(compiles: int) -> None:
    """Keep the layout work of about the last `compiles` compiles (1 to WINDOW) of this process."""
    global _retain
    _retain = max(1, min(WINDOW, compiles))


def _age(compiler) -> None:
    """Age Typst's cache as `_retain` asks: each empty compile ages it by one (the binding's doing)."""
    for _ in range(WINDOW // _retain - 1):
        compiler.compile(input={MAIN: b""}, format="pdf")


def timestamp(date: str) -> int:
    """The PDF's creation time: midnight UTC of the document's date."""
    d = when(date)
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc).timestamp())


def write_pdf(doc: Document, *, pdfa: bool | None = None, options: WriterOptions = DEFAULT) -> bytes:
    """The PDF of a layout tree; with `pdfa` (default: `options.pdfa`), PDF/A-3b carrying `doc.attachments`."""
    import typst

    pdfa = options.pdfa if pdfa is None else pdfa
    data = json.dumps(document_data(doc, pdfa=pdfa), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    template = (Path(options.style_dir) / TEMPLATE).read_bytes()  # afresh each time: watch sees its edits
    compiler = _compiler(options.style_dir)
    try:
        out = compiler.compile(input={MAIN: template, DATA: data}, format="pdf", timestamp=timestamp(doc.meta.date),
                               pdf_standards=["a-3b"] if pdfa else [])
    except typst.TypstError as e:
        raise TypstFailed(f"Typst could not print {doc.meta.document} ({doc.meta.layout}): {e.message}") from None
    finally:
        _age(compiler)
    return bytes(out)
