"""The DOCX package around the writer's body: docgen's reference DOCX (styles, numbering, A4, fonts), the
document opened on a reference, and the zip rewritten so that the same tree gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import lru_cache

import docx
from docx.oxml.ns import qn

from docgen.writers import docx_numbering as N
from docgen.writers import docx_styles as S
from docgen.writers import ooxml as X
from docgen.writers.options import DEFAULT, WriterOptions

REFERENCE = DEFAULT.style_dir / "reference.docx"
REFERENCE_DATE = dt.datetime(2024, 1, 1)


def build_reference(options: WriterOptions = DEFAULT, numbering=()) -> bytes:
    """docgen's reference DOCX: python-docx's blank document with docgen's styles, A4, the house fonts
    and, given the numbering labels (`DocMeta.numbering`), the lists its heading styles number with."""
    d = docx.Document()
    styles = d.styles.element
    S.set_east_asian_defaults(styles, east_asian=options.body_font, latin=options.latin_font)
    S.install_styles(styles, only_missing=False)
    if numbering:
        N.install(d.part.numbering_part.element, numbering, "zh", S.list_styles)
    X.set_section(d.sections[0]._sectPr, title_page=False)
    X.set_theme_font_lang(d.settings.element)
    for rel in list(d.part.rels.values()):  # Word 2010's duplicate style part: not ours to keep in sync
        if rel.reltype.endswith("/stylesWithEffects"):
            d.part.drop_rel(rel.rId)
    pkg_rels = d.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del pkg_rels[rid]
    cp = d.core_properties
    cp.title, cp.author, cp.last_modified_by, cp.revision = "docgen reference", "docgen", "docgen", 1
    cp.created = cp.modified = cp.last_printed = REFERENCE_DATE
    cp.comments = "Restyle this file and pass it as --reference-docx."
    buf = io.BytesIO()
    d.save(buf)
    return rezip(buf.getvalue(), REFERENCE_DATE)


@lru_cache(maxsize=4)
def _reference_bytes(style_dir) -> bytes:
    try:
        return (style_dir / "reference.docx").read_bytes()
    except FileNotFoundError:
        return build_reference()


def open_document(options: WriterOptions, numbering, main_lang: str):
    """A document on the reference DOCX: its styles (docgen's added where it lacks them), docgen's lists
    (from the tree's numbering labels), an empty body."""
    ref = options.reference_docx
    d = docx.Document(io.BytesIO(ref if ref is not None else _reference_bytes(options.style_dir)))
    S.install_styles(d.styles.element, only_missing=True)
    N.install(d.part.numbering_part.element, numbering, main_lang, S.list_styles)
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return d


def rezip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with members in their order, one fixed timestamp and fixed attributes."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            zout.writestr(zi, zin.read(info.filename))
    return out.getvalue()


def when(date: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(date[:10]), dt.time(0, 0))
    except ValueError:
        return dt.datetime(2000, 1, 1)
