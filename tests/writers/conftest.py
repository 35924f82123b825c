"""Fixtures of the writer tests: renders shared per worker, WeasyPrint warnings as failures."""

from __future__ import annotations

import logging

import pytest
from writer_readback import Renders


@pytest.fixture(scope="session")
def renders(tmp_path_factory) -> Renders:
    return Renders(tmp_path_factory.mktemp("renders"))


@pytest.fixture
def no_weasyprint_warnings(caplog):
    """Fail the test if WeasyPrint logs a warning or an error (a missing font, a refused URL …)."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield caplog
    bad = [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert not bad, [r.getMessage() for r in bad]
