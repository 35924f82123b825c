"""Glyph advances of the fonts docgen prints tables with, for sizing columns (`docgen.writers.colwidths`).

The advances come from the font files themselves (fontTools on the Noto CJK SC faces of
fonts-noto-cjk, `docgen.writers.typst_fonts`), stored once in `templates/style/font-advances.json`
(`python -m docgen.writers.font_metrics` rebuilds it). Reading four 20 MB font collections costs
≈ 1.5 s a process; the table costs milliseconds, and column widths — hence page breaks — stay the same
on a machine that lacks the fonts (a DOCX-only install) or has another release of them. A test
compares the stored table with the installed fonts.

The table holds every mapped character below U+2E80 and among the half- and full-width forms; beyond
them (ideographs, kana, CJK punctuation) the Noto CJK faces set every glyph a full em wide.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from docgen.resources import style_dir

FILE = "font-advances.json"
# face → (font file, family in the collection): what pdf.css and the Typst template print
FACES = {
    "serif": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),  # body text, table cells
    "serif-bold": ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),  # bold cells, total rows
    "sans": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    "sans-bold": ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),  # table headers, captions
}
_KEEP = ((0x0000, 0x2E80), (0xFF00, 0x10000))  # where a glyph may be narrower or wider than an em


def _kept(cp: int) -> bool:
    return any(a <= cp < b for a, b in _KEEP)


def build(dirs) -> dict:
    """The advance table from the font files in `dirs`: per face, units per em and the advance of every
    mapped code point in the kept ranges."""
    from fontTools.ttLib import TTCollection

    out: dict = {"faces": {}}
    for face, (fname, family) in FACES.items():
        path = next((Path(d) / fname for d in dirs if (Path(d) / fname).is_file()), None)
        if path is None:
            raise FileNotFoundError(f"{fname} not found in {', '.join(map(str, dirs))}")
        font = next(f for f in TTCollection(str(path), lazy=True).fonts if f["name"].getDebugName(1) == family)
        upm = font["head"].unitsPerEm
        hmtx, cmap = font["hmtx"], font.getBestCmap()
        adv = {f"{cp:04X}": hmtx[g][0] for cp, g in sorted(cmap.items()) if _kept(cp)}
        out["faces"][face] = {"file": fname, "family": family, "units_per_em": upm, "advances": adv}
    return out


@lru_cache(maxsize=2)
def _table(path: Path | None = None) -> dict[str, dict[str, float]]:
    """face → {character: advance in ems} for the characters in the kept ranges the face maps."""
    raw = json.loads((path or style_dir() / FILE).read_text(encoding="utf-8"))
    return {face: {chr(int(cp, 16)): a / f["units_per_em"] for cp, a in f["advances"].items()}
            for face, f in raw["faces"].items()}


def advance(ch: str, face: str = "serif") -> float:
    """The advance of one character in ems of `face`."""
    a = _table()[face].get(ch)
    if a is not None:
        return a
    cp = ord(ch)
    if _kept(cp) and unicodedata.east_asian_width(ch) not in ("W", "F"):
        return 0.0 if unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc") else 0.6  # not in the font: a guess
    return 1.0


def width(text: str, face: str = "serif") -> float:
    """The width of `text` set in one line, in ems of `face` (advances summed; no kerning, which in
    these faces only ever tightens Latin pairs)."""
    table = _table()[face]
    return sum(table[ch] if ch in table else advance(ch, face) for ch in text)


def main(argv=None) -> int:
    """Rebuild templates/style/font-advances.json from the installed fonts."""
    from docgen.writers.typst_fonts import font_dirs

    data = build(font_dirs())
    target = style_dir() / FILE
    target.write_text(json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
