"""`docgen schema`: the JSON Schema of a deal file (for editor autocompletion)."""

from __future__ import annotations

import json

from docgen.commands import exit_codes
from docgen.commands.console import out


def run() -> int:
    from docgen.model.deal import Deal

    out.print_json(json.dumps(Deal.model_json_schema(by_alias=True), ensure_ascii=False))
    return exit_codes.OK
