"""Read-back helpers for the writer tests: text and fonts of a PDF, the sample trees per layout, renders."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

from writer_samples import medium, tiny

from docgen.layout import apply_layout


def squash(s: str) -> str:
    """Text without any whitespace: robust to line breaks a PDF puts anywhere."""
    return re.sub(r"\s+", "", s)


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run(cmd + [str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdffonts(path: Path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        # name type… encoding emb sub uni object ID: read the yes/no flags from the right
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


@lru_cache(maxsize=None)
def tree(name: str, layout: str):
    doc = {"tiny": tiny, "tiny-draft": lambda: tiny(draft=True), "medium": medium}[name]()
    return apply_layout(doc, layout)


class Renders:
    """PDF and DOCX files of the sample trees, made once and kept on disk."""

    def __init__(self, root: Path):
        self.root = root
        self.cache: dict = {}

    def pdf(self, name: str, layout: str, pdfa: bool = False) -> Path:
        key = ("pdf", name, layout, pdfa)
        if key not in self.cache:
            from docgen.writers.options import WriterOptions
            from docgen.writers.pdf import write_pdf

            path = self.root / f"{name}-{layout}{'-a' if pdfa else ''}.pdf"
            # WeasyPrint: test_pdf_writer's engine (test_typst_writer has its own renders)
            path.write_bytes(write_pdf(tree(name, layout), pdfa=pdfa, options=WriterOptions(pdf_engine="weasyprint")))
            self.cache[key] = path
        return self.cache[key]

    def docx(self, name: str, layout: str) -> Path:
        key = ("docx", name, layout)
        if key not in self.cache:
            from docgen.writers.docx import write_docx

            path = self.root / f"{name}-{layout}.docx"
            path.write_bytes(write_docx(tree(name, layout)))
            self.cache[key] = path
        return self.cache[key]


def pdf_texts(path: Path) -> list[str]:
    """Whitespace-free text of the whole pages, of their left half and of their right half: in the
    parallel layout pdftotext reads the two columns line by line, so a sentence is whole only in its half."""
    crop = {"left": ["-x", "0", "-y", "0", "-W", "300", "-H", "842"],
            "right": ["-x", "300", "-y", "0", "-W", "296", "-H", "842"]}
    out = [squash(pdftotext(path))]
    for args in crop.values():
        r = subprocess.run(["pdftotext", "-enc", "UTF-8", "-r", "72", *args, str(path), "-"],
                           check=True, capture_output=True, text=True)
        out.append(squash(r.stdout))
    return out


def contains(texts: list[str], needle: str) -> bool:
    n = squash(needle)
    return any(n in t for t in texts)


XREFS = (("zh", r"按照第三条（第(\d+)页）的约定", "法律适用"), ("en", r"setoutinArticle3\(p.(\d+)\)", "GoverningLaw"))


def xref_target_pages(pages: list[str], layout: str) -> dict[str, int]:
    """The page number each language's reference to Article 3 of the tiny tree prints (whitespace-free page
    texts in), asserted to be a page that shows the article's heading."""
    found = {}
    for lang, pattern, heading in XREFS:
        if layout in ("zh", "en") and layout != lang:
            continue
        m = re.search(pattern, "".join(pages))
        assert m, (layout, lang)
        found[lang] = int(m.group(1))
        assert heading in pages[found[lang] - 1], (layout, lang, found[lang])
    return found
