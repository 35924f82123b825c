"""Benchmark: the writers on the sample deal's pack (or, with --synthetic, a synthetic pack-sized tree).

For each document and format prints the median seconds of a few runs, pages, ms per page and, for the
PDF, where the time goes:
    docgen  apply_layout + tree → HTML (our code)
    layout  WeasyPrint parse + style + layout (`HTML(...).render()`)
    draw    WeasyPrint drawing, font subsetting and PDF serialisation (`Document.write_pdf()`)
"outside layout" is everything but `layout` (docgen + draw); "docgen" alone is our own overhead.
"typst ms/page" is the same document through the Typst engine (docgen/writers/typst.py), each run in a
fresh process that has compiled only a warm-up document (Typst memoizes: a second compile of the
same tree in one process is nearly free, which is not what a render of a new pack costs).

    .venv/bin/python bench/bench_writers.py [--repeat 3] [--layouts parallel,zh] [--formats pdf,docx]
    .venv/bin/python bench/bench_writers.py --deal deals/hydro-power-sales.yaml
    .venv/bin/python bench/bench_writers.py --synthetic
    .venv/bin/python bench/bench_writers.py --compare-parallel   # table vs grid vs flex for Parallel rows
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "writers"))

from writer_samples import pack, tiny  # noqa: E402

from docgen.layout import apply_layout  # noqa: E402
from docgen.writers import pdf as pdfw  # noqa: E402
from docgen.writers.docx import write_docx  # noqa: E402
from docgen.writers.html import to_html  # noqa: E402


def time_pdf(doc, layout: str) -> dict:
    """Wall seconds, and the CPU seconds of each stage (stable when other work shares the machine)."""
    from weasyprint import HTML

    w0, t0 = time.perf_counter(), time.process_time()
    tree = apply_layout(doc, layout)
    html = to_html(tree, embed_css=False)
    t1 = time.process_time()
    h = HTML(string=html, base_url=pdfw.STYLE_DIR.as_uri() + "/", url_fetcher=pdfw.make_fetcher())
    rendered = h.render(font_config=pdfw._font_config(), stylesheets=[pdfw._stylesheet()])
    t2 = time.process_time()
    data = pdfw.finish(tree, rendered)
    t3, w3 = time.process_time(), time.perf_counter()
    return {"docgen": t1 - t0, "layout": t2 - t1, "draw": t3 - t2, "cpu": t3 - t0, "total": w3 - w0,
            "pages": len(rendered.pages), "bytes": len(data)}


def _typst_child(doc, layout: str, conn) -> None:
    from docgen.writers import typst as tw

    tw.write_pdf(apply_layout(tiny(), layout))  # fonts and template warm, not this tree
    t0 = time.perf_counter()
    data = tw.write_pdf(apply_layout(doc, layout))
    conn.send({"total": time.perf_counter() - t0, "pages": pdfw.pdf_page_count(data), "bytes": len(data)})
    conn.close()


def time_typst(doc, layout: str) -> dict:
    """Wall seconds of layout + Typst compile of one document in a fresh process (warm fonts and
    template, cold content). Spawned, not forked: a fork of a process whose Typst threads ran hangs."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_typst_child, args=(doc, layout, child))
    proc.start()
    out = parent.recv()
    proc.join()
    return out


def time_docx(doc, layout: str) -> dict:
    t0 = time.perf_counter()
    data = write_docx(apply_layout(doc, layout))
    return {"total": time.perf_counter() - t0, "bytes": len(data)}


def compare_parallel(n: int = 40, repeat: int = 3) -> None:
    """WeasyPrint layout time of `n` two-column clause rows written four ways (why html.py uses a table)."""
    from weasyprint import HTML

    zh = "原始权益人应当按照本协议的约定将回收款划转至专项计划账户，并保证供热服务的持续稳定。"
    en = "The Originator shall transfer the Collections to the Plan Account as agreed herein. "
    css = ('@page{size:A4;margin:20mm}body{font-family:"Noto Serif CJK SC";font-size:10.5pt}'
           ".g{display:grid;grid-template-columns:1fr 1fr;column-gap:6mm}.f{display:flex;gap:6mm}.f>div{flex:1 1 0}"
           "table{table-layout:fixed;width:100%;border-collapse:collapse}td{vertical-align:top;padding:0 3mm}")
    rows = [(f"<h2>第{i}条</h2><p>{zh * (1 + i % 3)}</p><p>{zh}</p>", f"<h2>Article {i}</h2><p>{en * (2 + i % 3)}</p>")
            for i in range(n)]
    kinds = {
        "one table": "<table>" + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows) + "</table>",
        "table per row": "".join(f"<table><tr><td>{a}</td><td>{b}</td></tr></table>" for a, b in rows),
        "grid per row": "".join(f'<div class="g"><div>{a}</div><div>{b}</div></div>' for a, b in rows),
        "flex per row": "".join(f'<div class="f"><div>{a}</div><div>{b}</div></div>' for a, b in rows),
    }
    HTML(string="<p>warm</p>").render()
    for name, body in kinds.items():
        html = f"<html><head><style>{css}</style></head><body>{body}</body></html>"
        times, pages = [], 0
        for _ in range(repeat):
            t = time.perf_counter()
            pages = len(HTML(string=html).render().pages)
            times.append(time.perf_counter() - t)
        print(f"{name:14} {statistics.median(times):6.2f} s  {pages} pages")


def weasyprint_floor(repeat: int = 3) -> list[tuple[str, int, float, float]]:
    """WeasyPrint alone (no docgen) on plain paragraphs: its own drawing/writing share of CPU time.

    This is the floor under "outside layout": WeasyPrint re-shapes every line when it draws the page
    (`draw_first_line` rebuilds the Pango layout the layout step released), so even a document of plain
    paragraphs spends about 30 % of its CPU after layout. Returns (kind, pages, layout s, draw s).
    """
    from weasyprint import HTML

    zh = "原始权益人应当按照本协议的约定将回收款划转至专项计划账户，并保证供热服务的持续稳定。"
    en = "The Originator shall transfer the Collections to the Plan Account as agreed herein. "
    css = '@page{size:A4;margin:20mm}body{font-family:"Noto Serif CJK SC";font-size:10.5pt}'
    bodies = {
        "plain Chinese paragraphs": "".join(f"<p>{zh * 4}</p>" for _ in range(400)),
        "plain English paragraphs": "".join(f"<p>{en * 4}</p>" for _ in range(400)),
    }
    HTML(string="<p>warm</p>").render().write_pdf()
    out = []
    for kind, body in bodies.items():
        html = f"<html><head><style>{css}</style></head><body>{body}</body></html>"
        lay, draw = [], []
        for _ in range(repeat):
            t0 = time.process_time()
            doc = HTML(string=html).render()
            t1 = time.process_time()
            doc.write_pdf()
            lay.append(t1 - t0)
            draw.append(time.process_time() - t1)
        out.append((kind, len(doc.pages), statistics.median(lay), statistics.median(draw)))
    return out


def sample_pack(deal_path: Path) -> dict:
    """The bilingual trees of a deal's four documents, as `docgen render` assembles them."""
    from docgen.assembly.assemble import assemble_pack
    from docgen.model import load_deal
    from docgen.projection.run import project

    deal = load_deal(deal_path)
    return assemble_pack(deal, project(deal), root=ROOT)


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--layouts", default="parallel,sequential,zh,en")
    ap.add_argument("--formats", default="pdf,docx")
    ap.add_argument("--compare-parallel", action="store_true", help="time table/grid/flex for parallel rows")
    ap.add_argument("--deal", type=Path, default=ROOT / "deals" / "heating-sweep-guaranteed.yaml")
    ap.add_argument("--synthetic", action="store_true", help="the synthetic pack of tests/writers instead")
    args = ap.parse_args()
    if args.compare_parallel:
        compare_parallel(repeat=args.repeat)
        return
    t = time.process_time()
    docs = pack() if args.synthetic else sample_pack(args.deal)
    first_cpu = time.process_time() - t  # load + project + assemble, imports and cold caches included
    assemble_cpu = first_cpu
    if not args.synthetic:  # steady state, as in a batch render: median of a few more calls
        runs = []
        for _ in range(args.repeat):
            t = time.process_time()
            sample_pack(args.deal)
            runs.append(time.process_time() - t)
        assemble_cpu = statistics.median(runs)
    layouts = args.layouts.split(",")
    formats = args.formats.split(",")

    # warm up: imports, font configuration, stylesheet parse (paid once per process, not per document)
    t = time.perf_counter()
    first = next(iter(docs.values()))
    if "pdf" in formats:
        time_pdf(first, layouts[0])
    if "docx" in formats:
        time_docx(first, layouts[0])
    print(f"warm-up (imports, fonts, first render): {time.perf_counter() - t:.2f} s\n")

    print(f"{'document':26} {'layout':10} {'fmt':4} {'s':>6} {'cpu s':>6} {'pages':>5} {'ms/page':>7} "
          f"{'docgen':>7} {'layout':>7} {'draw':>6} {'outside':>7} {'typst ms/page':>13}  (shares of CPU time)")
    totals = {"pdf": [0.0, 0, 0.0, 0.0, 0.0], "docx": [0.0], "typst": [0.0, 0]}
    for layout in layouts:
        for name, doc in docs.items():
            if "pdf" in formats:
                runs = [time_pdf(doc, layout) for _ in range(args.repeat)]
                s, pages, cpu = median(runs, "total"), runs[0]["pages"], median(runs, "cpu")
                dg, lay, draw = median(runs, "docgen"), median(runs, "layout"), median(runs, "draw")
                ty = [time_typst(doc, layout) for _ in range(args.repeat)]
                ts, tp = median(ty, "total"), ty[0]["pages"]
                totals["typst"][0] += ts
                totals["typst"][1] += tp
                print(f"{name:26} {layout:10} {'pdf':4} {s:6.2f} {cpu:6.2f} {pages:5d} {1000 * s / pages:7.1f} "
                      f"{dg / cpu:7.1%} {lay / cpu:7.1%} {draw / cpu:6.1%} {(cpu - lay) / cpu:7.1%} "
                      f"{1000 * ts / tp:8.1f} ({tp})")
                acc = totals["pdf"]
                acc[0] += s
                acc[1] += pages
                acc[2] += dg
                acc[3] += lay
                acc[4] += cpu
            if "docx" in formats:
                runs = [time_docx(doc, layout) for _ in range(args.repeat)]
                s = median(runs, "total")
                print(f"{name:26} {layout:10} {'docx':4} {s:6.2f}")
                totals["docx"][0] += s
    if "pdf" in formats:
        s, pages, dg, lay, cpu = totals["pdf"]
        print(f"\nPDF all: {s:.2f} s wall ({cpu:.2f} s CPU), {pages} pages, {1000 * s / pages:.1f} ms/page "
              f"({1000 * cpu / pages:.1f} CPU); docgen's own code {dg / cpu:.1%} of CPU, outside WeasyPrint's "
              f"layout {(cpu - lay) / cpu:.1%} (docgen + WeasyPrint drawing/PDF writing)")
        ts, tp = totals["typst"]
        print(f"PDF all through Typst: {ts:.2f} s wall, {tp} pages, {1000 * ts / tp:.1f} ms/page "
              f"(WeasyPrint {1000 * s / pages:.1f} ms/page: {s / ts:.1f}x)")
        if not args.synthetic:
            own = assemble_cpu + dg
            print(f"docgen's own work for the PDFs (load, project, assemble once; layout + HTML per document): "
                  f"{own:.2f} s CPU = {own / (cpu + assemble_cpu):.1%}; WeasyPrint (layout + drawing) the rest. "
                  f"(First assembly in a fresh process, imports included: {first_cpu:.2f} s.)")
        print("\nWeasyPrint alone, no docgen (the floor under 'outside layout'):")
        for kind, n, lay_s, draw_s in weasyprint_floor(args.repeat):
            print(f"  {kind:26} {n:3d} pages  layout {lay_s:5.2f} s  drawing/writing {draw_s:5.2f} s  "
                  f"outside layout {draw_s / (lay_s + draw_s):5.1%}")
    if "docx" in formats:
        print(f"DOCX all: {totals['docx'][0]:.2f} s")


if __name__ == "__main__":
    main()
