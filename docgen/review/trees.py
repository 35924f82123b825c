"""The documents `docgen compare` diffs, made by `docgen.pipeline`: a deal's bilingual trees (cached by
the deal's content, for attribution's many re-assemblies) and, when no pack has them, the DOCX files."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path

from docgen import pipeline
from docgen.resources import library_root
from docgen.review import dealdiff


class Builder:
    """Deal → bilingual trees of the pack's documents (project + assemble; nothing written), cached by
    the deal's content. With `figures=False` the charts are left blank: drawing them is most of an
    assembly's time and they carry no text, which is all attribution compares."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root or library_root())
        self._cache: dict[str, dict] = {}
        self.calls = 0
        self.seconds = 0.0

    def __call__(self, deal, *, date: dt.date | None, draft: bool, documents: tuple[str, ...] | None = None,
                 figures: bool = False) -> dict:
        key = hashlib.sha256(repr((dealdiff.plain(deal), date, draft, documents, figures)).encode()).hexdigest()
        if key in self._cache:
            return self._cache[key]
        t0 = time.perf_counter()
        trees = pipeline.assemble(deal, pipeline.project(deal), root=self.root, documents=documents, date=date,
                                  draft=draft, figures=figures)
        self.calls += 1
        self.seconds += time.perf_counter() - t0
        self._cache[key] = trees
        return trees

    def order(self, docs) -> list[str]:
        """Document ids in pack order (the library's), any others after them by id."""
        docs = set(docs)
        known = [d for d in pipeline.documents(self.root) if d in docs]
        return known + sorted(docs - set(known))


def render_docx(tree, layout: str) -> bytes:
    """One document's DOCX through the pipeline's layout and writer, as `docgen render` makes it."""
    return pipeline.write(pipeline.lay_out(pipeline.stamp(tree), layout), "docx")[0]


def title(tree, lang: str) -> str:
    """A document's title in one language, as its outline gives it for this deal."""
    if tree is None:
        return ""
    t = getattr(tree.meta, "title_bi", None)
    if t is not None and getattr(t, lang, None):
        return getattr(t, lang)
    return tree.meta.title
