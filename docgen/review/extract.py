"""Read what was produced: the text, fonts, pages and outline of a PDF; the text of a DOCX.

`docgen check` reads the files themselves, never the templates.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PdfFacts:
    text: str
    pages: int
    has_outline: bool
    fonts: tuple[tuple[str, bool], ...]  # (base font name, embedded)
    metadata: dict


def pdf_text(data: bytes) -> str:
    """Text in reading order, via poppler's pdftotext (handles CJK and two-column pages well)."""
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, timeout=300)
    if r.returncode != 0:
        raise ValueError(f"pdftotext failed: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout.decode("utf-8")


_PAGE = re.compile(r'<page width="([0-9.]+)"')
_LINE = re.compile(r'<line xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)"[^>]*>(.*?)</line>', re.S)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>", re.S)


def pdf_pages(data: bytes, columns: int = 2) -> list[list[str]]:
    """The lines of each page top to bottom; with two columns (the parallel layout), the left column of the
    page, then the right. A one-column page is never split: a table cell that starts right of the middle
    would otherwise be read after the page's last line, inside a sentence wrapped over the page break."""
    return pages_of(pdf_bbox(data), columns)


def pdf_bbox(data: bytes) -> str:
    """poppler's word boxes (`pdftotext -bbox-layout`), read once and shared by the readers below."""
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", "-", "-"], input=data, capture_output=True,
                       timeout=300)
    if r.returncode != 0:
        raise ValueError(f"pdftotext failed: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout.decode("utf-8")


def pages_of(bbox: str, columns: int = 2) -> list[list[str]]:
    """`pdf_pages` from word boxes already read."""
    import html

    pages: list[list[str]] = []
    for page in bbox.split("<page ")[1:]:
        m = _PAGE.match("<page " + page)
        mid = float(m.group(1)) / 2 if m else 297.6
        left, right = [], []
        for x0, y0, x1, body in _LINE.findall(page):
            words = " ".join(html.unescape(w) for w in _WORD.findall(body))
            (right if columns == 2 and float(x0) >= mid - 2 else left).append((float(y0), float(x0), words))
        pages.append([w for _, _, w in sorted(left)] + [w for _, _, w in sorted(right)])
    return pages


def _fonts(reader) -> set[tuple[str, bool]]:
    found: set[tuple[str, bool]] = set()

    def descriptor_embedded(font) -> bool:
        desc = font.get("/FontDescriptor")
        if desc is None:
            return False
        desc = desc.get_object()
        return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    def visit(resources, seen):
        if resources is None:
            return
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is not None:
            for ref in fonts.get_object().values():
                font = ref.get_object()
                name = str(font.get("/BaseFont", "?"))
                if font.get("/Subtype") == "/Type0":
                    kids = font.get("/DescendantFonts") or []
                    embedded = bool(kids) and descriptor_embedded(kids[0].get_object())
                elif font.get("/Subtype") == "/Type3":
                    embedded = True  # drawn glyphs
                else:
                    embedded = descriptor_embedded(font)
                found.add((name, embedded))
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            for ref in xobjects.get_object().values():
                x = ref.get_object()
                if id(x) in seen:
                    continue
                seen.add(id(x))
                if x.get("/Subtype") == "/Form":
                    visit(x.get("/Resources"), seen)

    for page in reader.pages:
        visit(page.get("/Resources"), set())
    return found


def pdf_facts(data: bytes) -> PdfFacts:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    meta = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    try:
        outline = bool(reader.outline)
    except Exception:  # noqa: BLE001 — a broken outline is reported as no outline
        outline = False
    return PdfFacts(pdf_text(data), len(reader.pages), outline, tuple(sorted(_fonts(reader))), meta)


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, tables (nested too), headers and footers."""
    import docx

    d = docx.Document(io.BytesIO(data))
    parts: list[str] = []

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    parts.append(p.text)
                for t in cell.tables:
                    cells(t)

    for block in d.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            from docx.table import Table

            cells(Table(block, d))
    return "\n".join(parts)


def docx_core(data: bytes) -> dict:
    import docx

    cp = docx.Document(io.BytesIO(data)).core_properties
    return {"title": cp.title or "", "subject": cp.subject or "", "keywords": cp.keywords or "",
            "comments": cp.comments or ""}


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with all white space removed: a name wrapped over two lines still matches."""
    return _WS.sub("", text)


def read_file(path: Path) -> bytes:
    return Path(path).read_bytes()
