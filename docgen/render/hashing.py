"""Hashes that decide whether a pack must be rendered again: code, clause library, writers."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def _tree_hash(root: Path, patterns: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for pattern in patterns:
        for p in sorted(root.glob(pattern)):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(root)).encode() + b"\0")
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


@functools.cache
def code_hash() -> str:
    """The docgen source: a change to any module means a new render."""
    return _tree_hash(PACKAGE, ("**/*.py",))


@functools.cache
def writer_hash() -> str:
    """The writers and their style assets: a tree unchanged under unchanged writers gives the same file."""
    return _tree_hash(PACKAGE.parent, ("docgen/writers/**/*.py", "docgen/layout.py", "docgen/tree.py", "templates/style/**/*"))


@functools.cache
def library_hash(root: Path) -> str:
    """Outlines, clauses, terms and styles."""
    return _tree_hash(root, ("templates/**/*", "clauses/**/*"))
