"""The printed words of the compare summary (units, "none", the date separator, role names), from the
clause library's label file `clauses/labels/review.yaml`, so that they are data like every printed word."""

from __future__ import annotations

import functools

from docgen.assembly.labels import LabelError, plain_label
from docgen.assembly.library import load_library
from docgen.resources import library_root
from docgen.tree import Bi


@functools.lru_cache(maxsize=None)
def _label(key: str) -> Bi:
    return plain_label(load_library(library_root()), key)  # once per key: a summary formats thousands of values


def word(key: str, lang: str, default: str | None = None) -> str:
    """The label `key` (`review.…`) in `lang`; `default`, if given, when the library has no such label."""
    try:
        return _label(key)[lang]
    except LabelError:
        if default is None:
            raise
        return default
