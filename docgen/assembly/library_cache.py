"""The clause library loaded once per process (reloaded when a file changes) and kept in the disk cache."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from docgen.assembly.errors import LibraryError
from docgen.assembly.spec import Library
from docgen.hashing import library_hash

_CACHE: dict[Path, tuple[tuple, Library]] = {}
_LOCK = threading.Lock()


def _signature(root: Path) -> tuple:
    out = []
    for sub in ("clauses", "templates"):
        for dirpath, dirs, files in os.walk(root / sub):
            dirs.sort()
            for f in sorted(files):
                st = os.stat(os.path.join(dirpath, f))
                out.append((os.path.join(dirpath, f), st.st_mtime_ns, st.st_size))
    return tuple(out)


def get_library(root: Path) -> Library:
    """The library under `root`, loaded once per process and reloaded when any file changes."""
    key = Path(root).resolve()
    sig = _signature(key)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit and hit[0] == sig:
            return hit[1]
    lib = _read_cached(key, hit[1].codes if hit else None)
    with _LOCK:
        _CACHE[key] = (sig, lib)
    return lib


def _read_cached(root: Path, earlier: dict | None = None) -> Library:
    """Read the library, or take it from the disk cache when its files are byte-for-byte the same.

    Its compiled texts: those of this very library, else those of the library as it was before an edit
    (`earlier`, or the last one kept for this folder): a code is filed under its text, its file and its
    place (sandbox.compiled), so an edited text is compiled again and the unchanged ones are not."""
    from docgen.assembly import diskcache

    ckey = diskcache.key_of("library", str(root), library_hash(root))
    lib = diskcache.load("library", ckey)
    if not isinstance(lib, Library):
        lib = _read_library(root)
        lib.compiled = {}
        diskcache.store("library", ckey, lib)
    lib.cache_key = ckey
    codes = diskcache.load("jinja", ckey, codec="marshal")
    lib.codes_dirty = False
    if not isinstance(codes, dict):
        if earlier is None:
            last = diskcache.load("jinja-last", _last_key(root))
            earlier = diskcache.load("jinja", last, codec="marshal") if isinstance(last, str) else None
        codes = dict(earlier) if isinstance(earlier, dict) else {}
        lib.codes_dirty = bool(codes)  # kept under this library's key too
    lib.codes = codes
    return lib


def _last_key(root: Path) -> str:
    from docgen.assembly import diskcache

    return diskcache.key_of("jinja-last", str(root))


def persist_codes(lib: Library) -> None:
    """Keep the Jinja code compiled in this run for the next process (see sandbox.compiled)."""
    if lib.codes_dirty and lib.cache_key:
        from docgen.assembly import diskcache

        diskcache.store("jinja", lib.cache_key, dict(lib.codes), codec="marshal")
        diskcache.store("jinja-last", _last_key(Path(lib.root)), lib.cache_key)
        lib.codes_dirty = False


def load_library(root: Path) -> Library:
    """The library, or a `LibraryError` listing every structural problem."""
    lib = get_library(root)
    if lib.problems:
        raise LibraryError(lib.problems)
    return lib


def _read_library(root: Path) -> Library:
    from docgen.assembly.library import read_library

    return read_library(root)
