"""Return items from GET /v2/returns (customer returns and courier returns, i.e. RTO)."""

from __future__ import annotations

from pydantic import Field

from ingestion.client.records.base import AwareDatetime, WireRecord

RETURN_SOURCES = ("customer_return", "courier_return")


class ReturnService(WireRecord):
    """A technician visit attached to a self-ship return."""

    service_fulfilment_id: str | None = None
    description: str | None = None
    service_by_date: AwareDatetime | None = None
    created_at: AwareDatetime | None = None


class ReturnItem(WireRecord):
    """One return: one quantity of one order item coming back to the seller."""

    return_id: str
    order_item_id: str | None = None
    order_id: str | None = None
    shipment_id: str | None = None
    location_id: str | None = None
    seller_id: str | None = None
    quantity: int = Field(default=1, ge=0)
    order_date: AwareDatetime | None = None
    created_date: AwareDatetime | None = None
    updated_date: AwareDatetime | None = None
    approved_on: AwareDatetime | None = None
    expected_date: AwareDatetime | None = None
    completion_date: AwareDatetime | None = None
    status: str | None = None
    type: str | None = None
    source: str | None = None
    action: str | None = None
    reason: str | None = None
    sub_reason: str | None = None
    courier_name: str | None = None
    tracking_id: str | None = None
    shipment_status: str | None = None
    comments: str | None = None
    service_profile: str | None = None
    services: list[ReturnService] = Field(default_factory=list)
    replacement_order_item_id: str | None = None
    product_id: str | None = None
    listing_id: str | None = None
