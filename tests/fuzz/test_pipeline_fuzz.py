"""Fuzzing the whole path: validate → project → assemble → lay out, on valid and near-valid deals.

Nothing may raise but a located validation error, and money is conserved on every payment date.
The CI budget is small; for a longer run:

    DOCGEN_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/fuzz -p no:cacheprovider
"""

from __future__ import annotations

import copy
import io
import os
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from docgen.assembly.assemble import assemble_pack
from docgen.layout import apply_layout
from docgen.model.diagnostics import DealError
from docgen.model.loader import load_deal
from docgen.projection.run import project
from tests.projection.conftest import conserved

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [ROOT / "deals" / n for n in ("worked-example-1.yaml", "heating-sweep-guaranteed.yaml",
                                        "hydro-power-sales.yaml", "scheduled-receivables.yaml",
                                        "heating-receivable-cap.yaml")]
EXAMPLES = int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "20"))
_yaml = YAML(typ="safe", pure=True)
BASES = {p.name: _yaml.load(p.read_text("utf-8")) for p in SAMPLES}

# values a hand-edited deal file plausibly holds where a number, date or word belongs
odd_values = st.one_of(
    st.integers(-10**9, 10**12),
    st.decimals(min_value=-1000, max_value=10**9, allow_nan=False, allow_infinity=False, places=4),
    st.text(max_size=12),
    st.sampled_from(["", "１２３", "1,000", "2028-02-30", "None", "{{ x }}", "<script>", "&", None, True, [], {}]),
    st.dates(),
)


def _paths(node, prefix=()):
    """Every leaf and container path of a deal, to pick mutations from."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _get(node, path):
    for p in path:
        node = node[p]
    return node


@st.composite
def near_valid_deals(draw):
    name = draw(st.sampled_from(sorted(BASES)))
    data = copy.deepcopy(BASES[name])
    paths = [p for p in _paths(data) if p]
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(paths))
        try:
            parent = _get(data, path[:-1])
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["set", "set", "scale", "delete"]))
        try:
            if action == "delete":
                del parent[path[-1]]
            elif action == "scale" and isinstance(parent[path[-1]], (int, float, Decimal)) and not isinstance(parent[path[-1]], bool):
                factor = draw(st.sampled_from([Decimal("0"), Decimal("0.5"), Decimal("0.9"), Decimal("1.1"), Decimal("2")]))
                parent[path[-1]] = Decimal(str(parent[path[-1]])) * factor
            else:
                parent[path[-1]] = draw(odd_values)
        except (KeyError, IndexError, TypeError):
            continue
    return name, data


def _dump(data) -> str:
    y = YAML(typ="safe", pure=True)
    y.representer.add_representer(Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", str(d)))
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=near_valid_deals())
def test_whole_path_raises_only_located_validation_errors(tmp_path_factory, case):
    name, data = case
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_text(_dump(data), "utf-8")
    try:
        deal = load_deal(path)
    except DealError as e:
        assert e.diagnostics and all(d.line >= 1 and d.file == str(path) for d in e.diagnostics)
        return
    proj = project(deal)
    for p in proj.periods:
        assert conserved(p), (p.index, p.payment_date)
        assert all(b >= 0 for b in p.balances.values())
    trees = assemble_pack(deal, proj, root=ROOT)
    assert {"asset-purchase-agreement", "offering-memorandum"} <= set(trees)
    for tree in trees.values():
        apply_layout(tree, "parallel")
