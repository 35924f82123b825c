"""Where docgen's own data is: the clause library, the outlines and the styles.

They ship as package data (`docgen/_data/clauses`, `docgen/_data/templates`), found through
`importlib.resources`, so an installed wheel renders from any folder. In a source checkout those two
entries are symlinks to the top-level `clauses/` and `templates/` that lawyers edit.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def library_root() -> Path:
    """The folder holding `clauses/` and `templates/` (the default `--root` of every command)."""
    # a wheel or a checkout installs docgen as plain files, never zipped: the traversable is a real path;
    # resolved, so that a checkout reports (and the PDF writer's URL guard compares) the real folders
    return Path(str(files("docgen") / "_data")).resolve()


def style_dir() -> Path:
    """The CSS, reference DOCX and watermark that the writers use."""
    return library_root() / "templates" / "style"
