"""`docgen version`."""

from __future__ import annotations

from docgen import __version__
from docgen.commands import exit_codes
from docgen.commands.console import out


def run() -> int:
    out.print(__version__)
    return exit_codes.OK
