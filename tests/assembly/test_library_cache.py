"""The clause library and its compiled texts in the disk cache: an edited clause prints its new text
in a new process with a warm cache (the cache never prints stale text)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "clauses" / "mini"
DEAL = ROOT / "deals" / "worked-example-1.yaml"

# one new process: assemble the asset purchase agreement of the library at argv[1], print its English text
SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, "tests/assembly")
import conftest  # registers the test builders that the mini library names
from docgen.assembly import sandbox
compiles = []
for name in ("_compile_template", "_compile_expression"):
    real = getattr(sandbox, name)
    setattr(sandbox, name, lambda src, real=real: compiles.append(src.text) or real(src))
from docgen.assembly.assemble import assemble_pack
from docgen.model import load_deal
from docgen.projection.run import project
deal = load_deal(sys.argv[2])
docs = assemble_pack(deal, project(deal), Path(sys.argv[1]), ["asset-purchase-agreement"], date=deal.plan.draft_date)
print(repr(docs))
print("compiled", len(compiles))
"""


def _assembled(root: Path, cache: Path) -> tuple[str, int]:
    env = dict(os.environ, DOCGEN_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(root), str(DEAL)], capture_output=True, text=True,
                       env=env, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    tree, compiled = r.stdout.rsplit("compiled ", 1)
    return tree, int(compiled)


def test_an_edited_clause_prints_its_new_text_with_a_warm_cache(tmp_path):
    root, cache = tmp_path / "lib", tmp_path / "cache"
    shutil.copytree(MINI, root)
    first, compiled = _assembled(root, cache)
    assert "sells the Underlying Assets" in first and compiled > 10
    assert list(cache.glob("library/*.bin")) and list(cache.glob("jinja/*.bin")), "the cache was filled"
    assert _assembled(root, cache) == (first, 0)  # warm: the same tree, nothing compiled

    clause = root / "clauses" / "asset-purchase-agreement" / "04-purpose.yaml"
    text = clause.read_text("utf-8")
    # two templated texts, each edited to a text of the same length
    clause.write_text(text.replace("sells the Underlying", "sold the Underlying ")
                      .replace("also pledges its", "as well pledges"), "utf-8")
    edited, compiled = _assembled(root, cache)
    assert "sold the Underlying  Assets" in edited and "sells the Underlying" not in edited
    assert "as well pledges" in edited or "also pledges" not in first
    # the library changed, its other texts did not: only the two edited texts are compiled again
    assert compiled == 2
