"""Inline markup of rendered text → runs: `**bold**`, `*italic*`, defined terms and cross-references.

`term()` and `ref()` leave a marker in the rendered text: private-use characters around a kind, a
per-process secret and an id. Deal text can never forge one (it cannot know the secret), and every
stray marker character is dropped, so a deal cannot plant a cross-reference. Values printed through
`{{ }}` have their `*` escaped (`protect`), so deal text is never read as emphasis either.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from docgen.tree import Inline, Run

OPEN, CLOSE, STAR = "\ue000", "\ue001", "\ue002"
_STRAY = re.compile("[\ue000-\ue00f]")
_SECRET = secrets.token_hex(8)  # never reaches the output: only tells real markers from forged ones
_MARKER = re.compile(OPEN + "([TR])" + _SECRET + ":([^\ue000\ue001]*)" + CLOSE)
_EMPH = re.compile(r"(\*\*|\*)")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")


class MarkupError(ValueError):
    pass


def marker(kind: str, ident: str) -> str:
    """kind T = term, R = cross-reference."""
    return f"{OPEN}{kind}{_SECRET}:{ident}{CLOSE}"


def _escape(piece: str) -> str:
    return _STRAY.sub("", piece).replace("*", STAR)


def protect(text: str) -> str:
    """For a value printed by `{{ }}`: keep genuine markers, drop stray marker characters, make `*`
    literal."""
    out, last = [], 0
    for m in _MARKER.finditer(text):
        out.append(_escape(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def clean(text: str) -> str:
    """Plain text for the tree from a value that skips inline parsing (deal names on a signature page)."""
    return _STRAY.sub("", str(text))


def fold(text: str, lang: str) -> str:
    """One body item is one paragraph: line breaks inside it are folded (no space between Chinese)."""
    lines = [ln.strip() for ln in text.strip().splitlines()]
    out = ""
    for ln in lines:
        if not ln:
            continue
        if out and not (lang == "zh" and (_CJK_EDGE.match(out[-1]) or _CJK_EDGE.match(ln[0]))):
            out += " "
        out += ln
    if lang == "en":
        # "… Co., Ltd." + "." from the template: one full stop, not two (an ellipsis stays).
        out = _DOUBLE_STOP.sub(".", out)
    return out


def parse(text: str, resolve: Callable[[str, str], Inline]) -> tuple[Inline, ...]:
    """Split rendered text into runs; `resolve(kind, id)` turns a marker into a TermUse / XRef."""
    out: list[Inline] = []
    bold = italic = False
    buf: list[str] = []

    def flush():
        if buf:
            t = "".join(buf)
            buf.clear()
            prev = out[-1] if out else None
            if isinstance(prev, Run) and prev.bold == bold and prev.italic == italic:
                out[-1] = Run(prev.text + t, bold, italic)
            else:
                out.append(Run(t, bold, italic))

    last = 0
    pieces: list[tuple[str, object]] = []
    for m in _MARKER.finditer(text):
        pieces.append(("text", text[last:m.start()]))
        pieces.append(("mark", (m.group(1), m.group(2))))
        last = m.end()
    pieces.append(("text", text[last:]))
    for kind, val in pieces:
        if kind == "mark":
            flush()
            out.append(resolve(*val))
            continue
        for tok in _EMPH.split(_STRAY.sub(lambda m: m.group(0) if m.group(0) == STAR else "", val)):
            if tok == "**":
                flush()
                bold = not bold
            elif tok == "*":
                flush()
                italic = not italic
            elif tok:
                buf.append(tok.replace(STAR, "*"))
    flush()
    if bold or italic:
        raise MarkupError("unbalanced '**' or '*' (write {{ '*' }} for a literal asterisk)")
    return tuple(out)


def plain(runs: tuple[Inline, ...]) -> str:
    return "".join(r.text for r in runs)


def literal(text: str) -> str:
    """Rendered label text as printed: no emphasis, no markers; asterisks from values stay asterisks."""
    if _MARKER.search(text):
        raise MarkupError("term() and ref() cannot be used in a label (labels are plain text)")
    return _STRAY.sub(lambda m: "*" if m.group(0) == STAR else "", text)
