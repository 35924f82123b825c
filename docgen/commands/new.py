"""`docgen new [--pool heating|power|scheduled] [--exchange SSE|SZSE] [-o FILE]`: a commented starter deal.

The starters are data (docgen/starters/<pool>.yaml, written for SSE; exchanges.yaml lists the texts another
exchange changes). Each validates and renders as it is; tests/cli/test_new.py holds them to that.
"""

from __future__ import annotations

import os
from pathlib import Path

from docgen.commands import exit_codes
from docgen.commands.console import err, error

STARTERS = Path(__file__).resolve().parents[1] / "starters"


def pools() -> list[str]:
    return sorted(p.stem for p in STARTERS.glob("*.yaml") if p.stem != "exchanges")


def exchanges() -> dict[str, list[tuple[str, str]]]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((STARTERS / "exchanges.yaml").read_text(encoding="utf-8"))
    return {str(k): [(a, b) for a, b in v] for k, v in data.items()}


def starter(pool: str, exchange: str) -> str:
    """The starter deal's text for a pool kind and an exchange (both checked by the caller)."""
    text = (STARTERS / f"{pool}.yaml").read_text(encoding="utf-8")
    for old, new in exchanges()[exchange]:
        if old not in text:  # the data files disagree: docgen's bug, not the user's
            raise RuntimeError(f"starters/exchanges.yaml: {old!r} is not in starters/{pool}.yaml")
        text = text.replace(old, new)
    return text


def default_output(pool: str) -> Path:
    return Path(f"example-{pool}.yaml")


def run(pool: str, exchange: str, output: Path | None) -> int:
    pool, exchange = pool.strip().lower(), exchange.strip().upper()
    if pool not in pools():
        error(f"docgen new: unknown pool '{pool}' (choose from {', '.join(pools())})")
        return exit_codes.BAD_INPUT
    if exchange not in exchanges():
        error(f"docgen new: unknown exchange '{exchange}' (choose from {', '.join(exchanges())})")
        return exit_codes.BAD_INPUT
    output = Path(output) if output is not None else default_output(pool)
    data = starter(pool, exchange).encode("utf-8")
    try:
        # "x": never overwrite a deal someone has been writing
        with open(output, "xb") as fh:
            try:
                fh.write(data)
            except OSError:
                fh.close()
                os.unlink(output)  # nothing half-written is left behind
                raise
    except FileExistsError:
        error(f"docgen new: {output} already exists; choose another name with -o FILE (nothing was written)")
        return exit_codes.BAD_INPUT
    except OSError as e:
        error(f"docgen new: cannot write {output}: {e.strerror or e}")
        return exit_codes.BAD_INPUT
    err.print(f"wrote {output} ({pool} pool, {exchange}); next: docgen validate {output}, then docgen render {output}",
              markup=False, highlight=False)
    return exit_codes.OK
