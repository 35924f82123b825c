"""A per-user cache of what assembly would otherwise redo in every new process.

Three things are costly and depend only on their inputs: the parsed clause library (ruamel reads
~100 files), the compiled Jinja code of each clause text, and the charts (matplotlib). Each is
stored under a key that hashes its inputs together with the docgen code that produced it, so a
stale entry is never used: a changed clause, deal, projection or module gives a new key.

The folder is `$DOCGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/docgen`, else `~/.cache/docgen`; set
`DOCGEN_CACHE_DIR=off` to disable. Writes are atomic (temp file + rename); a cache that cannot be
read or written is ignored, never an error.

The folder is kept under `$DOCGEN_CACHE_MAX_MB` (default 500): every code change files new entries,
so without a limit a lawyer's disk would fill over months. A process that writes checks the size once
and drops the entries used longest ago (a hit marks its entry used).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import pickle
import tempfile
from pathlib import Path

from docgen.hashing import code_hash

DEFAULT_MAX_MB = 500
_pruned = False  # this process has checked the folder's size


def folder() -> Path | None:
    env = os.environ.get("DOCGEN_CACHE_DIR")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen"


@functools.cache
def code_key() -> str:
    """The docgen source that shapes cached values (any module change invalidates every entry), and
    the versions of the two libraries whose output is cached (compiled Jinja code, matplotlib charts)."""
    from importlib.metadata import version

    # the installed versions, read without importing matplotlib (0.2 s a process that only reads the cache)
    versions = f"jinja2 {version('jinja2')} matplotlib {version('matplotlib')}"
    return hashlib.sha256(f"{code_hash()}\n{versions}".encode()).hexdigest()[:24]


def _path(kind: str, key: str) -> Path | None:
    base = folder()
    if base is None:
        return None
    return base / kind / f"{key}.bin"


def load(kind: str, key: str, *, codec: str = "pickle"):
    p = _path(kind, key)
    if p is None:
        return None
    try:
        data = p.read_bytes()
        value = marshal.loads(data) if codec == "marshal" else pickle.loads(data)
    except Exception:  # noqa: BLE001 — a missing or unreadable entry is a miss
        return None
    try:
        os.utime(p)  # used now: pruning keeps it
    except OSError:
        pass
    return value


def store(kind: str, key: str, value, *, codec: str = "pickle") -> None:
    p = _path(kind, key)
    if p is None:
        return
    try:
        data = marshal.dumps(value) if codec == "marshal" else pickle.dumps(value, protocol=5)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, p)
    except Exception:  # noqa: BLE001 — a read-only home or a full disk only costs speed
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except Exception:  # noqa: BLE001
            pass
    global _pruned
    if not _pruned:
        _pruned = True
        prune(p.parent.parent)


def max_bytes() -> int:
    try:
        return int(float(os.environ.get("DOCGEN_CACHE_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def prune(base: Path, limit: int | None = None) -> None:
    """Keep the cache folder under `limit` bytes: above it, drop the entries used longest ago until
    three quarters of the limit are left (so that the next writes do not prune again at once)."""
    limit = max_bytes() if limit is None else limit
    entries = []
    try:
        for kind in os.scandir(base):
            if kind.is_dir(follow_symlinks=False):
                for e in os.scandir(kind.path):
                    if e.is_file(follow_symlinks=False):
                        st = e.stat(follow_symlinks=False)
                        entries.append((st.st_mtime, st.st_size, e.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, path in sorted(entries):
        if total <= limit * 3 // 4:
            break
        try:
            os.unlink(path)
            total -= size
        except OSError:
            pass


def key_of(*parts: bytes | str) -> str:
    h = hashlib.sha256(code_key().encode())
    for part in parts:
        h.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return h.hexdigest()
