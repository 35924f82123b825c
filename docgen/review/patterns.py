"""The recognisers of `docgen check` (docgen/review/patterns.yaml): data, like every word the drafts print."""

from __future__ import annotations

import functools
import re
from importlib.resources import files

from ruamel.yaml import YAML


@functools.cache
def patterns() -> dict:
    return YAML(typ="safe", pure=True).load((files("docgen.review") / "patterns.yaml").read_text("utf-8"))


def compile_with(pattern: str, **parts: str) -> re.Pattern:
    """`pattern` with its `{NAME}` placeholders filled (plain replacement: regex braces stay as they are)."""
    for name, value in parts.items():
        pattern = pattern.replace("{" + name + "}", value)
    return re.compile(pattern)
