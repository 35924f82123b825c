"""`docgen validate DEAL|DIR... [--format text|json] [--strict]`.

Exit 2 when any file has an error: a structural one, or a regulatory one the deal does not waive
(`waivers:`) — the same errors that stop `render` — or when two of the files share a `plan.id` (render
would refuse both). A regulatory error does not stop `project`.
A deal that reads without a structural error is projected too, for the findings only the projection
gives (base-case coverage under 1.00x or the target, a heating season's cash left out at the plan's end).
"""

from __future__ import annotations

from pathlib import Path

from docgen.commands import exit_codes
from docgen.commands.console import deal_files, err, print_diagnostics
from docgen.model.diagnostics import DealError, Diagnostic, dotted


def run(deals: list[Path], *, fmt: str = "text", strict: bool = False) -> int:
    from docgen.model.ids import shared_deal_ids
    from docgen.model.loader import load_located

    all_diags = []
    failed = False
    files = deal_files(deals)
    if not files:
        err.print("docgen validate: no deal files found", style="red")
        return exit_codes.BAD_INPUT
    ids = []  # (file, plan.id, where): two deals of one run must not share a pack folder
    for f in files:
        try:
            deal, found, pos = load_located(f, allow_regulatory=True)
        except DealError as e:
            all_diags += e.diagnostics
            failed = True
            continue
        ids.append((f, deal.plan.id, pos.at(("plan", "id"))))
        found = found + projection_findings(deal, str(f), pos)
        all_diags += found
        if any(d.severity == "error" for d in found) or (strict and found):
            failed = True
    if clashes := shared_deal_ids(ids):
        order = {str(f): i for i, f in enumerate(files)}  # each file's findings together, in the files' order
        all_diags = sorted(all_diags + list(clashes.values()), key=lambda d: order.get(d.file, len(order)))
        failed = True
    print_diagnostics(all_diags, fmt)
    if fmt == "text":
        n_err = sum(d.severity == "error" for d in all_diags)
        n_reg = sum(d.severity == "error" and d.kind == "regulatory" for d in all_diags)
        n_warn = len(all_diags) - n_err
        status = "[red]failed[/]" if failed else "[green]ok[/]"
        reg = f" ({n_reg} regulatory: they stop render unless waived, not project)" if n_reg else ""
        err.print(f"{len(files)} deal file(s): {n_err} error(s){reg}, {n_warn} warning(s) — {status}")
    return exit_codes.BAD_INPUT if failed else exit_codes.OK


def projection_findings(deal, name: str, pos) -> list[Diagnostic]:
    """The projection's findings as located warnings; a projection that fails is an error of its own."""
    from docgen.projection.checks import checks

    try:
        found = checks(deal)
    except Exception as e:  # noqa: BLE001 — reported like any finding, never a traceback
        return [Diagnostic(name, 1, 1, "", "error", "projection",
                           f"the projection fails on this deal ({type(e).__name__}: {e}); please report it")]
    return [Diagnostic(name, *pos.at(p), dotted(p), "warning", rule, msg) for p, rule, msg in found]
