"""One deal's fixed inputs (calendar, pool basis) and the pool → inflow run under any stress."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from docgen.model.deal import Deal
from docgen.projection import calendar, inflow, pool
from docgen.projection.result import ClassSeason, MonthCash


@dataclass(frozen=True)
class PoolRun:
    seasons: list[ClassSeason]
    months: list[MonthCash]
    inflow: list[Decimal]  # per period


class Context:
    def __init__(self, deal: Deal):
        self.deal = deal
        self.sched = calendar.schedule(deal)

    @cached_property
    def basis(self) -> pool.PoolBasis:
        return pool.basis(self.deal, self.sched.window)

    def pool_run(self, stress: pool.Stress = pool.BASE, basis: pool.PoolBasis | None = None) -> PoolRun:
        """The pool (or `basis`, e.g. one class of it) under a stress, swept into the plan."""
        seasons, cash = pool.collections(basis or self.basis, stress)
        months, inflows = inflow.transfer(self.deal, cash, self.sched)
        return PoolRun(seasons, months, inflows)

    @property
    def class_ids(self) -> list[str]:
        return [c.class_id for c in self.basis.classes]
