"""Writing a pack to disk safely: paths confined to the output folder, atomic replacement, locking.

A pack is rendered into a private temporary folder beside its destination and swapped in whole
under a lock, so a failed, interrupted or concurrent render never leaves a half pack.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from pathlib import Path

from docgen.model.deal import DEAL_ID


class UnsafePath(ValueError):
    pass


def pack_dir(output: Path, deal_id: str) -> Path:
    """The folder of one deal's pack; refuses ids that could leave the output folder."""
    if not DEAL_ID.match(deal_id) or "\x00" in deal_id:
        raise UnsafePath(f"deal id {deal_id!r} is not a safe folder name")
    root = output.resolve()
    target = (root / deal_id).resolve()
    if target.parent != root:
        raise UnsafePath(f"deal id {deal_id!r} would write outside {root}")
    return target


@contextlib.contextmanager
def pack_lock(output: Path, deal_id: str):
    """An exclusive lock per deal: two renders of the same deal take turns at the swap."""
    locks = output / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / f"{deal_id}.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover(final: Path) -> None:
    """Undo a swap that was killed between its two renames: the previous pack comes back."""
    if final.exists():
        for old in final.parent.glob(f".{final.name}.old-*"):
            shutil.rmtree(old, ignore_errors=True)
        return
    olds = sorted(final.parent.glob(f".{final.name}.old-*"))
    if olds:
        os.rename(olds[-1], final)


def new_staging(output: Path, deal_id: str) -> Path:
    output.mkdir(parents=True, exist_ok=True)
    staging = output / f".{deal_id}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    return staging


def write_file(folder: Path, name: str, data: bytes) -> None:
    if "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
        raise UnsafePath(f"refusing to write {name!r}")
    path = folder / name
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def swap_in(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` (both in one folder)."""
    with pack_lock(final.parent, final.name):
        recover(final)
        old = None
        if final.exists():
            old = final.parent / f".{final.name}.old-{uuid.uuid4().hex[:8]}"
            os.rename(final, old)
        os.rename(staging, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def clean_stale_staging(output: Path) -> None:
    """Remove temporary folders left by renders that were killed (their process no longer exists)."""
    if not output.exists():
        return
    for tmp in output.glob(".*.tmp-*"):
        try:
            pid = int(tmp.name.rsplit(".tmp-", 1)[1].split("-")[0])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
