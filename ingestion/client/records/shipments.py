"""Shipments as returned by the shipment filter and by GET /v3/shipments?…Ids=."""

from __future__ import annotations

from decimal import Decimal

from pydantic import AliasChoices, Field

from ingestion.client.records.base import AwareDatetime, WireRecord

POST_DISPATCH_STATES = frozenset(
    {"PICKUP_COMPLETE", "SHIPPED", "DELIVERED", "RETURN_REQUESTED", "RETURNED", "COMPLETED"}
)
PACKED_OR_LATER = frozenset(
    {
        "PACKED",
        "READY_TO_DISPATCH",
        "PICKUP_COMPLETE",
        "SHIPPED",
        "DELIVERED",
        "RETURN_REQUESTED",
        "RETURNED",
        "COMPLETED",
    }
)


class PriceComponents(WireRecord):
    """Rupee amounts of one order item line (Decimal, exactly as sent)."""

    selling_price: Decimal | None = None
    total_price: Decimal | None = None
    shipping_charge: Decimal | None = None
    customer_price: Decimal | None = None
    flipkart_discount: Decimal | None = None


class OrderItem(WireRecord):
    """One product line of a shipment; `status` is the item state (APPROVED, PACKED, …)."""

    order_item_id: str
    order_id: str | None = None
    cancellation_group_id: str | None = None
    order_date: AwareDatetime | None = None
    cancellation_date: AwareDatetime | None = None
    payment_type: str | None = None
    status: str | None = None
    cancellation_reason: str | None = None
    cancellation_sub_reason: str | None = None
    courier_return: bool | None = None
    quantity: int = Field(default=1, ge=0)
    fsn: str | None = None
    sku: str | None = None
    listing_id: str | None = None
    hsn: str | None = None
    title: str | None = None
    package_ids: list[str] = Field(default_factory=list)
    price_components: PriceComponents | None = None
    service_profile: str | None = None
    is_replacement: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("is_replacement", "isReplacement"),
        serialization_alias="is_replacement",
    )


class PackageDimensions(WireRecord):
    """Package size; units are not documented (samples suggest cm and kg)."""

    length: Decimal | None = None
    breadth: Decimal | None = None
    height: Decimal | None = None
    weight: Decimal | None = None


class Package(WireRecord):
    package_id: str | None = None
    package_title: str | None = None
    package_sku: str | None = None
    dimensions: PackageDimensions | None = None


class SubShipment(WireRecord):
    """One physical package group (`SS-1`, `SS-2`, …) of a shipment."""

    sub_shipment_id: str
    packages: list[Package] = Field(default_factory=list)


class LogisticsForm(WireRecord):
    """A state logistics form required for the shipment."""

    name: str | None = None
    link: str | None = None
    automated: bool | None = None


class Shipment(WireRecord):
    """The unit a seller packs and hands over: items of one order at one location."""

    shipment_id: str
    dispatch_by_date: AwareDatetime | None = None
    dispatch_after_date: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None
    location_id: str | None = None
    hold: bool | None = None
    mps: bool | None = None
    packaging_policy: str | None = None
    sub_shipments: list[SubShipment] = Field(default_factory=list)
    order_items: list[OrderItem] = Field(default_factory=list)
    forms: list[LogisticsForm] = Field(default_factory=list)
    shipment_type: str | None = None
    dispatch_location: str | None = None

    @property
    def order_date(self) -> AwareDatetime | None:
        """Earliest order date of the items, or None when no item carries one."""
        dates = [item.order_date for item in self.order_items if item.order_date is not None]
        return min(dates) if dates else None

    @property
    def is_packed_or_later(self) -> bool:
        """True when any item reached PACKED or a later state, so an invoice exists."""
        return any(item.status in PACKED_OR_LATER for item in self.order_items)


def filter_type_of(shipment: Shipment) -> str:
    """Return the filter type (preDispatch, postDispatch, cancelled) the shipment falls under.

    A shipment whose items are all CANCELLED is cancelled; one with any item in a
    post-dispatch state is postDispatch; everything else is preDispatch.
    """
    statuses = {item.status for item in shipment.order_items}
    if statuses and statuses <= {"CANCELLED"}:
        return "cancelled"
    if statuses & POST_DISPATCH_STATES:
        return "postDispatch"
    return "preDispatch"
