"""The summary of a comparison: one line per changed figure or term with the articles it touches, then
the derived figures of the projection that changed (docgen.review.figures), as text, as `summary.json`
rows and as `summary.md`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from docgen.model.diagnostics import printable
from docgen.review.attribution import Attribution
from docgen.review.dealdiff import MISSING, Change
from docgen.review.sides import Side
from docgen.review.treediff import Ref, abbr, doc_refs


def values_text(c: Change) -> str:
    if c.kind == "changed":
        zh = f"{c.old_text['zh']} → {c.new_text['zh']}"
        en = f"{c.old_text['en']} → {c.new_text['en']}"
    elif c.kind == "added":
        zh, en = f"added: {c.new_text['zh']}", f"added: {c.new_text['en']}"
    else:
        zh, en = f"removed: {c.old_text['zh']}", f"removed: {c.old_text['en']}"
    return zh if zh == en else f"{zh} ({en})"


def affects_text(affects: list[tuple[str, Ref]]) -> str:
    if not affects:
        return "affects no document text"
    by_doc: dict[str, list[Ref]] = {}
    for doc, ref in affects:
        by_doc.setdefault(doc, []).append(ref)
    return "affects " + ", ".join(doc_refs(refs, doc) for doc, refs in by_doc.items())


def attribution_note(a: Attribution) -> str:
    if a.method == "together":
        return (f" [applied together with {', '.join(p.label for p in a.partners)}: alone it makes the deal invalid"
                f" ({a.reason})]")
    if a.method == "full":
        return (f" [cannot be applied alone ({a.reason}); the articles are those of the full NEW version,"
                " which has the other changes too]")
    return ""


def change_line(c: Change, a: Attribution) -> str:
    if a.method == "full" and len(a.affects) > 12:
        # every part OLD and NEW differ in: listed once per document, not again on each such change
        return (f"{c.label}: {values_text(c)}; affects (not attributable alone: {a.reason}) the parts in which "
                "the whole NEW version differs")
    return f"{c.label}: {values_text(c)}; {affects_text(a.affects)}{attribution_note(a)}"


def _jsonable(v):
    if v is MISSING:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def ref_json(r: Ref) -> dict:
    return {"ref": r.label, "id": r.key, "number": r.number, "title": r.title}


def change_json(c: Change, a: Attribution, line: str) -> dict:
    return {
        "label": c.label,
        "path": c.dotted,
        "kind": c.kind,
        "value_kind": c.value_kind,
        "old": {"value": _jsonable(c.old), **c.old_text} if c.kind != "added" else None,
        "new": {"value": _jsonable(c.new), **c.new_text} if c.kind != "removed" else None,
        "line": {"old": c.old_line, "new": c.new_line},
        "attribution": {
            "method": a.method,
            "with": [p.dotted for p in a.partners],
            "reason": a.reason,
        },
        "affects": [dict(document=doc, abbr=abbr(doc), **ref_json(r)) for doc, r in a.affects],
        "text": line,
    }


def side_json(s: Side) -> dict:
    return {
        "input": s.shown,
        "pack": s.pack is not None,
        "deal_file": s.deal_path.name,
        "deal_id": s.deal.plan.id,
        "deal_sha256": s.sha256,
    }


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]!|~#"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;",
                                                                    "\n": " ", "\r": " "})


def _md(text: str) -> str:
    """Deal values as literal text in a Markdown table: no link, image, HTML or formatting they could carry."""
    return printable(str(text)).translate(_MD_SPECIAL)


def _code(text: str) -> str:
    """A file name or field path as inline code (backticks in it cannot close the span)."""
    return "`" + printable(str(text)).replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def _side_md(row: dict, side: str) -> str:
    """A row's old or new value in a summary.md cell: zh (en), or a dash when the side has none."""
    if row[side] is None:
        return "—"
    zh, en = row[side]["zh"], row[side]["en"]
    return _md(zh if zh == en else f"{zh} ({en})")


def summary_md(summary: dict) -> str:
    o, n = summary["old"], summary["new"]
    out = [f"# docgen compare: {_md(o['deal_id'])}" + (f" → {_md(n['deal_id'])}" if n["deal_id"] != o["deal_id"] else ""),
           "", f"- OLD: {_code(o['input'])} (sha256 {o['deal_sha256'][:12]})",
           f"- NEW: {_code(n['input'])} (sha256 {n['deal_sha256'][:12]})", ""]
    changes = summary["changes"]
    out.append(f"## Changed figures and terms ({len(changes)})")
    out.append("")
    if not changes:
        out.append("The two deals are the same.")
    else:
        out += ["| # | Change | Old | New | Affects | Field |", "|---|---|---|---|---|---|"]
        for i, c in enumerate(changes, 1):
            aff = c["text"].split("; ", 1)[1] if "; " in c["text"] else ""
            field_ = _code(c["path"]) + (f" (line {c['line']['new']})" if c["line"]["new"] else "")
            out.append(f"| {i} | {_md(c['label'])} | {_side_md(c, 'old')} | {_side_md(c, 'new')} | {_md(aff)} | {field_} |")
    derived = summary.get("derived") or []
    out += ["", f"## Changed derived figures ({len(derived)})", ""]
    if not derived:
        out.append("No figure of the projection prints differently.")
    else:
        out += ["| # | Figure | Old | New |", "|---|---|---|---|"]
        for i, d in enumerate(derived, 1):
            out.append(f"| {i} | {_md(d['label'])} | {_side_md(d, 'old')} | {_side_md(d, 'new')} |")
    out += ["", "## Documents", "", "| Document | Changed parts | Redline |", "|---|---|---|"]
    for doc, row in summary["documents"].items():
        parts = row["changed"] or "no change"
        if not row["in_old"]:
            parts = "only in NEW"
        elif not row["in_new"]:
            parts = "only in OLD"
        red = row.get("redline") or {}
        files = ", ".join(_code(red[k]) for k in ("docx", "html") if red.get(k)) or "—"
        if red.get("engine"):
            files += f" ({red['engine']}: {red['revisions']['ins']} insertions, {red['revisions']['del']} deletions)"
        out.append(f"| {_md(row['title']['zh'])} / {_md(row['title']['en'])} | {_md(parts)} | {files} |")
    if summary["notes"]:
        out += ["", "## Notes", ""] + [f"- {_md(x)}" for x in summary["notes"]]
    out.append("")
    return "\n".join(out)
