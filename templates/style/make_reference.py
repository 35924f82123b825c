"""Regenerate reference.docx, the styles the DOCX writer uses by default.

`.venv/bin/python templates/style/make_reference.py`. A firm restyles a copy of reference.docx in Word
(fonts, sizes, spacing of Title, Heading 1–3, Body Text, Caption, Data Table …; docs/word-styles.md lists
them) and passes it with `docgen render --reference-docx firm.docx`: its styles win over docgen's. The
file carries the article numbering of docgen's own library (clauses/labels/numbering.yaml), so that its
heading styles show numbered in Word; every rendered DOCX writes its own lists from its tree.
"""

from pathlib import Path

from docgen.assembly.numbering import own
from docgen.writers.docx import build_reference


def reference() -> bytes:
    return build_reference(numbering=own().word_patterns("contract"))


if __name__ == "__main__":
    Path(__file__).with_name("reference.docx").write_bytes(reference())
