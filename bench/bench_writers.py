"""Benchmark: the writers on a synthetic pack (four documents, sized like a heating-ABS pack).

For each document and format prints the median seconds of a few runs, pages, ms per page and, for the
PDF, where the time goes:
    docgen  apply_layout + tree → HTML (our code)
    layout  WeasyPrint parse + style + layout (`HTML(...).render()`)
    draw    WeasyPrint drawing, font subsetting and PDF serialisation (`Document.write_pdf()`)
"outside layout" is everything but `layout` (docgen + draw); "docgen" alone is our own overhead.

    .venv/bin/python bench/bench_writers.py [--repeat 3] [--layouts parallel,zh] [--formats pdf,docx]
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

from writer_samples import pack  # noqa: E402

from docgen.layout import apply_layout  # noqa: E402
from docgen.writers import pdf as pdfw  # noqa: E402
from docgen.writers.docx import write_docx  # noqa: E402
from docgen.writers.html import to_html  # noqa: E402


def time_pdf(doc, layout: str) -> dict:
    from weasyprint import HTML

    t0 = time.perf_counter()
    tree = apply_layout(doc, layout)
    html = to_html(tree, embed_css=False)
    t1 = time.perf_counter()
    h = HTML(string=html, base_url=pdfw.STYLE_DIR.as_uri() + "/", url_fetcher=pdfw.make_fetcher())
    rendered = h.render(font_config=pdfw._font_config(), stylesheets=[pdfw._stylesheet()])
    t2 = time.perf_counter()
    data = pdfw.finish(tree, rendered)
    t3 = time.perf_counter()
    return {"docgen": t1 - t0, "layout": t2 - t1, "draw": t3 - t2, "total": t3 - t0,
            "pages": len(rendered.pages), "bytes": len(data)}


def time_docx(doc, layout: str) -> dict:
    t0 = time.perf_counter()
    data = write_docx(apply_layout(doc, layout))
    return {"total": time.perf_counter() - t0, "bytes": len(data)}


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--layouts", default="parallel,sequential,zh,en")
    ap.add_argument("--formats", default="pdf,docx")
    args = ap.parse_args()
    docs = pack()
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

    print(f"{'document':26} {'layout':10} {'fmt':4} {'s':>6} {'pages':>5} {'ms/page':>7} "
          f"{'docgen':>7} {'layout':>7} {'draw':>6} {'outside':>7}")
    totals = {"pdf": [0.0, 0, 0.0, 0.0], "docx": [0.0]}
    for layout in layouts:
        for name, doc in docs.items():
            if "pdf" in formats:
                runs = [time_pdf(doc, layout) for _ in range(args.repeat)]
                s, pages = median(runs, "total"), runs[0]["pages"]
                dg, lay, draw = median(runs, "docgen"), median(runs, "layout"), median(runs, "draw")
                print(f"{name:26} {layout:10} {'pdf':4} {s:6.2f} {pages:5d} {1000 * s / pages:7.1f} "
                      f"{dg / s:7.1%} {lay / s:7.1%} {draw / s:6.1%} {(s - lay) / s:7.1%}")
                acc = totals["pdf"]
                acc[0] += s
                acc[1] += pages
                acc[2] += dg
                acc[3] += lay
            if "docx" in formats:
                runs = [time_docx(doc, layout) for _ in range(args.repeat)]
                s = median(runs, "total")
                print(f"{name:26} {layout:10} {'docx':4} {s:6.2f}")
                totals["docx"][0] += s
    if "pdf" in formats:
        s, pages, dg, lay = totals["pdf"]
        print(f"\nPDF all: {s:.2f} s, {pages} pages, {1000 * s / pages:.1f} ms/page; "
              f"docgen's own code {dg / s:.1%}, outside WeasyPrint's layout {(s - lay) / s:.1%} (docgen + drawing/PDF)")
    if "docx" in formats:
        print(f"DOCX all: {totals['docx'][0]:.2f} s")


if __name__ == "__main__":
    main()
