"""The two inputs of `docgen compare`: each a deal file or a rendered pack (its deal.yaml, manifest and
DOCX files, as the pipeline wrote them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

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
    regulatory: list = field(default_factory=list)  # unwaived regulatory errors: said, never a refusal

    @property
    def regulatory_notes(self) -> list[str]:
        return [f"{self.name} has a regulatory error (compared all the same; render needs it fixed or waived): "
                f"{d.format()}" for d in self.regulatory]

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
    """OLD or NEW read like `project` reads a deal: a structural error stops the comparison (DealError with
    the located diagnostics); a regulatory error does not (analysis is never blocked), it is kept to be said."""
    from docgen.model.loader import load_located, read_deal_bytes

    deal_path, pack = resolve(arg, name)
    raw = read_deal_bytes(deal_path)
    deal, found, positions = load_located(deal_path, allow_regulatory=True)
    regulatory = [d for d in found if d.severity == "error"]
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
    return Side(name, Path(arg), deal_path, pack, manifest, deal, positions, hashlib.sha256(raw).hexdigest(), date,
                draft, regulatory)


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
