"""The `docgen` commands, one module each: arguments in, calls to the packages, printed text and an exit
code out. `docgen/cli.py` wires them into the typer app."""
