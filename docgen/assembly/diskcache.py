"""A per-user cache of what assembly would otherwise redo in every new process.

Three things are costly and depend only on their inputs: the parsed clause library (ruamel reads
~100 files), the compiled Jinja code of each clause text, and the charts (matplotlib). Each is
stored under a key that hashes its inputs together with the docgen code that produced it, so a
stale entry is never used: a changed clause, deal, projection or module gives a new key.

The folder is `$DOCGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/docgen`, else `~/.cache/docgen`; set
`DOCGEN_CACHE_DIR=off` to disable. Writes are atomic (temp file + rename); a cache that cannot be
read or written is ignored, never an error.
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
        return marshal.loads(data) if codec == "marshal" else pickle.loads(data)
    except Exception:  # noqa: BLE001 — a missing or unreadable entry is a miss
        return None


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


def key_of(*parts: bytes | str) -> str:
    h = hashlib.sha256(code_key().encode())
    for part in parts:
        h.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return h.hexdigest()
