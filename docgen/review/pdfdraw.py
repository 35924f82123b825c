"""What a PDF draws besides its words, read from the page content streams for the layout lint
(docgen/review/check_layout.py): the ruled lines of each page (table borders), and every glyph shown
as the font's .notdef (the empty box a font prints for a character it lacks).

Both PDF engines draw a table's borders as straight strokes in the page's own content stream (Typst:
`m l S` per border, WeasyPrint: the same per cell edge), so a small interpreter of the path and
transformation operators is enough; text objects are skipped whole. A .notdef is found by its code:
the code a Type0 font maps to CID 0 (glyph 0), shown by a text operator — the engine-independent sign
of a missing glyph, whatever ToUnicode says (Typst maps it to nothing, WeasyPrint to the lost character).
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field

# a literal string (one level of unescaped nested parentheses), or a hex string
_LITERAL = rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)"
_HEX = rb"<[0-9A-Fa-f\s]*>"
_STRING = re.compile(_LITERAL + rb"|" + _HEX, re.S)
_TEXT_OBJECT = re.compile(rb"\bBT\b.*?\bET\b", re.S)
_NOISE = re.compile(rb"<<|>>|/[^\s/\[\]()<>{}%]*|%[^\r\n]*|[\[\]{}]")
# an operator and the numbers before it
_OP = re.compile(rb"((?:[-+]?(?:\d+\.?\d*|\.\d+)\s+)*)([A-Za-z'\"*]+)")
_PATH_OPS = frozenset([b"cm", b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"S", b"s", b"B", b"B*", b"b", b"b*", b"f",
                       b"F", b"f*", b"n"])
_TEXT_TOKEN = re.compile(_LITERAL + rb"|" + _HEX + rb"|/[^\s/\[\]()<>{}%]+|[A-Za-z'\"]+\*?", re.S)
# a marked-content span carrying the text its glyphs stand for: (the text, the span's content)
_ACTUAL = re.compile(rb"/ActualText\s*(<[0-9A-Fa-f\s]*>|" + _LITERAL + rb")[^B]*?BDC(.*?)EMC", re.S)
_CIDCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*(\d+)")
_CIDRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)")
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
THIN = 2.0  # pt: a filled shape thinner than this is a rule (a border drawn as a filled bar)


@dataclass
class PageDrawing:
    height: float
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom (y down)
    notdefs: list[tuple[str, str]] = field(default_factory=list)  # (font, character or "")
    foreign: list[tuple[str, str]] = field(default_factory=list)  # (a font `keep` refused, the characters it has)


# ---------------------------------------------------------------------------------------------- rules
def _mul(a, b):
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def rules_of(content: bytes, height: float) -> list[tuple[float, float, float, float]]:
    """The straight lines a page strokes (and the thin bars it fills), in poppler's coordinates (y down)."""
    s = _NOISE.sub(b" ", _TEXT_OBJECT.sub(b" ", _STRING.sub(b" ", content)))
    ctm, stack = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
    path: list[tuple] = []  # segments ((x, y), (x, y)) in device space
    start = cur = None
    out = []

    def pt(x, y):
        return (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])

    for operands, op in _OP.findall(s):
        if op == b"q":
            stack.append(ctm)
            continue
        if op == b"Q":
            ctm = stack.pop() if stack else ctm
            continue
        if op not in _PATH_OPS:
            continue
        ops = [float(x) for x in operands.split()]
        if op == b"cm" and len(ops) >= 6:
            ctm = _mul(tuple(ops[-6:]), ctm)
        elif op == b"m" and len(ops) >= 2:
            start = cur = pt(*ops[-2:])
        elif op == b"l" and len(ops) >= 2 and cur is not None:
            nxt = pt(*ops[-2:])
            path.append((cur, nxt))
            cur = nxt
        elif op in (b"c", b"v", b"y") and len(ops) >= 4:
            cur = pt(*ops[-2:])  # a curve: not a rule, the path goes on from its end
        elif op == b"h" and cur is not None and start is not None:
            path.append((cur, start))
            cur = start
        elif op == b"re" and len(ops) >= 4:
            x, y, w, h = ops[-4:]
            corners = [pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h)]
            path += list(zip(corners, corners[1:] + corners[:1]))
            start = cur = corners[0]
        elif op in (b"S", b"s", b"B", b"B*", b"b", b"b*"):
            out += [seg for seg in path if _straight(seg)]
            path, start, cur = [], None, None
        elif op in (b"f", b"F", b"f*"):
            xs = [p[0] for seg in path for p in seg]
            ys = [p[1] for seg in path for p in seg]
            if xs and (max(xs) - min(xs) < THIN or max(ys) - min(ys) < THIN):
                mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
                out.append(((min(xs), my), (max(xs), my)) if max(xs) - min(xs) >= THIN else ((mx, min(ys)), (mx, max(ys))))
            path, start, cur = [], None, None
        elif op == b"n":
            path, start, cur = [], None, None
    return [(min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1)) for (x0, y0), (x1, y1) in out]


def _straight(seg) -> bool:
    (x0, y0), (x1, y1) = seg
    return (abs(y0 - y1) < 0.5 and abs(x1 - x0) >= 1) or (abs(x0 - x1) < 0.5 and abs(y1 - y0) >= 1)


# --------------------------------------------------------------------------------------------- glyphs
@dataclass
class _Font:
    name: str
    notdef: set[int]            # the 2-byte codes that show glyph 0
    every_code: bool = False    # any code may be glyph 0 (a CIDToGIDMap stream): test each code
    gid_map: bytes = b""
    tounicode: object = None

    def shown_notdefs(self, data: bytes) -> list[int]:
        """The glyph-0 codes among the 2-byte codes of a shown string."""
        if self.every_code:
            codes = (data[i] << 8 | data[i + 1] for i in range(0, len(data) - 1, 2))
            return [c for c in codes if self.gid_map[2 * c:2 * c + 2] in (b"\0\0", b"", b"\0")]
        found = []
        for code in self.notdef:
            pair = bytes([code >> 8, code & 0xFF])
            at = data.find(pair)
            while at >= 0:
                if at % 2 == 0:
                    found.append(code)
                at = data.find(pair, at + 1)
        return found


def _font(ref) -> _Font | None:
    f = ref.get_object()
    if f.get("/Subtype") != "/Type0":
        return None  # one-byte fonts: docgen's engines show text only through Type0 fonts
    name = str(f.get("/BaseFont", "?")).lstrip("/")
    name = name.split("+", 1)[-1]
    enc = f.get("/Encoding")
    enc_obj = enc.get_object() if enc is not None else None
    if enc_obj == "/Identity-H" or enc_obj == "/Identity-V":
        cid_zero = {0}
    elif enc_obj is not None and hasattr(enc_obj, "get_data"):
        data = enc_obj.get_data()
        chars = b" ".join(re.findall(rb"begincidchar(.*?)endcidchar", data, re.S))
        ranges = b" ".join(re.findall(rb"begincidrange(.*?)endcidrange", data, re.S))
        cid_zero = {int(code, 16) for code, cid in _CIDCHAR.findall(chars) if int(cid) == 0}
        cid_zero |= {int(lo, 16) for lo, _hi, cid in _CIDRANGE.findall(ranges) if int(cid) == 0}
    else:
        return None
    kids = f.get("/DescendantFonts") or []
    desc = kids[0].get_object() if kids else {}
    gmap = desc.get("/CIDToGIDMap")
    gmap = gmap.get_object() if gmap is not None else None
    tu = f.get("/ToUnicode")
    font = _Font(name, cid_zero, tounicode=tu)
    if gmap is not None and hasattr(gmap, "get_data"):
        font.every_code, font.gid_map = True, gmap.get_data()
    return font


def _unescape(lit: bytes) -> bytes:
    """A literal string's bytes: PDF's escapes are C's (codecs does them), less \\( and \\)."""
    return codecs.escape_decode(lit[1:-1].replace(b"\\(", b"(").replace(b"\\)", b")"))[0]


def _string_bytes(tok: bytes) -> bytes:
    if tok.startswith(b"<"):
        hexs = re.sub(rb"\s", b"", tok[1:-1])
        return bytes.fromhex((hexs + b"0" * (len(hexs) % 2)).decode())
    return _unescape(tok)


def _text_of(tok: bytes) -> str:
    raw = _string_bytes(tok)
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _tounicode(font: _Font, code: int) -> str:
    if font.tounicode is None:
        return ""
    data = b" ".join(re.findall(rb"beginbfchar(.*?)endbfchar", font.tounicode.get_object().get_data(), re.S))
    for src, dst in _BFCHAR.findall(data):
        if int(src, 16) == code and len(src) == 4:
            try:
                return bytes.fromhex(dst.decode()).decode("utf-16-be")
            except ValueError:
                return ""
    return ""


def page_drawings(data: bytes, keep=None) -> list[PageDrawing]:
    """The rules and the .notdef glyphs of each page of a PDF; with `keep` (a test of a font's name), the
    fonts it refuses and the characters they draw."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = []
    foreign: dict[int, tuple[str, str]] = {}
    for page in reader.pages:
        height = float(page.mediabox.top)
        contents = page.get("/Contents")
        raw = b""
        if contents is not None:
            obj = contents.get_object()
            parts = obj if isinstance(obj, list) else [contents]
            raw = b"\n".join(p.get_object().get_data() for p in parts)
        drawing = PageDrawing(height, rules_of(raw, height))
        res = page.get("/Resources")
        font_refs = res.get_object().get("/Font") if res is not None else None
        font_refs = dict(font_refs.get_object().items()) if font_refs is not None else {}
        fonts = {str(k).lstrip("/"): _font(v) for k, v in font_refs.items()}
        fonts = {k: v for k, v in fonts.items() if v is not None}
        if fonts and _may_show_notdef(raw, fonts):
            drawing.notdefs = _notdefs(raw, fonts)
        for key, ref in font_refs.items() if keep is not None else ():
            obj = ref.get_object()
            name = str(obj.get("/BaseFont", "?")).lstrip("/").split("+", 1)[-1]
            if not keep(name) and f"/{str(key).lstrip('/')} " in raw.decode("latin-1"):
                if id(obj) not in foreign:
                    foreign[id(obj)] = (name, "".join(_all_unicode(obj.get("/ToUnicode"))))
                drawing.foreign.append(foreign[id(obj)])
        pages.append(drawing)
    return pages


def _all_unicode(tounicode) -> list[str]:
    if tounicode is None:
        return []
    data = tounicode.get_object().get_data()
    out = []
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for _src, dst in _BFCHAR.findall(block):
            try:
                out.append(bytes.fromhex(dst.decode()).decode("utf-16-be"))
            except ValueError:
                continue
    return sorted(set(out) - {" "})


def _may_show_notdef(raw: bytes, fonts: dict[str, _Font]) -> bool:
    """A quick test before the text is read token by token: the bytes of some glyph-0 code are there, in
    a hex string, raw or escaped (the test may pass falsely, never fail falsely)."""
    if any(f.every_code for f in fonts.values()):
        return True
    for code in {c for f in fonts.values() for c in f.notdef}:
        hi, lo = code >> 8, code & 0xFF
        if re.search(rb"<(?:[0-9A-Fa-f]{4})*(?i:" + f"{code:04x}".encode() + rb")", raw):
            return True
        escaped = [bytes([hi]), f"\\{hi:03o}".encode()]
        if any(h + l in raw for h in escaped for l in (bytes([lo]), f"\\{lo:03o}".encode())):
            return True
    return False


def _notdefs(raw: bytes, fonts: dict[str, _Font]) -> list[tuple[str, str]]:
    """(font, character) of each glyph 0 a page shows, the character from the span's ActualText (Typst's
    way for a glyph it lacks) or the font's ToUnicode (WeasyPrint's), else ''."""
    found: list[tuple[str, str]] = []
    font, pos = None, 0
    for m in _ACTUAL.finditer(raw):
        font = _scan(raw[pos:m.start()], fonts, "", font, found)
        font = _scan(m.group(2), fonts, _text_of(m.group(1)), font, found)
        pos = m.end()
    _scan(raw[pos:], fonts, "", font, found)
    return found


def _scan(content: bytes, fonts: dict[str, _Font], actual: str, font, found: list) -> _Font | None:
    """Read the text operators of `content`; return the font in use at its end."""
    name = None
    for tok in _TEXT_TOKEN.findall(content):
        if tok.startswith(b"/"):
            name = tok[1:].decode("latin-1")
        elif tok == b"Tf":
            font = fonts.get(name or "")
        elif tok[:1] in (b"(", b"<") and font is not None:
            data = _string_bytes(tok)
            for code in font.shown_notdefs(data):
                found.append((font.name, actual or _tounicode(font, code)))
    return font
