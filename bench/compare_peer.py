"""docgen against the route lawyers use today: docxtpl templates + one LibreOffice conversion.

    .venv/bin/python bench/compare_peer.py [--deal deals/heating-sweep-guaranteed.yaml] [--runs 5]

The usual route's docxtpl templates are made once from docgen's own DOCX output, with the deal's
values turned back into tags (so both routes produce the same four documents with the same text);
they live in a scratch folder, never in the product. Each route runs as its own process, alternating,
and the medians are compared. Printed: full-pack ratio (target ≤ 1.0), the re-render after an edit
that changes one document (target ≤ 0.5 × the usual route's full run), where docgen's time goes,
and the peak memory of the largest render (target ≤ 600 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DOCGEN = [PY, "-m", "docgen.cli"]
DOCS = ("asset-purchase-agreement", "pledge-contract", "shortfall-undertaking", "offering-memorandum")

PEER_ROUTE = r'''
import json, subprocess, sys, pathlib
from docxtpl import DocxTemplate
tpl_dir, out_dir, ctx_file, profile = map(pathlib.Path, sys.argv[1:5])
ctx = json.loads(ctx_file.read_text("utf-8"))
out_dir.mkdir(parents=True, exist_ok=True)
files = []
for tpl in sorted(tpl_dir.glob("*.docx")):
    doc = DocxTemplate(str(tpl))
    doc.render(ctx)
    target = out_dir / tpl.name
    doc.save(str(target))
    files.append(str(target))
subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                "--outdir", str(out_dir), *files], check=True, capture_output=True)
'''


def timed(cmd: list[str], **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, **kw)
    return time.perf_counter() - t


def deal_values(deal_path: Path) -> dict[str, str]:
    """Tag name -> the text docgen printed for it (both languages), longest first when replacing."""
    sys.path.insert(0, str(ROOT))
    from docgen.format import Formatter
    from docgen.model import load_deal

    deal = load_deal(deal_path)
    values = {}
    for lang in ("zh", "en"):
        f = Formatter(lang, deal.plan.amount_unit, deal.plan.display_unit)
        values[f"plan_name_{lang}"] = deal.plan.name[lang]
        values[f"plan_size_{lang}"] = f.money(deal.plan.total_size)
        values[f"plan_size_exact_{lang}"] = f.money_exact(deal.plan.total_size)
        values[f"signing_date_{lang}"] = f.date(deal.legal.signing_date)
        values[f"establishment_{lang}"] = f.date(deal.dates.establishment)
        for pid, p in deal.parties.items():
            values[f"party_{pid}_{lang}"] = p.name[lang]
            values[f"party_{pid}_address_{lang}"] = p.registered_address[lang]
        for t in deal.tranches:
            values[f"tranche_{t.id}_size_{lang}"] = f.money(t.size)
    return values


def make_templates(seed_pack: Path, tpl_dir: Path, values: dict[str, str]) -> None:
    """docgen's DOCX with the deal's values turned back into docxtpl tags."""
    import docx

    tpl_dir.mkdir(parents=True, exist_ok=True)
    pairs = sorted(values.items(), key=lambda kv: -len(kv[1]))

    def fix(paragraph):
        for run in paragraph.runs:
            text = run.text
            for tag, value in pairs:
                if value and value in text:
                    text = text.replace(value, "{{ %s }}" % tag)
            if text != run.text:
                run.text = text

    def walk_tables(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        fix(p)
                    walk_tables(cell.tables)

    for doc in DOCS:
        src = seed_pack / f"{doc}-parallel.docx"
        if not src.exists():
            continue
        d = docx.Document(str(src))
        for p in d.paragraphs:
            fix(p)
        walk_tables(d.tables)
        d.save(str(tpl_dir / f"{doc}.docx"))


def pdf_pages(folder: Path) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(str(p)).pages) for p in folder.glob("*.pdf"))


def breakdown(deal: Path, scratch: Path) -> dict[str, float]:
    """Where docgen's time goes, measured in-process on one full render."""
    sys.path.insert(0, str(ROOT))
    from docgen.render.pack import Options, finish, prepare, write_unit

    opts = Options(layouts=("parallel",), force=True)
    prep = prepare(deal, scratch, opts)
    t = time.perf_counter()
    write_pdf = write_docx = 0.0
    for u in prep.units:
        t0 = time.perf_counter()
        u.data, u.pages = write_unit(u, False, None)
        if u.fmt == "pdf":
            write_pdf += time.perf_counter() - t0
        else:
            write_docx += time.perf_counter() - t0
    t1 = time.perf_counter()
    finish(prep)
    out = dict(prep.timings)
    out["write pdf (WeasyPrint)"] = write_pdf
    out["write docx"] = write_docx
    out["save + manifest"] = time.perf_counter() - t1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--deal", type=Path, default=ROOT / "deals" / "heating-sweep-guaranteed.yaml")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: run scripts/setup.sh first")
    deal = args.deal.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="docgen-peer-"))
    try:
        profile = scratch / "lo-profile"
        seed = scratch / "seed"
        subprocess.run([*DOCGEN, "render", str(deal), "-o", str(seed), "--layout", "parallel", "--format", "pdf,docx",
                        "--force"], check=True, cwd=ROOT, capture_output=True)
        from docgen.model import load_deal

        deal_id = load_deal(deal).plan.id
        seed_pack = seed / deal_id
        values = deal_values(deal)
        tpl_dir = scratch / "peer-templates"
        make_templates(seed_pack, tpl_dir, values)
        ctx = scratch / "context.json"
        ctx.write_text(json.dumps(values, ensure_ascii=False), "utf-8")
        route = scratch / "peer_route.py"
        route.write_text(PEER_ROUTE, "utf-8")
        peer_cmd = lambda out: [PY, str(route), str(tpl_dir), str(out), str(ctx), str(profile)]  # noqa: E731
        docgen_cmd = lambda out, *extra: [*DOCGEN, "render", str(deal), "-o", str(out), "--layout", "parallel",  # noqa: E731
                                          "--format", "pdf,docx", "--jobs", str(args.jobs), *extra]
        # warm both (LibreOffice creates its profile on first start; docgen's first run fills caches)
        timed(peer_cmd(scratch / "peer-warm"))
        timed(docgen_cmd(scratch / "dg-warm", "--force"))

        peer, dg = [], []
        for i in range(args.runs):
            peer.append(timed(peer_cmd(scratch / f"peer-{i}")))
            dg.append(timed(docgen_cmd(scratch / f"dg-{i}", "--force")))
        pages_dg = pdf_pages(scratch / "dg-0" / deal_id)
        pages_peer = pdf_pages(scratch / "peer-0")

        # an edit that changes one document's content: the shortfall undertaking's default interest
        edited = scratch / "edited.yaml"
        text = deal.read_text("utf-8")
        base = scratch / "dg-0"
        inc = []
        for i in range(args.runs):
            value = f"0.0{5 + (i % 4)}"
            edited.write_text(text + f"\n# bench edit {i}\n", "utf-8")
            if "default_interest_per_day" in text:
                import re

                edited.write_text(re.sub(r"default_interest_per_day: *[0-9.]+", f"default_interest_per_day: {value}",
                                         text, count=1), "utf-8")
            shutil.copy(edited, scratch / "deal-edit.yaml")
            inc.append(timed([*DOCGEN, "render", str(scratch / "deal-edit.yaml"), "-o", str(base), "--layout",
                              "parallel", "--format", "pdf,docx", "--jobs", str(args.jobs)]))
        manifest = json.loads((base / deal_id / "manifest.json").read_text())

        # peak memory of the largest render: the whole pack in one process
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run([*DOCGEN, "render", str(deal), "-o", str(scratch / "mem"), "--layout", "parallel",
                        "--format", "pdf,docx", "--jobs", "1", "--force"], check=True, cwd=ROOT, capture_output=True)
        peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024

        parts = breakdown(deal, scratch / "breakdown")
        m_peer, m_dg, m_inc = (statistics.median(x) for x in (peer, dg, inc))
        print(f"deal: {deal.relative_to(ROOT) if deal.is_relative_to(ROOT) else deal}; runs: {args.runs}; jobs: {args.jobs}")
        print(f"usual route (docxtpl + one soffice call): median {m_peer:.2f} s  ({pages_peer} PDF pages)  runs {[round(x, 2) for x in peer]}")
        print(f"docgen render (PDF + DOCX, 4 documents):  median {m_dg:.2f} s  ({pages_dg} PDF pages)  runs {[round(x, 2) for x in dg]}")
        print(f"full pack ratio docgen / usual route: {m_dg / m_peer:.2f}  (target <= 1.0)")
        print(f"re-render after a one-document edit:   median {m_inc:.2f} s  runs {[round(x, 2) for x in inc]}")
        print(f"  ratio to the usual route's full run:  {m_inc / m_peer:.2f}  (target <= 0.5)")
        reused = sum(1 for f in manifest["files"].values() if f)  # all listed
        print(f"  files in pack after edit: {reused}")
        print(f"peak memory of the largest render (one process, whole pack): {peak_mb:.0f} MB  (target <= 600 MB)")
        total = sum(parts.values())
        print("where docgen's time goes (one in-process render, no workers):")
        for k, v in parts.items():
            print(f"  {k:<24} {v:6.2f} s  {100 * v / total:5.1f} %")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
