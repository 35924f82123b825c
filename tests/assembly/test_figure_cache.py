"""The chart cache (docgen/assembly/figure_cache.py): hit in a new process, never stale."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import BaseModel

from docgen.assembly import figures
from docgen.assembly.assemble import assemble
from docgen.assembly.figure_cache import FIGURE_INPUTS
from docgen.assembly.labels import context_for
from docgen.assembly.registry import FIGURES, load_builders
from docgen.model import load_deal
from docgen.projection.run import project
from docgen.tree import Figure

ROOT = Path(__file__).resolve().parents[2]
DEAL = ROOT / "deals" / "heating-sweep-guaranteed.yaml"
OM = "offering-memorandum"


@pytest.fixture(scope="module")
def deal_proj():
    deal = load_deal(DEAL)
    return deal, project(deal)


def _figures(node):
    if isinstance(node, Figure):
        yield node
    elif isinstance(node, tuple):
        for x in node:
            yield from _figures(x)
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            yield from _figures(getattr(node, f.name))


def _svgs(doc) -> str:
    return "\n".join(f.svg.decode() + "".join(s.decode() for _, s, _ in f.langs) for f in _figures(doc))


def test_the_key_is_the_same_in_every_process(tmp_path):
    """The key once pickled a pydantic model, whose set of set fields follows the per-process string hash:
    every new process missed and drew the four charts again."""
    code = ("from docgen.model import load_deal; from docgen.projection.run import project; "
            "from docgen.assembly.figure_cache import inputs_repr; import hashlib, sys; "
            "d = load_deal(sys.argv[1]); print(hashlib.sha256(inputs_repr(d, project(d)).encode()).hexdigest())")
    keys = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        r = subprocess.run([sys.executable, "-c", code, str(DEAL)], capture_output=True, text=True, env=env, cwd=ROOT)
        assert r.returncode == 0, r.stderr
        keys.add(r.stdout.strip())
    assert len(keys) == 1


def test_a_warm_cache_draws_nothing_and_an_edited_legend_is_redrawn(tmp_path, monkeypatch, deal_proj):
    deal, proj = deal_proj
    root = tmp_path / "lib"
    for sub in ("clauses", "templates"):
        shutil.copytree(ROOT / sub, root / sub)
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    drawn = []
    real = figures._draw_one
    monkeypatch.setattr(figures, "_draw_one", lambda draw, lang: drawn.append(lang) or real(draw, lang))

    first = _svgs(assemble(deal, proj, OM, root=root))
    assert drawn and "Base case" in first
    drawn.clear()
    assert _svgs(assemble(deal, proj, OM, root=root)) == first
    assert drawn == [], "a warm cache must not draw a chart again"

    charts = root / "clauses" / "tables" / "charts.yaml"
    text = charts.read_text("utf-8")
    assert text.count("en: Base case}") == 1
    charts.write_text(text.replace("en: Base case}", "en: Central case}"), "utf-8")
    edited = _svgs(assemble(deal, proj, OM, root=root))
    assert "Central case" in edited and "Base case" not in edited
    assert len(drawn) == 3, "only the chart whose legend changed is drawn again (bilingual, zh, en)"


def test_a_changed_projection_is_redrawn(tmp_path, monkeypatch, deal_proj):
    deal, proj = deal_proj
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path / "cache"))
    load_builders()
    ctx = context_for(deal, proj, OM)
    from docgen.assembly.figure_cache import cached_figure, inputs_repr

    fn = FIGURES["om.monthly"]
    a = cached_figure(fn, ctx, ("t", "om.monthly"), inputs_repr(deal, proj))
    months = (replace(proj.months[0], cash=proj.months[0].cash * 3),) + proj.months[1:]
    other = replace(proj, months=months)
    b = cached_figure(fn, replace(ctx, proj=other), ("t", "om.monthly"), inputs_repr(deal, other))
    assert a.svg != b.svg


class _Traced:
    """A deal that notes the dotted path of every field a chart reads."""

    def __init__(self, obj, path: str, reads: set):
        self._obj, self._path, self._reads = obj, path, reads

    def __getattr__(self, name):
        path = f"{self._path}.{name}" if self._path else name
        self._reads.add(path)
        value = getattr(self._obj, name)
        return _Traced(value, path, self._reads) if isinstance(value, BaseModel) else value


def test_the_key_holds_every_deal_field_a_chart_reads(deal_proj, monkeypatch):
    """A chart that starts reading another deal field must add it to FIGURE_INPUTS, or a cached chart
    would not change when that field does."""
    deal, proj = deal_proj

    def draw_only(draw, lang):  # what the drawing code reads is traced; nothing is saved
        import matplotlib

        plt = figures._plt()
        with matplotlib.rc_context(figures.RC):
            fig = plt.figure(figsize=figures.SIZE)
            try:
                draw(fig, lang)
            finally:
                plt.close(fig)
        return b"", b""

    monkeypatch.setattr(figures, "_draw_one", draw_only)
    load_builders()
    ctx = context_for(deal, proj, OM)
    reads: set = set()
    for fid in ("om.inflow-vs-due", "om.coverage", "om.balances", "om.monthly"):
        FIGURES[fid](replace(ctx, deal=_Traced(deal, "", reads)))
    allowed = set(FIGURE_INPUTS) | {"credit_enhancement.model_fields_set"}
    uncovered = [p for p in sorted(reads)
                 if not any(p == a or p.startswith(a + ".") or a.startswith(p + ".") for a in allowed)]
    assert reads and uncovered == []
