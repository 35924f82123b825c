"""The fonts docgen prints with, found once per process, for both PDF engines.

The PDF is set in Noto Serif CJK SC (text) and Noto Sans CJK SC (headings, table headers), from the
Debian package fonts-noto-cjk (scripts/setup.sh). Typst reads only the folders holding those fonts
(no system font, none of Typst's embedded fonts); WeasyPrint finds them through fontconfig. Without
them a render would print empty boxes, so it stops with a message naming the package instead.
"""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

from docgen.writers.options import BODY_FONT, HEAD_FONT

FAMILIES = (BODY_FONT, HEAD_FONT)
PACKAGE = "fonts-noto-cjk"
# where fonts-noto-cjk puts them; fontconfig is asked first
KNOWN_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/google-noto-cjk")


class MissingFont(RuntimeError):
    """A font the PDF needs is not installed."""


def missing_message(families) -> str:
    return (f"the PDF needs the fonts {', '.join(families)}, which are not installed: "
            f"install the Debian package {PACKAGE} (apt-get install {PACKAGE}; scripts/setup.sh does)")


def _fontconfig_files(family: str) -> list[Path]:
    try:
        r = subprocess.run(["fc-list", f"{family}", "file"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line.rstrip(": \n")) for line in r.stdout.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def font_dirs() -> tuple[str, ...]:
    """The folders holding the CJK fonts (fontconfig's answer, else the package's usual folders)."""
    dirs: list[str] = []
    for fam in FAMILIES:
        for f in _fontconfig_files(fam):
            if str(f.parent) not in dirs:
                dirs.append(str(f.parent))
    if not dirs:
        dirs = [d for d in KNOWN_DIRS if Path(d).is_dir()]
    return tuple(sorted(dirs))


@lru_cache(maxsize=4)
def typst_fonts(dirs: tuple[str, ...] | None = None):
    """A `typst.Fonts` of the project's fonts only; MissingFont when a family is not among them."""
    import typst

    dirs = font_dirs() if dirs is None else dirs
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=list(dirs))
    have = set(fonts.families())
    lacking = [f for f in FAMILIES if f not in have]
    if lacking:
        raise MissingFont(missing_message(lacking))
    return fonts


@lru_cache(maxsize=1)
def check_fontconfig() -> None:
    """WeasyPrint's fonts: MissingFont when fontconfig knows no file of a family."""
    lacking = [f for f in FAMILIES if not _fontconfig_files(f)]
    if lacking:
        raise MissingFont(missing_message(lacking))
