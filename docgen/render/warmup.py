"""A writer process's head start: Typst's first document loads the template and the fonts (~0.2 s of CPU),
so a new worker sets one short line while the parent is still assembling the pack. Nothing is written.
The line holds no words of a document: it is markup-free sample text in both scripts, regular and bold."""

from __future__ import annotations

SAMPLE = "\u6837\u672c Sample 0123456789"  # two CJK ideographs ("sample"): the CJK font, then the Latin one


def warm_typst() -> None:
    from docgen import pipeline
    from docgen.tree import DocMeta, Document, Para, Run

    meta = DocMeta(deal_id="warm-up", document="warm-up", layout="parallel", title="warm-up", running_header="",
                   date="2000-01-01", inputs_hash="", version="")
    doc = Document(meta=meta, blocks=(Para((Run(SAMPLE), Run(SAMPLE, bold=True))),))
    pipeline.write(doc, "pdf", pdf_engine="typst")
