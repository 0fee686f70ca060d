"""Handover counts: ready-to-dispatch shipments per courier with the pickup one-time code."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, model_validator

from ingestion.client.records.base import AwareDatetime, WireRecord


class PickupCode(WireRecord):
    """One-time code for the pickup executive; `error_code` OTC_UNAVAILABLE means retry later."""

    code: str | None = Field(default=None, repr=False)
    error_code: str | None = Field(
        default=None, validation_alias=AliasChoices("error_code", "errorCode")
    )


class HandoverCount(WireRecord):
    """Shipments ready for one courier (`vendorGroupCode`) and its pickup slot."""

    vendor_group_code: str
    count: int = 0
    pickup_from: AwareDatetime | None = None
    pickup_to: AwareDatetime | None = None
    otc: PickupCode | None = None
    is_mps: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _pickup_slot(cls, data: Any) -> Any:
        # The slot arrives as pickUpDate {from, to} in the OpenAPI pages and {after, before}
        # in captured responses; both are read.
        if isinstance(data, dict) and isinstance(data.get("pickUpDate"), dict):
            slot = data["pickUpDate"]
            data = {**data}
            data.setdefault("pickupFrom", slot.get("from") or slot.get("after"))
            data.setdefault("pickupTo", slot.get("to") or slot.get("before"))
        return data
