"""docs/deal-reference.md: generated from the model, never stale; every field described."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from docgen.model import reference
from docgen.model.deal import Deal

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "deal-reference.md"


def row(text: str, section: str, field: str) -> list[str]:
    """The cells of one field's row in one section of the reference."""
    part = text.split(f"## `{section}`", 1)[1].split("\n## ", 1)[0]
    line = next(x for x in part.splitlines() if x.startswith(f"| `{field}` |"))
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def test_committed_reference_is_current():
    assert DOC.read_text(encoding="utf-8") == reference.render(), (
        "docs/deal-reference.md is stale: run  python -m docgen.model.reference > docs/deal-reference.md")


def test_every_field_has_a_description_and_a_row():
    text = DOC.read_text(encoding="utf-8")
    missing = []
    for cls, _paths in reference.models():
        assert issubclass(cls, BaseModel)
        for name in reference.own_fields(cls):
            f = cls.model_fields[name]
            if not (f.description or "").strip():
                missing.append(f"{cls.__name__}.{name}")
            assert f"| `{f.alias or name}` |" in text
    assert not missing, f"fields without Field(description=...): {missing}"


def test_rows_say_type_default_rules_and_example():
    text = DOC.read_text(encoding="utf-8")
    total = row(text, "plan", "total_size")
    assert total[2] == "**required**" and "tranche-sum" in total[4] and "amount_unit" in total[3]
    assert row(text, "plan", "id")[5] == "`heating-sweep-guaranteed`"  # the first sample's own id
    unit = row(text, "plan", "amount_unit")
    assert unit[1] == "one of `yuan`, `wan`" and unit[2] == "`yuan`"
    # a rule found by what it reads: `sweep` compares the sweep interval with the credit support
    assert "sweep" in row(text, "dates.sweep", "interval")[4]
    assert row(text, "tranches[]", "class")[1] == "one of `senior`, `mezzanine`, `subordinated`"


def test_schema_carries_the_descriptions():
    schema = Deal.model_json_schema(by_alias=True)
    plan = schema["$defs"]["Plan"]["properties"]
    assert plan["amount_unit"]["description"] == Deal.model_fields["plan"].annotation.model_fields["amount_unit"].description
    assert "10,000 yuan" in plan["amount_unit"]["description"]
