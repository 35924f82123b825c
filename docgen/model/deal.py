"""The deal file as pydantic v2 models (shared/domain/model.md §1): the root `Deal`.

Each part of the file has its module: `plan`, `parties`, `pool`, `tranches`, `dates`, `fees`,
`credit_support`, `triggers`, `legal`, `scenarios` (field types in `types`, id patterns in `ids`).
Every name they define is importable from here too. Field-level checks (types, ranges, required
fields) live in the models; rules that compare several fields live in `docgen.model.rules` so each can
be tested and reported on its own.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, field_validator

from docgen.model.credit_support import (
    CapacityLimit,
    CreditEnhancement,
    Guarantee,
    InterimShortfall,
    Pledge,
    Reserve,
    Undertaking,
    UndertakingScope,
)
from docgen.model.dates import CollectionPeriod, Dates, Offsets, Sweep
from docgen.model.disclosures import Disclosures
from docgen.model.fees import Fee
from docgen.model.ids import DEAL_ID, PARTY_ID, Date
from docgen.model.legal import Dispute, Legal
from docgen.model.parties import USCC, BankAccount, BoardApproval, Contact, CreditRating, Licence, Party, Role
from docgen.model.plan import NoObjectionLetter, Plan
from docgen.model.pool import (
    SEASON,
    CustomerClass,
    HeatingPool,
    HeatingSeason,
    HeatSource,
    KeyCashProvider,
    MonthProfile,
    OmCost,
    PledgedAsset,
    Pool,
    PoolCommon,
    PoolLicence,
    PowerPlant,
    PowerPool,
    PowerYear,
    PriceChange,
    ScheduledFlow,
    ScheduledPool,
    SeasonHistory,
    SpecifiedPeriod,
)
from docgen.model.scenarios import Scenario
from docgen.model.tranches import Amortisation, BenchmarkFixing, Coupon, PrincipalPayment, Tranche, TrancheRating
from docgen.model.triggers import STANDARD_EVENTS, StandardEvent, Trigger, TriggerConsequence
from docgen.model.types import BiText, Money, Percent, ShortStr, SignedPercent, Strict
from docgen.model.waivers import Waiver

__all__ = [
    "DEAL_ID", "PARTY_ID", "SEASON", "STANDARD_EVENTS", "USCC", "Amortisation", "BankAccount", "BenchmarkFixing",
    "BiText", "BoardApproval", "CapacityLimit", "CollectionPeriod", "Contact", "Coupon", "CreditEnhancement",
    "CreditRating", "CustomerClass", "Date", "Dates", "Deal", "Disclosures", "Dispute", "Fee", "Guarantee", "HeatSource",
    "HeatingPool", "HeatingSeason", "InterimShortfall", "KeyCashProvider", "Legal", "Licence", "Money",
    "MonthProfile", "NoObjectionLetter", "Offsets", "OmCost", "Party", "Percent", "Plan", "Pledge", "PledgedAsset",
    "Pool", "PoolCommon", "PoolLicence", "PowerPlant", "PowerPool", "PowerYear", "PriceChange", "PrincipalPayment",
    "Reserve", "Role", "Scenario", "ScheduledFlow", "ScheduledPool", "SeasonHistory", "ShortStr", "SignedPercent",
    "SpecifiedPeriod", "StandardEvent", "Strict", "Sweep", "Tranche", "TrancheRating", "Trigger",
    "TriggerConsequence", "Undertaking", "UndertakingScope", "Waiver",
]


class Deal(Strict):
    plan: Plan = Field(description="The plan itself: name, asset type, exchange, size and units.")
    parties: Annotated[dict[str, Party], Field(min_length=1)] = Field(
        description="Party id (lower-case letters, digits, '_') → the party.")
    pool: Pool = Field(description="The underlying assets and their cash flow: kind heating, power or scheduled.")
    tranches: Annotated[list[Tranche], Field(min_length=2, max_length=40)] = Field(
        description="The securities, seniors first and one subordinated tranche (2-40 tranches).")
    dates: Dates = Field(description="The plan's calendar.")
    fees: list[Fee] = Field([], description="Fees of the plan, paid in the waterfall or by the originator.")
    taxes_rate: Percent = Field(Decimal(0), description="Taxes borne by the plan, per cent of each period's inflow.")
    put_exercise_pct: Percent = Field(
        Decimal(0), description="Modelling: per cent of a tranche's balance put back on each put date.")
    credit_enhancement: CreditEnhancement = Field(
        CreditEnhancement(), description="Shortfall undertaking, guarantee, pledge, reserve and coverage target.")
    triggers: list[Trigger] = Field([], description="Credit events of the deal and their consequences.")
    accounts: list[BankAccount] = Field(
        [], description="The plan's bank accounts (proceeds, plan, collection, supervised, margin).")
    legal: Legal = Field(description="Signing, governing law and dispute resolution.")
    scenarios: list[Scenario] = Field(
        [], description="Named stress scenarios, run by the projection and printed in the stress tables.")
    waivers: list[Waiver] = Field(default=[], description="Regulatory rules this deal does not meet, each with the reason: "
                                  "`render` drafts the deal only when every regulatory error is waived")
    disclosures: Disclosures = Field(
        Disclosures(), description="Facts the offering memorandum discloses: the project's approvals and "
        "encumbrances, the credit-support providers, the obligors, due-diligence conclusions, operations.")

    @field_validator("parties")
    @classmethod
    def _party_ids(cls, v: dict[str, Party]) -> dict[str, Party]:
        for pid in v:
            if not PARTY_ID.match(pid):
                raise ValueError(f"party id '{pid}' must be lower-case letters, digits and '_'")
        return v

    # ---- derived views the projection and the documents read
    def party(self, pid: str) -> Party:
        return self.parties[pid]

    def with_role(self, role: str) -> list[str]:
        return [pid for pid, p in self.parties.items() if role in {r.value for r in p.roles}]

    def first(self, role: str) -> str | None:
        ids = self.with_role(role)
        return ids[0] if ids else None

    @property
    def senior(self) -> list[Tranche]:
        return [t for t in self.tranches if t.is_senior]

    @property
    def subordinated(self) -> list[Tranche]:
        return [t for t in self.tranches if not t.is_senior]

    @property
    def business_days(self) -> str:
        """`dates.business_days`, or its default: the exchange's trading days for an exchange-listed deal."""
        return self.dates.business_days or ("bank" if self.plan.exchange == "CSI" else "exchange")

    @property
    def has_guarantor(self) -> bool:
        return self.credit_enhancement.guarantee is not None

    @property
    def has_undertaker(self) -> bool:
        return self.credit_enhancement.undertaking is not None

    @property
    def has_pledge(self) -> bool:
        return self.credit_enhancement.pledge is not None

    @property
    def has_put(self) -> bool:
        return any(t.put_dates for t in self.tranches)

    @property
    def has_call(self) -> bool:
        return any(t.call_dates for t in self.tranches)

    @property
    def has_reset(self) -> bool:
        return any(t.reset_dates for t in self.tranches)

    @property
    def interest_skips_payment_dates(self) -> bool:
        """Some coupon-bearing tranche pays interest less often than there are payment dates."""
        from docgen.model.frequency import STEP_MONTHS, payment_spacing

        spacing = payment_spacing(self.dates.payment_dates) or 0
        return any(t.coupon.type != "none" and (t.interest_frequency == "at_maturity"
                                                 or STEP_MONTHS[t.interest_frequency] > spacing > 0)
                   for t in self.tranches if t.expected_maturity != self.dates.payment_dates[0])
