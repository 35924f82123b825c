"""Layout tree → PDF through Typst (`write_pdf`), docgen's default PDF engine.

- The template is fixed (`<style_dir>/typst/document.typ`); the tree reaches it as JSON data in
  `sys.inputs` (`docgen.writers.typst_data`), so deal text is printed as text and never evaluated.
- Typst reads files only under the style folder (its project root: the watermark), and sets type only
  in the project's fonts (`docgen.writers.typst_fonts`: no system font, none of Typst's own).
- Byte-identical output for the same tree: document and file dates from `DocMeta.date`, no clock.
- One compiler per thread, kept warm between documents (Typst caches fonts and layout work).
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
        cache[key] = typst.Compiler(root / TEMPLATE, root=root, font_paths=typst_fonts(), ignore_system_fonts=True)
    return cache[key]


def timestamp(date: str) -> int:
    """The PDF's creation time: midnight UTC of the document's date."""
    d = when(date)
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc).timestamp())


def write_pdf(doc: Document, *, pdfa: bool | None = None, options: WriterOptions = DEFAULT) -> bytes:
    """The PDF of a layout tree; with `pdfa` (default: `options.pdfa`), PDF/A-3b carrying `doc.attachments`."""
    import typst

    pdfa = options.pdfa if pdfa is None else pdfa
    data = json.dumps(document_data(doc, pdfa=pdfa), ensure_ascii=False, separators=(",", ":"))
    try:
        out = _compiler(options.style_dir).compile(
            format="pdf", sys_inputs={"docgen": data}, timestamp=timestamp(doc.meta.date),
            pdf_standards=["a-3b"] if pdfa else [])
    except typst.TypstError as e:
        raise TypstFailed(f"Typst could not print {doc.meta.document} ({doc.meta.layout}): {e.message}") from None
    return bytes(out)
