"""The deal model: parse a deal file with line information, validate it, report located problems."""

from docgen.model.deal import Deal
from docgen.model.diagnostics import Diagnostic, DealError
from docgen.model.loader import load_deal

__all__ = ["Deal", "Diagnostic", "DealError", "load_deal"]
