"""Redlines: a DOCX with native Word tracked changes, and an HTML page, per document.

The DOCX comes from python-redlines (docxodus engine) comparing the OLD and NEW DOCX; when the
engine cannot run, `fallback_docx` writes the revision markup (`w:ins`/`w:del`) itself from the tree
diff. The HTML is built from the tree diff, clause by clause, Chinese beside English.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import html
import io
import os
import tempfile
import zipfile
from pathlib import Path

from docgen.review.treediff import CELL, LANGS, ROW, Op, UnitDiff, plain
from docgen.tree import Bi

AUTHOR = "docgen"  # the default author of the tracked changes (`docgen compare --author`)
# the revision markup whose w:author / w:date say who changed what when
REVISION_TAGS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
                 "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge")
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class RedlineUnavailable(RuntimeError):
    """python-redlines could not produce a redline (not installed, or the engine failed)."""


# ----------------------------------------------------------------------------- python-redlines
_ENGINE = None


def _cache_root() -> Path:
    """Where the engine unpacks (≈100 MB, once): the user cache, else a private folder in the temp dir;
    never inside the repository."""
    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    for root in (home_cache / "python-redlines", Path(tempfile.gettempdir()) / f"docgen-redlines-{os.getuid()}"):
        try:
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.access(root, os.W_OK):
                return root
        except OSError:
            continue
    raise RedlineUnavailable("no writable cache folder for the redline engine")


def engine():
    global _ENGINE
    if _ENGINE is not None:
        return _ENGINE
    try:
        from importlib.metadata import version

        from python_redlines import DocxodusEngine
    except ImportError as e:
        raise RedlineUnavailable(f"python-redlines is not installed ({e})") from None
    try:
        root = _cache_root()
        target = root / "docxodus" / version("python-redlines-docxodus")
        target.mkdir(parents=True, exist_ok=True)
        # one process unpacks at a time (parallel test workers, two compares at once)
        with open(root / ".docgen-unpack.lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                _ENGINE = DocxodusEngine(target_path=str(target))
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    except RedlineUnavailable:
        raise
    except Exception as e:  # EngineNotInstalledError, OSError, unsupported platform …
        raise RedlineUnavailable(f"the docxodus engine is unavailable: {e}") from None
    return _ENGINE


def engine_redline(old_docx: bytes, new_docx: bytes) -> bytes:
    """OLD and NEW DOCX → one DOCX with w:ins/w:del revisions (docxodus; default revision date, so the
    output is the same bytes every run)."""
    eng = engine()
    with tempfile.TemporaryDirectory(prefix="docgen-redline-") as tmp:
        a, b = Path(tmp) / "old.docx", Path(tmp) / "new.docx"
        a.write_bytes(old_docx)
        b.write_bytes(new_docx)
        try:
            data, _stdout, _stderr = eng.run_redline(AUTHOR, a, b)
        except Exception as e:  # EngineExecutionError, OSError
            msg = str(e).strip().splitlines()
            raise RedlineUnavailable(f"the docxodus engine failed: {msg[0] if msg else type(e).__name__}") from None
    if not data or not zipfile.is_zipfile(io.BytesIO(data)):
        raise RedlineUnavailable("the docxodus engine returned no DOCX")
    return data


def stamp_revisions(docx: bytes, author: str, date: dt.date) -> bytes:
    """The same DOCX with every tracked change by `author` on `date` (midnight UTC): what Word's Review
    pane shows, instead of the engine's fixed date. Same inputs, same bytes (members keep their order)."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    stamp = f"{date.isoformat()}T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith(".xml") and b"w:author" in data:
                root = etree.fromstring(data)
                for tag in REVISION_TAGS:
                    for e in root.iter(f"{w}{tag}"):
                        if e.get(f"{w}author") is not None or e.get(f"{w}date") is not None:
                            e.set(f"{w}author", author)
                            e.set(f"{w}date", stamp)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    return out.getvalue()


def revision_counts(docx: bytes) -> dict:
    """How many w:ins and w:del elements the document body holds."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return {"ins": len(root.findall(f".//{w}ins")), "del": len(root.findall(f".//{w}del"))}


# ----------------------------------------------------------------------------- fallback DOCX
def fallback_docx(diffs: list[UnitDiff], title: str, date: dt.date) -> bytes:
    """A DOCX carrying the tree diff as real tracked changes, written without the engine: each unit's
    heading and text in Chinese, then in English; deleted text in w:del, inserted in w:ins."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    _east_asian_defaults(d)
    stamp = f"{date.isoformat()}T00:00:00Z"
    counter = [0]

    def run_el(text: str, deleted: bool, bold: bool):
        r = OxmlElement("w:r")
        if bold:
            rpr = OxmlElement("w:rPr")
            rpr.append(OxmlElement("w:b"))
            r.append(rpr)
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        return r

    def put(paragraph, tag: str, text: str, bold: bool):
        if not text:
            return
        if tag == "equal":
            paragraph._p.append(run_el(text, False, bold))
            return
        counter[0] += 1
        wrap = OxmlElement("w:del" if tag == "delete" else "w:ins")
        wrap.set(qn("w:id"), str(counter[0]))
        wrap.set(qn("w:author"), AUTHOR)
        wrap.set(qn("w:date"), stamp)
        wrap.append(run_el(text, tag == "delete", bold))
        paragraph._p.append(wrap)

    def write_ops(ops: list[Op], bold: bool = False):
        p = d.add_paragraph()
        for op in ops:
            pieces = op.text.split("\n")
            for i, piece in enumerate(pieces):
                if i:
                    p = d.add_paragraph()
                put(p, op.tag, plain(piece), bold)

    head = d.add_paragraph()
    r = head.add_run(title)
    r.bold = True
    r.font.size = Pt(14)
    for u in diffs:
        for lang in LANGS:
            if any(op.text for op in u.heading.get(lang, [])):
                write_ops(u.heading[lang], bold=True)
            if any(op.text for op in u.text.get(lang, [])):
                write_ops(u.text[lang])
    cp = d.core_properties
    fixed = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    cp.created = cp.modified = fixed
    cp.last_printed = fixed
    cp.author = cp.last_modified_by = AUTHOR
    cp.title = title
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return fixed_zip(buf.getvalue())


def _east_asian_defaults(d) -> None:
    """Chinese in a Chinese font: w:eastAsia set on the defaults, theme fonts dropped, lang zh-CN."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = d.styles.element
    rpr_default = styles.find(qn("w:docDefaults"))
    rpr = rpr_default.find(qn("w:rPrDefault")).find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), "Noto Serif CJK SC")
    fonts.set(qn("w:hAnsi"), "Noto Serif CJK SC")
    fonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every member stamped with one fixed date: identical input, identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# ----------------------------------------------------------------------------- HTML
CSS = """
body { font-family: "Noto Serif CJK SC", "Songti SC", serif; margin: 2em; color: #111; line-height: 1.55; }
h1 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 1.4em; margin-bottom: .2em; }
.meta { color: #555; font-size: .9em; }
.legend ins, .legend del { padding: 0 .3em; }
ins { color: #0b5e1a; background: #dcf5e0; text-decoration: underline; }
del { color: #a10c0c; background: #fde2e2; text-decoration: line-through; }
nav ul { columns: 3; font-size: .9em; }
table.redline { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.redline > tbody > tr > td { vertical-align: top; padding: .45em .7em;
  border-top: 1px solid #ddd; width: 50%; overflow-wrap: anywhere; }
td p { margin: 0 0 .3em 0; white-space: pre-wrap; }
table.t { border-collapse: collapse; margin: .3em 0; font-size: .78em; width: 100%; table-layout: auto; }
table.t td { border: 1px solid #ccc; padding: .1em .3em; vertical-align: top; overflow-wrap: normal;
  word-break: normal; }
div.tw { overflow-x: auto; }
@page { size: A4 landscape; margin: 12mm; }
.redline > tbody > tr.same > td { color: #666; }
.redline > tbody > tr.changed > td, .redline > tbody > tr.added > td, .redline > tbody > tr.removed > td { background: #fffbe6; }
.redline > tbody > tr.changed > td:first-child, .redline > tbody > tr.added > td:first-child,
.redline > tbody > tr.removed > td:first-child { border-left: 4px solid #d4a300; }
.h { font-weight: bold; display: block; margin-bottom: .25em; }
.note { font-size: .85em; color: #7a5a00; }
.status { float: right; font-size: .75em; color: #7a5a00; font-family: sans-serif; }
"""


def _ops_html(ops: list[Op]) -> str:
    out = []
    for op in ops:
        text = html.escape(op.text, quote=False)
        if op.tag == "insert":
            out.append(f"<ins>{text}</ins>")
        elif op.tag == "delete":
            out.append(f"<del>{text}</del>")
        else:
            out.append(text)
    return "".join(out)


def _split(ops: list[Op], sep: str) -> list[list[Op]]:
    """Ops cut at every `sep` character (the separator itself dropped)."""
    parts: list[list[Op]] = [[]]
    for op in ops:
        pieces = op.text.split(sep)
        for i, piece in enumerate(pieces):
            if i:
                parts.append([])
            if piece:
                parts[-1].append(Op(op.tag, piece))
    return parts


def _body_html(ops: list[Op]) -> str:
    """Lines as paragraphs; table rows (ROW-marked lines, CELL-separated) as table rows."""
    out: list[str] = []
    rows: list[str] = []

    def flush():
        if rows:
            out.append('<div class="tw"><table class="t">' + "".join(rows) + "</table></div>")
            rows.clear()

    for line in _split(ops, "\n"):
        is_row = any(ROW in op.text for op in line)
        if is_row:
            line = [Op(op.tag, op.text.replace(ROW, "")) for op in line]
            cells = _split(line, CELL)
            rows.append("<tr>" + "".join(f"<td>{_ops_html(c)}</td>" for c in cells) + "</tr>")
        else:
            flush()
            inner = _ops_html(line)
            out.append(f"<p>{inner}</p>" if inner else "")
    flush()
    return "".join(out)


def _anchor(key: str) -> str:
    return "u-" + "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in key)


def _words(lib) -> dict:
    """The page's printed words (clauses/labels/review-redline.yaml) as {name: Bi}."""
    from docgen.assembly.labels import plain_label

    if lib is None:
        from docgen.assembly.library import load_library
        from docgen.resources import library_root

        lib = load_library(library_root())
    names = ("title", "old", "new", "inserted", "deleted", "status.changed", "status.added", "status.removed",
             "figure_updated", "no_change")
    words = {name: plain_label(lib, f"review.redline.{name}") for name in names}
    return {name: Bi(html.escape(b.zh, quote=False), html.escape(b.en, quote=False)) for name, b in words.items()}


def _en_zh(word) -> str:
    return f"{word.en} {word.zh}"


def html_redline(doc_id: str, diffs: list[UnitDiff], *, zh_title: str, en_title: str, old_name: str, new_name: str,
                 changes_here: list[str], lib=None) -> str:
    """The whole document, Chinese left and English right, changed units marked. `lib`: the clause
    library whose labels give the page's words (default: docgen's own)."""
    w = _words(lib)
    changed = [u for u in diffs if u.status != "same"]
    nav_items = []
    seen = set()
    for u in changed:
        ref = u.unit.ref
        if ref.key in seen:
            continue
        seen.add(ref.key)
        label = ref.label + (f" — {ref.title['en']}" if ref.title.get("en") and ref.number.get("en") else "")
        nav_items.append(f'<li><a href="#{_anchor(u.unit.key)}">{html.escape(label)}</a></li>')
    rows = []
    status_text = {status: _en_zh(w[f"status.{status}"]) for status in ("changed", "added", "removed")}
    for u in diffs:
        cells = []
        for i, lang in enumerate(LANGS):
            head = _ops_html(u.heading.get(lang, []))
            body = _body_html(u.text.get(lang, []))
            tag = f'<span class="status">{status_text[u.status]}</span>' if (i == 1 and u.status != "same") else ""
            note = ""
            if u.figures_changed and i == 0:
                note = f'<div class="note">{w["figure_updated"].zh} / {w["figure_updated"].en}</div>'
            cells.append(f'<td lang="{"zh-CN" if lang == "zh" else "en"}">{tag}'
                         + (f'<span class="h">{head}</span>' if head else "") + body + note + "</td>")
        rows.append(f'<tr class="{u.status}" id="{_anchor(u.unit.key)}">{"".join(cells)}</tr>')
    summary = "".join(f"<li>{html.escape(c)}</li>" for c in changes_here)
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(zh_title)} / {html.escape(en_title)} — redline</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(zh_title)} / {html.escape(en_title)} — {w['title'].zh} {w['title'].en}</h1>\n"
        f'<p class="meta">{_en_zh(w["old"])}: {html.escape(old_name)} → {_en_zh(w["new"])}: {html.escape(new_name)}</p>\n'
        f'<p class="meta legend"><ins>{_en_zh(w["inserted"])}</ins> <del>{_en_zh(w["deleted"])}</del></p>\n'
        + (f"<h2>Changed figures and terms in this document</h2>\n<ul>{summary}</ul>\n" if summary else "")
        + (f"<nav><h2>Changed parts ({len(nav_items)})</h2><ul>{''.join(nav_items)}</ul></nav>\n" if nav_items
           else f"<p>{_en_zh(w['no_change'])}</p>\n")
        + f'<table class="redline"><tbody>\n{chr(10).join(rows)}\n</tbody></table>\n</body>\n</html>\n'
    )
