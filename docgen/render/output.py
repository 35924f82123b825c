"""Writing a pack to disk safely: paths confined to the output folder, atomic replacement, locking.

A pack is rendered into a private temporary folder beside its destination and swapped in whole
under a lock, so a failed, interrupted or concurrent render never leaves a half pack. Only what docgen
made is ever replaced or deleted: a pack folder holding docgen's manifest.json, or a staging folder
holding docgen's marker file. Anything else in the output folder is the user's and is left alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import uuid
from pathlib import Path

from docgen.model.deal import DEAL_ID

MARKER = ".docgen-staging"  # inside every staging folder docgen makes: only those are ever cleaned up


class UnsafePath(ValueError):
    pass


def check_output(output: Path) -> None:
    """Before any work: the output folder exists and is writable, or can be made in a writable parent."""
    output = Path(output)
    shown = f"-o {output}"
    if output.exists() or output.is_symlink():
        if not output.is_dir():
            raise UnsafePath(f"{shown}: this is a file, not a folder")
        if not os.access(output, os.W_OK | os.X_OK):
            raise UnsafePath(f"{shown}: the folder is not writable")
        return
    parent = output.absolute().parent
    if not parent.exists():
        raise UnsafePath(f"{shown}: the folder {parent} does not exist; create it first")
    if not parent.is_dir():
        raise UnsafePath(f"{shown}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UnsafePath(f"{shown}: cannot create the folder, {parent} is not writable")
    try:
        output.mkdir()  # now: a file system that refuses it (read-only, /proc) is found before the work
    except FileExistsError:
        pass
    except OSError as e:
        raise UnsafePath(f"{shown}: cannot create the folder: {e.strerror or e}") from None


def made_by_docgen(folder: Path) -> bool:
    """A pack folder docgen wrote: its manifest.json names the folder's deal and lists the files."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("deal_id") == folder.name and isinstance(manifest.get("files"), dict)


PACK_FILES = ("manifest.json", "deal.yaml", "projection.json")  # beside the documents its manifest lists
# what a desktop or an open editor leaves beside the documents, not the user's work
LITTER = re.compile(r"^(\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\.~lock\..*#)$")


def check_replaceable(final: Path) -> None:
    """Refuse to replace a pack folder that docgen did not make (the user's own folder of that name), or
    one that holds a file docgen did not write there (a re-render replaces the whole folder)."""
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise UnsafePath(f"{final}: exists and is not a pack folder docgen made; move it away or choose another -o")
    if final.is_dir() and not made_by_docgen(final) and any(final.iterdir()):
        raise UnsafePath(f"{final}: this folder was not made by docgen (no docgen manifest.json); "
                         "move it away or choose another -o")
    if final.is_dir() and (extra := _not_written_by_docgen(final)):
        more = f" and {len(extra) - 3} more" if len(extra) > 3 else ""
        raise UnsafePath(f"{final}: holds {', '.join(extra[:3])}{more}, which docgen did not write (not in its "
                         "manifest.json); move it out first: a render replaces the whole pack folder")


def _not_written_by_docgen(folder: Path) -> list[str]:
    try:
        listed = json.loads((folder / "manifest.json").read_text("utf-8"))["files"]
        names = os.listdir(folder)
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no docgen pack (refused above) or an empty folder
    return sorted(n for n in names if n not in PACK_FILES and n not in listed and not LITTER.match(n))


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
    olds = sorted(p for p in final.parent.glob(f".{final.name}.old-*") if p.is_dir() and not p.is_symlink()
                  and _renamed_pack(p, final.name))
    if final.exists():
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)
        return
    if olds:
        os.rename(olds[-1], final)


def _renamed_pack(folder: Path, deal_id: str) -> bool:
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("deal_id") == deal_id


def new_staging(output: Path, deal_id: str) -> Path:
    output.mkdir(parents=True, exist_ok=True)
    staging = output / f".{deal_id}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    (staging / MARKER).write_bytes(b"")
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
    """Replace `final` (a pack docgen made, or nothing) by `staging` (both in one folder)."""
    with pack_lock(final.parent, final.name):
        recover(final)
        check_replaceable(final)  # again under the lock: the folder may have appeared during the render
        (staging / MARKER).unlink()
        old = None
        if final.exists():
            old = final.parent / f".{final.name}.old-{uuid.uuid4().hex[:8]}"
            os.rename(final, old)
        try:
            os.rename(staging, final)
        except BaseException:
            if old is not None:
                os.rename(old, final)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def clean_stale_staging(output: Path) -> None:
    """Remove staging folders left by renders that were killed (their marker present, their process gone)."""
    if not output.exists():
        return
    for tmp in output.glob(".*.tmp-*"):
        try:
            pid = int(tmp.name.rsplit(".tmp-", 1)[1].split("-")[0])
        except (IndexError, ValueError):
            continue
        if tmp.is_symlink() or not (tmp / MARKER).is_file():
            continue  # not docgen's: the user's own folder, whatever its name
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
