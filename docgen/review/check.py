"""`docgen check OUTDIR|PACKDIR`: proofread what was produced, reading the files themselves.

Findings: a file that does not match its manifest hash; a font not embedded; a page count or an
outline missing; a leftover placeholder; a cross-reference whose printed page does not show its target; a party name, the plan name, the plan size or a tranche's
size, coupon or maturity missing from a document that must print it; a projection figure
missing from the offering memorandum's tables. Consistency across the pack (docgen/review/check_*.py, one
module per rule): a term defined two ways, a time limit printed two ways for one obligation, an institution
named two ways, a role name (Party A …) never defined, a paragraph repeated within a document, an English
paragraph whose figures or party names differ from the Chinese it faces. The layout lint (check_layout.py:
a figure or word broken in a table cell, a caption or a lone row at a page break, a glyph the fonts lack)
reports like the other rules (warnings only while check_layout.ENFORCED is off). The deal is the pack's own copy (deal.yaml) and the
projection its projection.json: what the pipeline produced, not a new run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from docgen.review import check_layout
from docgen.review.check_text import columns_of, docx_doc, pdf_doc
from docgen.review.extract import docx_core, docx_text, pages_of, pdf_bbox, pdf_facts, squash
from docgen.review.xrefpages import split_pages, wrong_pages

PLACEHOLDERS = [
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "template braces"),
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\bnan\b|\bNaN\b"), "nan"),
    (re.compile(r"\bTODO\b|\bTBD\b|\bXX+\b"), "TODO/XX marker"),
    (re.compile(r"【\s*】|\[\s*\]|（\s*）|\(\s*\)"), "empty brackets"),
    (re.compile(r"“\s*”|\"\s*\""), "empty quotation"),
]


def _read_pdf(name: str, data: bytes):
    """(facts, lines of each page, pages for the layout lint) of one PDF of the pack, or the exception that
    stopped the reading."""
    try:
        bbox = pdf_bbox(data)
        facts, pages = pdf_facts(data), pages_of(bbox, columns_of(name))
    except Exception as e:  # noqa: BLE001 — a PDF that cannot be read is a finding, not a crash
        return e
    try:
        layout = check_layout.read(data, bbox)
    except Exception as e:  # noqa: BLE001 — reported through the layout lint (a warning until it is enforced)
        layout = e
    return facts, pages, layout


@dataclass(frozen=True, order=True)
class Finding:
    pack: str
    file: str
    rule: str
    message: str

    def format(self) -> str:
        return f"{self.pack}/{self.file}: {self.rule}: {self.message}"


class BadPack(Exception):
    pass


def find_packs(path: Path) -> list[Path]:
    path = Path(path)
    if (path / "manifest.json").is_file():
        return [path]
    if path.is_dir():
        packs = sorted(p for p in path.iterdir() if p.is_dir() and not p.is_symlink() and (p / "manifest.json").is_file())
        if packs:
            return packs
    raise BadPack(f"{path}: not a rendered pack (no manifest.json) nor a folder of packs")


def _placeholders(text: str):
    for pattern, what in PLACEHOLDERS:
        m = pattern.search(text)
        if m:
            start = max(0, m.start() - 30)
            yield what, text[start:m.end() + 30].replace("\n", " ")


class PackChecker:
    def __init__(self, folder: Path):
        self.folder = folder
        self.findings: list[Finding] = []
        try:
            self.manifest = json.loads(self.inside("manifest.json").read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise BadPack(f"{folder}/manifest.json: cannot read: {e}") from None
        _check_manifest(self.manifest, f"{folder}/manifest.json")
        self.texts: dict[str, str] = {}
        self.docs: list = []  # check_text.DocText of each readable PDF and DOCX, for the consistency rules
        self.warnings: list[Finding] = []  # the layout lint's findings while it is not enforced

    def inside(self, name: str) -> Path:
        """The pack's own file `name`; BadPack for a name or a link that leads out of the pack."""
        if not _plain_name(name):
            raise BadPack(f"{self.folder}/manifest.json: {name!r} is not a file name of the pack "
                          "(no folders, '..' or absolute paths)")
        path = self.folder / name
        if path.is_symlink() or (path.exists() and path.resolve().parent != self.folder.resolve()):
            raise BadPack(f"{path}: a link to a file outside the pack; check reads only the pack's own files")
        return path

    def add(self, file: str, rule: str, message: str) -> None:
        self.findings.append(Finding(self.folder.name, file, rule, message))

    # -------------------------------------------------------------- files and hashes
    def check_files(self) -> None:
        files = self.manifest.get("files", {})
        sources = self.manifest.get("sources", {})
        listed_files = sorted({**files, **{k: {"sha256": v} for k, v in sources.items()}}.items())
        paths = {name: self.inside(name) for name, _ in listed_files}
        pdfs = [name for name, path in paths.items() if name.endswith(".pdf") and path.is_file()]
        # poppler runs as a subprocess: read every PDF at once, one thread each (the GIL is released while it runs)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            readings = dict(zip(pdfs, pool.map(lambda n: _read_pdf(n, paths[n].read_bytes()), pdfs)))
        for name, info in listed_files:
            path = paths[name]
            if not path.is_file():
                self.add(name, "missing-file", "listed in manifest.json but not in the pack")
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != info["sha256"]:
                self.add(name, "hash", "the file does not match the sha256 recorded in manifest.json (changed after rendering)")
            if name.endswith(".pdf"):
                self.check_pdf(name, info, readings[name])
            elif name.endswith(".docx"):
                self.check_docx(name, data)
        layout = {n: r[2] for n, r in readings.items() if not isinstance(r, Exception) and paths[n].is_file()}
        lint = [(n, "unreadable", f"cannot read the page layout: {e}") for n, e in layout.items() if isinstance(e, Exception)]
        lint += check_layout.check({n: pages for n, pages in layout.items() if not isinstance(pages, Exception)})
        for file, code, message in lint:
            finding = Finding(self.folder.name, file, code, message)
            (self.findings if check_layout.ENFORCED else self.warnings).append(finding)
        listed = set(files) | set(sources) | {"manifest.json"}
        for p in sorted(self.folder.iterdir()):
            if p.is_file() and p.name not in listed:
                self.add(p.name, "unlisted-file", "a file in the pack that manifest.json does not list")

    def check_pdf(self, name: str, info: dict, reading) -> None:
        if isinstance(reading, Exception):
            self.add(name, "unreadable", f"cannot read the PDF: {reading}")
            return
        facts, pages, _layout = reading
        # both reading orders: a phrase split by the other language's column is whole in one of them
        self.texts[name] = facts.text + "\n" + "\n".join(line for page in pages for line in page)
        self.read_units(name, pages, pdf_doc)
        if info.get("pages") is not None and facts.pages != info["pages"]:
            self.add(name, "page-count", f"{facts.pages} pages, manifest.json says {info['pages']}")
        if facts.pages < 1:
            self.add(name, "page-count", "the PDF has no pages")
        if not facts.has_outline:
            self.add(name, "outline", "the PDF has no bookmarks (outline)")
        for font, embedded in facts.fonts:
            if not embedded:
                self.add(name, "font-not-embedded", f"font {font} is not embedded")
        deal_id = self.manifest.get("deal_id", "")
        meta = " ".join(facts.metadata.values())
        if deal_id and deal_id not in meta:
            self.add(name, "provenance", "the PDF metadata does not name the deal id")
        for what, context in _placeholders(facts.text):
            self.add(name, "placeholder", f"{what} left in the text: …{context}…")
        for message in wrong_pages(split_pages(facts.text)):
            self.add(name, "xref-page", message)

    def check_docx(self, name: str, data: bytes) -> None:
        try:
            text = docx_text(data)
            core = docx_core(data)
        except Exception as e:  # noqa: BLE001
            self.add(name, "unreadable", f"cannot read the DOCX: {e}")
            return
        self.texts[name] = text
        self.read_units(name, data, docx_doc)
        if self.manifest.get("deal_id", "") not in " ".join(core.values()):
            self.add(name, "provenance", "the DOCX core properties do not name the deal id")
        for what, context in _placeholders(text):
            self.add(name, "placeholder", f"{what} left in the text: …{context}…")

    def read_units(self, name: str, data, reader) -> None:
        if name.count("-") < 1:
            return  # not a <document>-<layout> file of docgen's
        try:
            self.docs.append(reader(name, data))
        except Exception as e:  # noqa: BLE001 — an unreadable file is a finding, not a crash
            self.add(name, "unreadable", f"cannot read the text: {e}")

    # -------------------------------------------------------------- consistency across the pack
    def check_consistency(self, deal) -> None:
        from docgen.review import (check_bilingual, check_institutions, check_periods, check_repeats, check_roles,
                                   check_terms)

        for rule in (check_terms, check_periods, check_institutions, check_roles, check_repeats, check_bilingual):
            for file, code, message in rule.check(self.docs, deal):
                self.add(file, code, message)

    # -------------------------------------------------------------- content against the deal
    def check_content(self) -> None:
        deal_file = self.inside("deal.yaml")
        if not deal_file.is_file():
            self.add("deal.yaml", "missing-file", "the pack has no copy of its deal file")
            return
        from docgen import pipeline
        from docgen.format import Formatter
        from docgen.model.diagnostics import DealError

        try:
            deal = pipeline.read_deal(deal_file)
        except DealError as e:
            self.add("deal.yaml", "deal", f"the pack's deal file does not validate: {e.diagnostics[0].format()}")
            return
        proj = None
        try:
            proj = json.loads(self.inside("projection.json").read_text("utf-8"))
        except (OSError, ValueError):
            self.add("projection.json", "missing-file", "the pack has no readable projection.json")
        else:
            _check_projection(proj, f"{self.folder}/projection.json")
        self.check_consistency(deal)
        fmt = {lang: Formatter(lang, deal.plan.amount_unit, deal.plan.display_unit) for lang in ("zh", "en")}
        for name, text in sorted(self.texts.items()):
            flat = squash(text)
            langs = _langs(name)
            document = name.rsplit("-", 1)[0]
            for lang in langs:
                f = fmt[lang]
                wanted = [("plan name", deal.plan.name[lang])]
                for role in ("plan_manager", "originator"):
                    pid = deal.first(role)
                    if pid:
                        wanted.append((f"{role.replace('_', ' ')} name", deal.parties[pid].name[lang]))
                if deal.has_guarantor:
                    g = deal.parties[deal.credit_enhancement.guarantee.guarantor]
                    if document in ("offering-memorandum",):
                        wanted.append(("guarantor name", g.name[lang]))
                if document in ("offering-memorandum", "asset-purchase-agreement"):
                    # either in the display unit or to the fen (the purchase price is stated exactly)
                    wanted.append(("plan size", (f.money(deal.plan.total_size), f.money_exact(deal.plan.total_size))))
                if document == "offering-memorandum":
                    for t in deal.tranches:
                        wanted.append((f"tranche {t.id} size", f.money_figure(t.size)))
                        wanted.append((f"tranche {t.id} expected maturity", f.date(t.expected_maturity)))
                        if t.coupon.type == "fixed":
                            wanted.append((f"tranche {t.id} coupon", f.pct(t.coupon.rate)))
                for what, value in wanted:
                    options = value if isinstance(value, tuple) else (value,)
                    if not any(squash(v) in flat for v in options):
                        self.add(name, "missing-figure" if any(c.isdigit() for c in options[0]) else "missing-name",
                                 f"{what} ‘{options[0]}’ ({lang}) does not appear")
            if proj and document == "offering-memorandum":
                self.check_projection_figures(name, flat, proj, fmt[langs[0]])

    def check_projection_figures(self, name: str, flat: str, proj: dict, f) -> None:
        """Every per-period figure of the base case appears in the memorandum's tables."""
        for p in proj.get("periods", []):
            for key in ("inflow", "required", "senior_interest", "senior_principal"):
                value = Decimal(p[key])
                shown = f.money_figure(value)
                if shown not in flat:
                    self.add(name, "projection-figure",
                             f"period {p.get('index', '?')} {key.replace('_', ' ')} {shown} (projection) is not in the tables")
            cov = Decimal(p["coverage_total"])
            if f.num(cov, 4) not in flat and f.num(cov, 2) not in flat:
                self.add(name, "projection-figure", f"period {p.get('index', '?')} coverage {f.num(cov, 4)} is not in the tables")
        # both gross over-coverage measures, as the memorandum's text prints them (a projection.json written
        # before the senior measure existed has only `gross_overcoverage`, the all-tranches figure)
        for key, what in (("gross_overcoverage_all", "gross over-coverage (all tranches)"),
                          ("gross_overcoverage_senior", "gross over-coverage (senior tranches)")):
            raw = proj.get(key, proj.get("gross_overcoverage") if key.endswith("_all") else None)
            if raw is not None and squash(f.mult(Decimal(raw))) not in flat:
                self.add(name, "projection-figure", f"{what} {f.mult(Decimal(raw))} (projection) is not in the text")

    def run(self) -> list[Finding]:
        self.check_files()
        self.check_content()
        return sorted(set(self.findings))


def _plain_name(name) -> bool:
    return (isinstance(name, str) and name not in ("", ".", "..") and not any(c in name for c in "/\\\0")
            and not Path(name).is_absolute())


def _check_manifest(m, shown: str) -> None:
    """The manifest's shape, before anything reads it: a clear error instead of a traceback."""
    if not isinstance(m, dict):
        raise BadPack(f"{shown}: not a docgen manifest (a JSON object was expected, found {type(m).__name__})")
    for key in ("files", "sources"):
        if not isinstance(m.get(key, {}), dict):
            raise BadPack(f"{shown}: '{key}' must map file names to their records, found {type(m[key]).__name__}")
    if not isinstance(m.get("deal_id", ""), str):
        raise BadPack(f"{shown}: 'deal_id' must be text")
    entries = [(n, i) for n, i in m.get("files", {}).items()] + [(n, {"sha256": h}) for n, h in m.get("sources", {}).items()]
    for name, info in entries:
        if not _plain_name(name):
            raise BadPack(f"{shown}: {name!r} is not a file name of the pack (no folders, '..' or absolute paths)")
        if not isinstance(info, dict) or not isinstance(info.get("sha256"), str):
            raise BadPack(f"{shown}: the entry for {name!r} has no sha256")
        if info.get("pages") is not None and (not isinstance(info["pages"], int) or isinstance(info["pages"], bool)):
            raise BadPack(f"{shown}: the page count of {name!r} is not a whole number")


def _check_projection(proj, shown: str) -> None:
    """projection.json as docgen writes it: periods a list of records whose figures are finite numbers."""
    periods = proj.get("periods", []) if isinstance(proj, dict) else None
    if not isinstance(periods, list):
        raise BadPack(f"{shown}: 'periods' must be a list of periods" if isinstance(proj, dict)
                      else f"{shown}: not a projection (a JSON object was expected)")
    for i, p in enumerate(periods):
        if not isinstance(p, dict):
            raise BadPack(f"{shown}: period {i + 1} is not a record")
        for key in ("inflow", "required", "senior_interest", "senior_principal", "coverage_total"):
            try:
                ok = Decimal(str(p[key])).is_finite() and not isinstance(p[key], (bool, list, dict))
            except (KeyError, ArithmeticError, ValueError):
                ok = False
            if not ok:
                raise BadPack(f"{shown}: period {i + 1}: '{key}' is not a finite number ({p.get(key)!r})")


def _langs(name: str) -> tuple[str, ...]:
    layout = name.rsplit("-", 1)[-1].split(".")[0]
    return {"zh": ("zh",), "en": ("en",)}.get(layout, ("zh", "en"))


def check_packs(packs: list[Path]) -> list[Finding]:
    from docgen.commands.console import error

    findings: list[Finding] = []
    for pack in packs:
        checker = PackChecker(pack)
        findings += checker.run()
        for w in sorted(set(checker.warnings)):  # the layout lint, not enforced yet (check_layout.ENFORCED)
            error(f"warning: {w.format()}", warning=True)
    return findings


def check_path(path: Path) -> list[Finding]:
    """Every finding in a pack folder, or in every pack of an output folder (BadPack if there is none)."""
    return check_packs(find_packs(path))
