"""The shipment filter request (POST /v3/shipments/filter) as a validated model."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ShipmentType = Literal["preDispatch", "postDispatch", "cancelled"]
CancellationType = Literal["sellerCancellation", "buyerCancellation", "marketplaceCancellation"]
SortField = Literal["dispatchByDate", "orderDate", "modifiedDate", "dispatchAfterDate"]

# NOTE: Flipkart documents only SHIPPED, DELIVERED and PICKUP_COMPLETE for postDispatch. The
# return-side item states are added so returned shipments stay visible to a full pull; pass
# `states` explicitly if Flipkart rejects them.
STATES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "preDispatch": (
        "APPROVED",
        "PACKING_IN_PROGRESS",
        "PACKED",
        "FORM_FAILED",
        "READY_TO_DISPATCH",
    ),
    "postDispatch": (
        "SHIPPED",
        "DELIVERED",
        "PICKUP_COMPLETE",
        "RETURN_REQUESTED",
        "RETURNED",
        "COMPLETED",
    ),
    "cancelled": ("CANCELLED",),
}
CANCELLATION_TYPES: tuple[str, ...] = (
    "sellerCancellation",
    "buyerCancellation",
    "marketplaceCancellation",
)
DEFAULT_PAGE_SIZE = 20
# NOTE: Flipkart documents no maximum page size for the v3 filter and real calls use 20; 100 is
# a guess that leaves room above 20 while rejecting sizes such as 10000.
MAX_PAGE_SIZE = 100


def format_timestamp(moment: datetime) -> str:
    """Format an aware datetime as ISO-8601 with milliseconds and offset, as Flipkart does."""
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {moment.isoformat()} has no time zone; pass an aware datetime")
    return moment.isoformat(timespec="milliseconds")


class DateRange(BaseModel):
    """An inclusive `{from, to}` range of aware datetimes; either end may be open."""

    model_config = ConfigDict(frozen=True)

    start: datetime | None = None
    end: datetime | None = None

    @model_validator(mode="after")
    def _aware_and_ordered(self) -> DateRange:
        for name, moment in (("start", self.start), ("end", self.end)):
            if moment is not None and moment.tzinfo is None:
                raise ValueError(
                    f"{name} {moment.isoformat()} has no time zone; pass an aware datetime"
                )
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(
                f"start {self.start.isoformat()} is after end {self.end.isoformat()}; "
                "swap them or pass an open end"
            )
        return self

    def to_wire(self) -> dict[str, str]:
        body = {}
        if self.start is not None:
            body["from"] = format_timestamp(self.start)
        if self.end is not None:
            body["to"] = format_timestamp(self.end)
        return body


class ShipmentFilter(BaseModel):
    """Every filter field of the v3 shipment search, plus sort and page size.

    `states` defaults to every state the type allows, so the request does not depend on a
    server-side default.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: ShipmentType
    states: tuple[str, ...] | None = None
    location_id: str | None = None
    skus: tuple[str, ...] | None = None
    order_date: DateRange | None = None
    dispatch_after_date: DateRange | None = None
    dispatch_by_date: DateRange | None = None
    modified_date: DateRange | None = None
    cancellation_date: DateRange | None = None
    cancellation_type: CancellationType | None = None
    shipment_types: tuple[Literal["EXPRESS", "NORMAL", "SELF"], ...] | None = None
    service_profiles: tuple[Literal["FBF", "NON_FBF", "FBF_LITE"], ...] | None = None
    dispatch_service_tiers: tuple[Literal["EXPRESS", "REGULAR"], ...] | None = None
    sort_field: SortField | None = None
    sort_order: Literal["asc", "desc"] = "asc"
    page_size: int = Field(default=DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    seller_id: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ShipmentFilter:
        allowed = STATES_BY_TYPE[self.type]
        unknown = [state for state in self.states or () if state not in allowed]
        if unknown:
            raise ValueError(
                f"states {unknown} are not valid for type {self.type!r}; allowed: {list(allowed)}"
            )
        if self.type == "cancelled" and self.cancellation_type is None:
            raise ValueError("type 'cancelled' needs a cancellation_type")
        if self.type != "cancelled" and self.cancellation_type is not None:
            raise ValueError("cancellation_type applies only to type 'cancelled'")
        return self

    def to_wire(self) -> dict[str, Any]:
        """Return the request body with Flipkart's field names."""
        criteria: dict[str, Any] = {
            "type": self.type,
            "states": list(self.states or STATES_BY_TYPE[self.type]),
        }
        optional: dict[str, Any] = {
            "locationId": self.location_id,
            "sku": list(self.skus) if self.skus else None,
            "orderDate": self.order_date,
            "dispatchAfterDate": self.dispatch_after_date,
            "dispatchByDate": self.dispatch_by_date,
            "modifiedDate": self.modified_date,
            "cancellationDate": self.cancellation_date,
            "cancellationType": self.cancellation_type,
            "shipmentTypes": list(self.shipment_types) if self.shipment_types else None,
            "serviceProfiles": list(self.service_profiles) if self.service_profiles else None,
            "dispatchServiceTiers": (
                list(self.dispatch_service_tiers) if self.dispatch_service_tiers else None
            ),
        }
        for key, value in optional.items():
            if value is not None:
                criteria[key] = value.to_wire() if isinstance(value, DateRange) else value

        body: dict[str, Any] = {"filter": criteria, "pagination": {"pageSize": self.page_size}}
        if self.sort_field is not None:
            body["sort"] = {"field": self.sort_field, "order": self.sort_order}
        if self.seller_id is not None:
            body["sellerId"] = self.seller_id
        return body
