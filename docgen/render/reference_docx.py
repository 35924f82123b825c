"""A firm's `--reference-docx`, checked and cleaned before any writer sees it.

The file is the user's input: it may be no DOCX at all, a zip without the parts Word needs, an XML
entity attack, a zip bomb, or carry an External relationship (an attached template at `file:///…` or
`http://…`) that every output DOCX would copy and Word might follow. Problems are refused here, naming
the option, instead of failing later inside a worker; external relationships are dropped, with a warning.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

MAX_BYTES = 32 * 1024 * 1024  # a styled reference is 20-200 KB
MAX_UNPACKED = 128 * 1024 * 1024
MAX_MEMBERS = 2000
REQUIRED = ("[Content_Types].xml", "word/document.xml")
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# no entities expanded, no DTD or network fetched: the parts are only checked and cleaned here
PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


class BadReference(ValueError):
    pass


def read_reference(path: Path) -> tuple[bytes, list[str]]:
    """The reference DOCX's bytes, cleaned, and the warnings to show; BadReference says what is wrong."""
    from docgen.model.loader import TooLarge, read_limited

    shown = f"--reference-docx {path}"
    try:
        data = read_limited(Path(path), MAX_BYTES)
    except IsADirectoryError:
        raise BadReference(f"{shown}: this is a folder, not a DOCX file") from None
    except TooLarge as e:
        raise BadReference(f"{shown}: the file is {e.strerror}") from None
    except OSError as e:
        raise BadReference(f"{shown}: cannot read it: {e.strerror or e}") from None
    return clean(data, shown)


def clean(data: bytes, shown: str = "--reference-docx") -> tuple[bytes, list[str]]:
    """Check `data` is a DOCX python-docx can open, without DTDs; drop its external relationships."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise BadReference(f"{shown}: not a DOCX file (not a zip archive); save the reference from Word as .docx")
    warnings: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            for name in REQUIRED:
                if name not in names:
                    raise BadReference(f"{shown}: not a DOCX file: the archive has no {name}")
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise BadReference(f"{shown}: the archive unpacks to more than {MAX_UNPACKED:,} bytes "
                                   f"or {MAX_MEMBERS:,} files: not a reference DOCX")
            parts = [(i, _read(z, i)) for i in infos]
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError) as e:
        raise BadReference(f"{shown}: the zip archive is damaged or encrypted ({e})") from None
    cleaned = []  # (part name, relationship ids dropped from it)
    checked = []
    for info, body in parts:
        if info.filename.endswith((".xml", ".rels")):
            root = _parse(body, info.filename, shown)
            dropped = _drop_external(root) if info.filename.endswith(".rels") else []
            if dropped:
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                warnings += [f"{shown}: dropped the external relationship to {t!r} ({info.filename}): an output "
                             "DOCX must not point outside itself" for _, t in dropped]
                cleaned.append((_owner(info.filename), {rid for rid, _ in dropped}))
        checked.append((info, body))
    if cleaned:
        data = _zip(_unlink(checked, cleaned, shown))
    _opens(data, shown)
    return data, warnings


def _read(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with z.open(info) as fh:
        body = fh.read(MAX_UNPACKED + 1)
    if len(body) > MAX_UNPACKED:
        raise zipfile.BadZipFile(f"{info.filename} is larger than it says")
    return body


def _parse(body: bytes, name: str, shown: str):
    try:
        root = etree.fromstring(body, PARSER)
    except etree.XMLSyntaxError as e:
        raise BadReference(f"{shown}: {name} is not well-formed XML ({e.msg})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise BadReference(f"{shown}: {name} declares a DTD (entities are not allowed in a DOCX; "
                           "it could be an XML entity attack)")
    return root


def _drop_external(root) -> list[tuple[str, str]]:
    """Remove TargetMode="External" relationships; (id, target) of each one removed."""
    dropped = []
    for rel in list(root.iter(f"{{{REL_NS}}}Relationship")):
        if (rel.get("TargetMode") or "").lower() == "external":
            dropped.append((rel.get("Id") or "", rel.get("Target") or ""))
            rel.getparent().remove(rel)
    return dropped


def _owner(rels_name: str) -> str:
    """word/_rels/settings.xml.rels → word/settings.xml (the part whose relationships these are)."""
    folder, _, base = rels_name.rpartition("_rels/")
    return folder + base[: -len(".rels")]


def _unlink(parts: list, cleaned: list, shown: str) -> list:
    """Drop the elements that refer to a removed relationship (e.g. w:attachedTemplate r:id="rId1")."""
    gone = dict(cleaned)
    out = []
    for info, body in parts:
        ids = gone.get(info.filename)
        if ids:
            root = _parse(body, info.filename, shown)
            for el in list(root.iter()):
                if any(k.startswith(f"{{{R_NS}}}") and v in ids for k, v in el.attrib.items()):
                    el.getparent().remove(el)
            body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((info, body))
    return out


def _zip(parts: list) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in parts:
            z.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _opens(data: bytes, shown: str) -> None:
    import docx

    try:
        docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 — whatever python-docx dislikes is the file's problem
        raise BadReference(f"{shown}: python-docx cannot open it as a Word document ({type(e).__name__}: {e})") from None
