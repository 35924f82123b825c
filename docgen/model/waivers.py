"""Waivers of regulatory rules (`waivers:`): a deal filed under older rules, or with the exchange's
consent, records why a regulatory rule does not apply to it; `render` then drafts it, and the manifest
and the drafting notes of each document show the waiver."""

from __future__ import annotations

from pydantic import Field, field_validator

from docgen.model.types import BiText, ShortStr, Strict


class Waiver(Strict):
    rule: ShortStr = Field(description="the id of the regulatory rule waived, as `validate` names it (e.g. retention)")
    reason: BiText = Field(description="why the rule does not apply: {zh, en}, or one text used in both languages")

    @field_validator("reason", mode="before")
    @classmethod
    def _one_text(cls, v):
        return {"zh": v, "en": v} if isinstance(v, str) else v
