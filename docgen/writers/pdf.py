"""Layout tree → PDF (`write_pdf`): through Typst (`docgen.writers.typst`, the default engine) or
WeasyPrint (this module), as `WriterOptions.pdf_engine` says.

- WeasyPrint fetches nothing but `data:` URIs (the figures) and files under the style folder
  (`WriterOptions.style_dir`, default `templates/style/`; `StyleFetcher`); anything else —
  `http://…`, `file:///etc/passwd` — is refused.
- Byte-identical output for the same tree: dates from `DocMeta.date`, a fixed /ID derived from the
  metadata and the inputs hash, attachment dates from `DocMeta.date`, no clock anywhere
  (libharfbuzz-subset0 keeps font subsetting deterministic).
- The stylesheet is parsed once per process and the font configuration reused between documents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from docgen.tree import Document
from docgen.writers import common
from docgen.writers.html import base_css, to_html
from docgen.writers.options import DEFAULT, WriterOptions
from docgen.writers.typst_fonts import check_fontconfig

STYLE_DIR = DEFAULT.style_dir
_PAGES: dict[str, int] = {}  # sha1 of a PDF written here → its page count


class RefusedURL(ValueError):
    """WeasyPrint asked for something outside `templates/style/`."""


@lru_cache(maxsize=4)
def _fetcher_class(root: Path = STYLE_DIR):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StyleFetcher(URLFetcher):
        """Serve `data:` URIs and files under the style folder; refuse everything else."""

        def __init__(self):
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = style_path(url, root)
                if path is not None:
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
            self.refused.append(url)
            raise RefusedURL(f"docgen fetches only files under {root}: refused {url}")

    return StyleFetcher


def style_path(url: str, root: Path = STYLE_DIR) -> Path | None:
    """The file a `file:` URL names if it lies under the style folder `root`, else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve()
    except (OSError, ValueError):
        return None
    # resolved on both sides: in a checkout the style folder is reached through the docgen/_data symlinks
    if Path(root).resolve() not in path.parents or not path.is_file():
        return None
    return path


def make_fetcher(root: Path = STYLE_DIR):
    return _fetcher_class(root)()


@lru_cache(maxsize=4)
def _stylesheet(css: Path = DEFAULT.css, root: Path = STYLE_DIR):
    from weasyprint import CSS

    return CSS(string=base_css(css), base_url=root.as_uri() + "/", url_fetcher=make_fetcher(root))


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _when(date: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(date[:10]), dt.time(0, 0))
    except ValueError:
        return dt.datetime(2000, 1, 1)


def render(doc: Document, options: WriterOptions = DEFAULT):
    """The WeasyPrint document (laid out, not yet written): for tests and the benchmark."""
    from weasyprint import CSS, HTML

    root = options.style_dir
    sheets = [_stylesheet(options.css, root)]
    if doc.meta.final:  # the execution version: no page numbers after cross-references
        sheets.append(CSS(string="a.xref::after { content: none; }"))

    def lay_out(pages):
        html = to_html(doc, embed_css=False, options=options, pages=pages)
        h = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=make_fetcher(root))
        return h.render(font_config=_font_config(), stylesheets=sheets), 'href="#' in html

    rendered, linked = lay_out(None)
    # WeasyPrint's target-counter keeps the page where a heading was first placed when a keep rule moves the
    # heading to the next page: lay out again with the pages the layout ended with, until they hold
    for _ in range(MAX_PASSES - 1):
        pages = _anchor_pages(rendered) if linked else None
        if not pages:
            break
        rendered, _ = lay_out(pages)
        if _anchor_pages(rendered) == pages:
            break
    return rendered


MAX_PASSES = 3


def _anchor_pages(rendered) -> dict[str, int]:
    """anchor -> the page (1-based) it stands on in a laid-out WeasyPrint document."""
    out: dict[str, int] = {}
    for no, page in enumerate(rendered.pages, 1):
        for name in page.anchors:
            out.setdefault(name, no)
    return out


def write_pdf(doc: Document, *, pdfa: bool | None = None, options: WriterOptions = DEFAULT) -> bytes:
    """The PDF of a layout tree through `options.pdf_engine`; with `pdfa` (default: `options.pdfa`),
    PDF/A-3b carrying `doc.attachments`."""
    if options.pdf_engine == "typst":
        from docgen.writers import typst

        return typst.write_pdf(doc, pdfa=pdfa, options=options)
    check_fontconfig()  # a missing CJK font would print empty boxes
    rendered = render(doc, options)
    return finish(doc, rendered, pdfa=options.pdfa if pdfa is None else pdfa, options=options)


def finish(doc: Document, rendered, *, pdfa: bool = False, options: WriterOptions = DEFAULT) -> bytes:
    """Write a rendered document to PDF bytes (the part of `write_pdf` after layout)."""
    from weasyprint import Attachment

    kw: dict = {"pdf_identifier": common.identifier(doc, "pdfa" if pdfa else "pdf").encode("ascii")}
    if pdfa:
        when = _when(doc.meta.date)
        kw["pdf_variant"] = "pdf/a-3b"
        kw["attachments"] = [
            Attachment(string=data, name=name, description=name, created=when, modified=when,
                       relationship="Source" if i == 0 else "Data", url_fetcher=make_fetcher(options.style_dir))
            for i, (name, data) in enumerate(doc.attachments)
        ]
    data = rendered.write_pdf(**kw)
    _PAGES[hashlib.sha1(data).hexdigest()] = len(rendered.pages)
    if len(_PAGES) > 64:
        _PAGES.pop(next(iter(_PAGES)))
    return data


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF (free for PDFs this process wrote; otherwise read with pypdf)."""
    n = _PAGES.get(hashlib.sha1(data).hexdigest())
    if n is not None:
        return n
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
