"""docgen against the route lawyers use today: docxtpl templates + one LibreOffice conversion.

    .venv/bin/python bench/compare_peer.py [--deal deals/heating-sweep-guaranteed.yaml] [--runs 5]
                                           [--pdf-engine typst]

The usual route's docxtpl templates are made once from docgen's own DOCX output, with the deal's
values turned back into tags (so both routes produce the same four documents with the same text);
they live in a scratch folder, never in the product. Each route runs as its own process, alternating,
and the medians are compared. docgen prints its PDFs through `--pdf-engine` (default typst).
Printed: full-pack ratio (target ≤ 0.5, stretch 0.3); the re-render after an edit that changes one
document (the originator's registered capital, printed in the offering memorandum only), through
`docgen watch` (save → pack swapped in; target ≤ 0.2 × the usual route's full run, stretch 0.1) and,
for comparison, through a new `docgen render`; where docgen's time goes; and peak memory (target ≤ 600 MB)
of the largest render (the whole pack in one process) and of the watch process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_watch import FIELD, WatchProcess, save

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the in-process breakdown measures this checkout, not the installed docgen
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


def peak_mb(cmd: list[str]) -> float:
    """Peak resident memory of a command, measured from a process of its own (so no other child counts)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    r = subprocess.run([PY, "-c", probe, *cmd], check=True, capture_output=True, text=True, cwd=ROOT)
    return int(r.stdout.strip()) / 1024


def vm_hwm_mb(pid: int) -> float:
    """Peak resident memory so far of a running process (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def breakdown(deal: Path, scratch: Path, engine: str) -> dict[str, float]:
    """Where docgen's time goes, measured in-process on one full render."""
    from docgen.render.pack import Options, finish, prepare, write_unit

    opts = Options(layouts=("parallel",), force=True, pdf_engine=engine)
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
    out[f"write pdf ({engine})"] = write_pdf
    out["write docx"] = write_docx
    out["save + manifest"] = time.perf_counter() - t1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--deal", type=Path, default=ROOT / "deals" / "heating-sweep-guaranteed.yaml")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--pdf-engine", default="typst", help="docgen's PDF engine: typst (default) or weasyprint")
    args = ap.parse_args()
    engine = ["--pdf-engine", args.pdf_engine]
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: run scripts/setup.sh first")
    deal = args.deal.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="docgen-peer-"))
    try:
        profile = scratch / "lo-profile"
        seed = scratch / "seed"
        subprocess.run([*DOCGEN, "render", str(deal), "-o", str(seed), "--layout", "parallel", "--format", "pdf,docx",
                        "--force", *engine], check=True, cwd=ROOT, capture_output=True)
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
                                          "--format", "pdf,docx", "--jobs", str(args.jobs), *engine, *extra]
        # warm both (LibreOffice creates its profile on first start; docgen's first run fills caches)
        timed(peer_cmd(scratch / "peer-warm"))
        timed(docgen_cmd(scratch / "dg-warm", "--force"))

        peer, dg = [], []
        for i in range(args.runs):
            peer.append(timed(peer_cmd(scratch / f"peer-{i}")))
            dg.append(timed(docgen_cmd(scratch / f"dg-{i}", "--force")))
        pages_dg = pdf_pages(scratch / "dg-0" / deal_id)
        pages_peer = pdf_pages(scratch / "peer-0")

        # an edit that changes one document's content: the originator's registered capital (OM only)
        text = deal.read_text("utf-8")
        if not FIELD.search(text):
            sys.exit(f"{deal}: no 'registered_capital: 600000000.00' to edit")
        edits = [FIELD.sub(rf"\g<1>6{i + 1}0000000.00", text, count=1) for i in range(args.runs)]
        edited = scratch / "deal-edit.yaml"  # through a new `docgen render` process, on the pack of run 0
        base = scratch / "dg-0"
        inc = []
        for body in edits:
            save(edited, body)
            inc.append(timed([*DOCGEN, "render", str(edited), "-o", str(base), "--layout", "parallel",
                              "--format", "pdf,docx", "--jobs", str(args.jobs), *engine]))
        manifest = json.loads((base / deal_id / "manifest.json").read_text())

        # through `docgen watch`: save → the new pack swapped in (its report line), PDF and DOCX
        watched = scratch / "deal-watched.yaml"
        watched.write_text(text, "utf-8")
        w = WatchProcess(watched, scratch / "watch", "--layout", "parallel", "--format", "pdf,docx", *engine)
        w.wait_for("watching")
        live, reports = [], []
        for body in edits:
            seen = len(w.lines)
            save(watched, body)
            t0 = time.perf_counter()
            reports.append(w.wait_for("written", after=seen))
            live.append(time.perf_counter() - t0)
        watch_peak = vm_hwm_mb(w.proc.pid)
        watch_exit = w.stop()

        # peak memory of the largest render: the whole pack in one process
        peak = peak_mb([*DOCGEN, "render", str(deal), "-o", str(scratch / "mem"), "--layout", "parallel",
                        "--format", "pdf,docx", "--jobs", "1", "--force", *engine])

        parts = breakdown(deal, scratch / "breakdown", args.pdf_engine)
        m_peer, m_dg, m_inc, m_live = (statistics.median(x) for x in (peer, dg, inc, live))
        n_docs = len({name.rsplit("-", 1)[0] for name in manifest["files"]})
        print(f"deal: {deal.relative_to(ROOT) if deal.is_relative_to(ROOT) else deal}; runs: {args.runs}; jobs: {args.jobs}; "
              f"docgen PDF engine: {args.pdf_engine}")
        print(f"usual route (docxtpl + one soffice call): median {m_peer:.2f} s  ({pages_peer} PDF pages)  runs {[round(x, 2) for x in peer]}")
        print(f"docgen render (PDF + DOCX, {n_docs} documents):  median {m_dg:.2f} s  ({pages_dg} PDF pages)  runs {[round(x, 2) for x in dg]}")
        print(f"full pack ratio docgen / usual route: {m_dg / m_peer:.2f}  (target <= 0.5, stretch 0.3)")
        print(f"re-render after a one-document edit:   median {m_live:.2f} s  runs {[round(x, 2) for x in live]}  (docgen watch: save -> pack swapped in)")
        print(f"  ratio to the usual route's full run:  {m_live / m_peer:.2f}  (target <= 0.2, stretch 0.1)")
        print(f"  watch's last report: {reports[-1].removeprefix('docgen watch: ')}")
        print(f"  through a new docgen render process instead: median {m_inc:.2f} s  runs {[round(x, 2) for x in inc]}  "
              f"(ratio {m_inc / m_peer:.2f})")
        print(f"peak memory of the largest render (one process, whole pack): {peak:.0f} MB  (target <= 600 MB)")
        print(f"peak memory of the watch process (whole pack, then {args.runs} edits): {watch_peak:.0f} MB; "
              f"exit status on Ctrl-C: {watch_exit}")
        total = sum(parts.values())
        print("where docgen's time goes (one in-process render, no workers):")
        for k, v in parts.items():
            print(f"  {k:<24} {v:6.2f} s  {100 * v / total:5.1f} %")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
