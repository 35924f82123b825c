"""Shared helpers: the worked-example deals of shared/domain/model.md, and variants built from them."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.model.deal import Deal
from docgen.model.loader import load_deal

ROOT = Path(__file__).resolve().parents[2]
DEALS = ROOT / "deals"


def D(x) -> Decimal:
    return Decimal(str(x))


def deal_data(name: str = "worked-example-1") -> dict:
    """A deal file as plain data, to vary and validate again."""
    return copy.deepcopy(_loaded(name).model_dump(by_alias=True, exclude_unset=True))


_cache: dict[str, Deal] = {}


def _loaded(name: str) -> Deal:
    if name not in _cache:
        _cache[name] = load_deal(DEALS / f"{name}.yaml")
    return _cache[name]


def build(data: dict) -> Deal:
    return Deal.model_validate(data)


@pytest.fixture(scope="session")
def ex1() -> Deal:
    return _loaded("worked-example-1")


@pytest.fixture(scope="session")
def ex2() -> Deal:
    return _loaded("worked-example-2")


@pytest.fixture(scope="session")
def ex1_cap() -> Deal:
    return _loaded("worked-example-1-cap")


def conserved(p) -> bool:
    """Cash in = cash out on a payment date (model.md §6.5 check, every period)."""
    cash_in = p.inflow + p.reserve_bf + p.interim_shortfall_paid + p.shortfall_paid + p.guarantee_paid + p.put_received
    cash_out = (p.taxes + p.fees + p.senior_interest + p.senior_principal + p.put_amount + p.reserve_end
                + p.sub_income + p.sub_principal + p.residual)
    return cash_in == cash_out
