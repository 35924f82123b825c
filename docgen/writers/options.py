"""What the writers take besides the layout tree: where the styles are, the reference DOCX, fonts, the
PDF engine and the PDF/A switch. The defaults are docgen's own styles (`docgen.resources.style_dir()`);
a writer reads nothing else from outside the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.resources import style_dir

STYLE_DIR = style_dir()
PDF_ENGINES = ("typst", "weasyprint")  # the first is the default

BODY_FONT = "Noto Serif CJK SC"  # Song-like serif; renders Chinese in LibreOffice here
HEAD_FONT = "Noto Sans CJK SC"  # Hei-like sans


@dataclass(frozen=True)
class WriterOptions:
    """`style_dir`: the only folder the PDF engine may read from (CSS, watermark); `css`: the
    stylesheet; `reference_docx`: the DOCX whose styles win (None: `style_dir/reference.docx`);
    `head_font`: the font of the DOCX runs set in the heading face (table headers, party names; the
    styles themselves come from the reference DOCX)."""

    style_dir: Path = field(default=STYLE_DIR)
    css: Path = field(default=STYLE_DIR / "pdf.css")
    reference_docx: bytes | None = None
    body_font: str = BODY_FONT
    head_font: str = HEAD_FONT
    pdf_engine: str = PDF_ENGINES[0]  # typst (docgen.writers.typst) or weasyprint (docgen.writers.pdf)
    pdfa: bool = False  # PDF/A-3b with the tree's attachments

    def __post_init__(self):
        if self.pdf_engine not in PDF_ENGINES:
            raise ValueError(f"unknown PDF engine '{self.pdf_engine}' (choose from {', '.join(PDF_ENGINES)})")


DEFAULT = WriterOptions()
