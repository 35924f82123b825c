"""`docgen check OUTDIR|PACKDIR [--format text|json]`: findings as a table or JSON; exit 0 clean,
3 findings, 2 when the path holds no rendered pack."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from docgen.commands import exit_codes
from docgen.commands.console import error, out, safe
from docgen.review.check import BadPack, check_packs, find_packs


def run(path: Path, *, fmt: str = "text") -> int:
    try:
        packs = find_packs(path)
        findings = check_packs(packs)
    except BadPack as e:
        error(f"docgen check: {e}")
        return exit_codes.BAD_INPUT
    if fmt == "json":
        out.print_json(json.dumps({"packs": [p.name for p in packs], "findings": [asdict(f) for f in findings]},
                                  ensure_ascii=False))
    elif findings:
        table = Table(title=f"docgen check — {len(findings)} finding(s)")
        for col in ("pack", "file", "rule", "message"):
            table.add_column(col, overflow="fold")
        for f in findings:
            table.add_row(*(escape(safe(x)) for x in (f.pack, f.file, f.rule, f.message)))
        out.print(table)
    else:
        out.print(f"[green]docgen check: {len(packs)} pack(s) clean[/]")
    return exit_codes.FINDINGS if findings else exit_codes.OK
