"""Triggers: the credit events of the deal and their consequences (`triggers:`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from docgen.model.ids import PARTY_ID
from docgen.model.types import BiText, Percent, Strict


TriggerConsequence = Literal[
    "notify_customers_pay_plan_account",
    "switch_to_direct_sweep",
    "shorten_sweep_interval",
    "stop_sub_period_income",
    "accelerated_waterfall",
    "post_default_waterfall",
    "call_holders_meeting",
    "enforce_pledge",
    "claim_guarantee",
]


# The events the definitions of the perfection, acceleration and default events list on their own; a deal trigger that
# restates one names it in `replaces`, and the definition then prints the deal's wording instead.
STANDARD_EVENTS = {
    "perfection": ("sweep", "insolvency", "licence", "servicer_removed", "misrepresentation"),
    "acceleration": ("perfection_uncured", "payment_failure"),
    "default": ("interest_shortfall", "principal_shortfall"),
}
StandardEvent = Literal["sweep", "insolvency", "licence", "servicer_removed", "misrepresentation",
                        "perfection_uncured", "payment_failure", "interest_shortfall", "principal_shortfall"]


# Events a deal may select as triggers whose meaning the clause library words (the APA says what makes an accident
# or a penalty "major" and what a change of control is); `custom` is an event the deal's condition alone defines.
TriggerKind = Literal["custom", "safety_environmental_accident", "administrative_penalty", "change_of_control"]


class Trigger(Strict):
    id: Annotated[str, Field(pattern=PARTY_ID.pattern)] = Field(
        description="Trigger id: lower-case letters, digits and '_'.")
    category: Literal["perfection", "acceleration", "default", "servicer_termination", "early_termination"] = Field(
        description="perfection, acceleration, default, servicer_termination or early_termination.")
    kind: TriggerKind = Field(
        "custom", description=("custom, or an event the clause library defines: safety_environmental_accident (a "
                               "major work-safety accident or environmental incident of the Originator), "
                               "administrative_penalty (a major administrative penalty on the Originator), "
                               "change_of_control (a change of the Originator's controlling shareholder or actual "
                               "controller)."))
    condition: BiText = Field(description="The event, worded to read inside a list (“the Servicer fails …”).")
    threshold: Percent | None = Field(
        None, description="Per cent of forecast collections under which the trigger fires, for a collections test.")
    cure_days: Annotated[int, Field(ge=0, le=365)] = Field(
        0, description="Days to cure before the trigger takes effect (0 for none), counted in `cure_unit`; the "
                       "documents print the cure period from here, so the condition does not repeat it.")
    cure_unit: Literal["calendar", "business", "trading"] = Field(
        "business", description="What kind of day `cure_days` counts: calendar, business (default) or trading.")
    replaces: list[StandardEvent] = Field(
        [], description=("Standard events of the trigger's category this trigger restates: sweep, insolvency, licence,"
                         " servicer_removed, misrepresentation, perfection_uncured, payment_failure, "
                         "interest_shortfall, principal_shortfall."))
    consequences: Annotated[list[TriggerConsequence], Field(min_length=1)] = Field(
        description=("What follows: notify_customers_pay_plan_account, switch_to_direct_sweep, shorten_sweep_interval,"
                     " stop_sub_period_income, accelerated_waterfall, post_default_waterfall, call_holders_meeting, "
                     "enforce_pledge, claim_guarantee."))
