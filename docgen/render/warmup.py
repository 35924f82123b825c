"""A writer process's head start: Typst's first document loads the template and the fonts (~0.2 s of CPU),
so a new worker sets one short paragraph while the parent is still assembling the pack. Nothing is written.
Its words are a label of the clause library in both scripts (the library is in memory already: the worker
is forked after the deal was read), set regular and bold."""

from __future__ import annotations

SAMPLE_LABEL = "institution.depository.SSE"


def warm_typst() -> None:
    from docgen import pipeline
    from docgen.assembly.labels import plain_label
    from docgen.assembly.library_cache import load_library
    from docgen.resources import library_root
    from docgen.tree import DocMeta, Document, Para, Run

    words = plain_label(load_library(library_root()), SAMPLE_LABEL)
    text = f"{words.zh} {words.en} 0123456789"
    meta = DocMeta(deal_id="warm-up", document="warm-up", layout="parallel", title="warm-up", running_header="",
                   date="2000-01-01", inputs_hash="", version="")
    doc = Document(meta=meta, blocks=(Para((Run(text), Run(text, bold=True))),))
    pipeline.write(doc, "pdf", pdf_engine="typst")
