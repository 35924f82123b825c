"""What the writers take besides the layout tree: where the styles are, the reference DOCX, fonts, the
PDF engine and the PDF/A switch. The defaults are docgen's own styles (`docgen.resources.style_dir()`);
a writer reads nothing else from outside the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.resources import style_dir

STYLE_DIR = style_dir()
PDF_ENGINES = ("weasyprint", "typst")
# Typst: ≈ 10 ms of CPU a page against WeasyPrint's ≈ 75 (issue 17); WeasyPrint stays on request
DEFAULT_PDF_ENGINE = "typst"

# The DOCX's house fonts: those of Chinese legal drafting, which a lawyer's Word has.
EAST_ASIAN_FONT = "SimSun"  # Song (the Chinese name is the same font in a Chinese Word)
LATIN_FONT = "Times New Roman"
# Where those are absent (Linux, LibreOffice), fontconfig substitutes; these are the documented fallbacks
# (docs/word-styles.md), and the fonts of the PDF (templates/style/pdf.css).
BODY_FONT = "Noto Serif CJK SC"  # Song-like serif
HEAD_FONT = "Noto Sans CJK SC"  # Hei-like sans


@dataclass(frozen=True)
class WriterOptions:
    """`style_dir`: the only folder the PDF engine may read from (CSS, watermark); `css`: the
    stylesheet; `reference_docx`: the DOCX whose styles win (None: `style_dir/reference.docx`);
    `body_font` / `latin_font`: the East Asian and Latin fonts `build_reference` puts into docDefaults
    (the DOCX writer itself names no font: its styles come from the reference DOCX); `head_font`: unused
    by the DOCX writer since the house styles (kept for callers that pass it)."""

    style_dir: Path = field(default=STYLE_DIR)
    css: Path = field(default=STYLE_DIR / "pdf.css")
    reference_docx: bytes | None = None
    body_font: str = EAST_ASIAN_FONT
    head_font: str = EAST_ASIAN_FONT
    latin_font: str = LATIN_FONT
    pdf_engine: str = DEFAULT_PDF_ENGINE  # weasyprint (docgen.writers.pdf) or typst (docgen.writers.typst)
    pdfa: bool = False  # PDF/A-3b with the tree's attachments

    def __post_init__(self):
        if self.pdf_engine not in PDF_ENGINES:
            raise ValueError(f"unknown PDF engine '{self.pdf_engine}' (choose from {', '.join(PDF_ENGINES)})")


DEFAULT = WriterOptions()
