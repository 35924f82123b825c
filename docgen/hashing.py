"""The fingerprints that decide whether earlier work can be reused: the docgen code, the writers, the
clause library, and any value by its repr. One implementation for the render manifest and the disk cache."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _skipped(p: Path) -> bool:
    # editor backups and swap files are not part of what a user edits
    return p.name.startswith(".") or p.name.endswith("~") or "__pycache__" in p.parts


def files_hash(root: Path, patterns: Iterable[str]) -> str:
    """sha256 over the relative path and content of every file under `root` matching the patterns."""
    root = Path(root)
    h = hashlib.sha256()
    for pattern in patterns:
        for p in sorted(root.glob(pattern)):
            if p.is_file() and not _skipped(p.relative_to(root)):
                h.update(p.relative_to(root).as_posix().encode() + b"\0")
                h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


@functools.cache
def code_hash() -> str:
    """The docgen source: a change to any module means a new render and a fresh disk cache."""
    return files_hash(PACKAGE, ("**/*.py",))


@functools.cache
def writer_hash() -> str:
    """The writers and their style assets: a tree unchanged under unchanged writers gives the same file."""
    from docgen.resources import style_dir

    code = files_hash(PACKAGE, ("writers/**/*.py", "layout.py", "tree.py"))
    return hashlib.sha256(f"{code}\n{files_hash(style_dir(), ('**/*',))}".encode()).hexdigest()


def library_hash(root: Path) -> str:
    """Every outline, clause, term and style file under `root` (templates/ and clauses/)."""
    return files_hash(root, ("clauses/**/*", "templates/**/*"))


def repr_hash(value) -> str:
    """sha256 of a value's repr: for trees, whose repr depends only on their values (pickle's bytes
    depend on which equal strings happen to be one object)."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()
