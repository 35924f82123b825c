"""The two inputs of `docgen compare`: each a deal file or a rendered pack (its deal.yaml, manifest and
DOCX files, as the pipeline wrote them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from docgen import pipeline

LAYOUT_PREFERENCE = ("parallel", "zh", "sequential", "en")  # the pack DOCX a redline starts from


class BadInput(Exception):
    """OLD or NEW cannot be used; the message says why (diagnostics ride on DealError instead)."""


@dataclass
class Side:
    name: str  # OLD | NEW
    arg: Path  # as the user gave it
    deal_path: Path
    pack: Path | None
    manifest: dict | None
    deal: object
    positions: object
    sha256: str
    date: dt.date | None = None  # the render option the pack was made with (None: the deal's draft date)
    draft: bool = False

    @property
    def shown(self) -> str:
        return str(self.arg)


def resolve(arg: Path, name: str) -> tuple[Path, Path | None]:
    """A deal file, or a pack folder → (deal file, pack folder or None)."""
    p = Path(arg)
    if not p.exists():
        raise BadInput(f"{name} {p}: no such file or folder")
    if p.is_dir():
        deal = p / "deal.yaml"
        if not deal.is_file():
            raise BadInput(f"{name} {p}: a folder, but not a rendered pack (no deal.yaml in it)")
        return deal, p
    if not p.is_file():
        raise BadInput(f"{name} {p}: not a regular file")
    return p, None


def load_side(arg: Path, name: str) -> Side:
    from docgen.model.loader import read_yaml

    deal_path, pack = resolve(arg, name)
    src = pipeline.load(deal_path)  # DealError carries the located diagnostics
    try:
        positions = read_yaml(deal_path)[1]  # for line numbers in the summary
    except Exception:  # the deal loaded, so this cannot really fail; the lines are a nicety
        positions = None
    manifest = None
    date, draft = None, False
    if pack is not None:
        try:
            manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            manifest = None
        opts = (manifest or {}).get("options") or {}
        try:
            date = dt.date.fromisoformat(opts["date"]) if opts.get("date") else None
        except (TypeError, ValueError):
            date = None
        draft = bool(opts.get("draft", False))
    return Side(name, Path(arg), deal_path, pack, manifest, src.deal, positions, src.sha256, date, draft)


def pack_docx(side: Side, doc: str, layout: str) -> bytes | None:
    """The pack's own DOCX of a document, if it is there and still matches its manifest."""
    if side.pack is None:
        return None
    name = f"{doc}-{layout}.docx"
    try:
        data = (side.pack / name).read_bytes()
    except OSError:
        return None
    info = ((side.manifest or {}).get("files") or {}).get(name) or {}
    if info.get("sha256") and hashlib.sha256(data).hexdigest() != info["sha256"]:
        return None
    return data


def common_pack_layout(old: Side, new: Side, doc: str) -> str | None:
    if old.pack is None or new.pack is None:
        return None
    for layout in LAYOUT_PREFERENCE:
        if (old.pack / f"{doc}-{layout}.docx").is_file() and (new.pack / f"{doc}-{layout}.docx").is_file():
            return layout
    return None
