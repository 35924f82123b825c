"""Regenerate reference.docx, the styles the DOCX writer uses by default.

`.venv/bin/python templates/style/make_reference.py`. A firm restyles a copy of reference.docx in Word
(fonts, sizes, spacing of Title, Heading 1–3, Body Text, Caption, Data Table …) and passes it with
`docgen render --reference-docx firm.docx`: its styles win over docgen's.
"""

from pathlib import Path

from docgen.writers.docx import build_reference

if __name__ == "__main__":
    Path(__file__).with_name("reference.docx").write_bytes(build_reference())
