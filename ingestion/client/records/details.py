"""Shipping details from GET /v3/shipments/{shipmentIds}: addresses, couriers, tracking ids.

Buyer names, address lines and contact numbers are hidden from `repr` so that printing a
record does not leak personal data into logs. So are unknown fields of addresses and buyer
details, which Flipkart may add (an e-mail or second phone number, say).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import AliasChoices, Field

from ingestion.client.records.base import PersonalRecord, WireRecord


class Address(PersonalRecord):
    """A delivery, billing or return address."""

    first_name: str | None = Field(default=None, repr=False)
    last_name: str | None = Field(default=None, repr=False)
    pin_code: str | None = None
    city: str | None = None
    state: str | None = None
    state_code: str | None = None
    address_line1: str | None = Field(default=None, repr=False)
    address_line2: str | None = Field(default=None, repr=False)
    landmark: str | None = Field(default=None, repr=False)
    contact_number: str | None = Field(default=None, repr=False)


class SellerAddress(WireRecord):
    seller_name: str | None = None
    pin_code: str | None = None
    city: str | None = None
    state: str | None = None
    state_code: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    landmark: str | None = None


class BuyerDetails(PersonalRecord):
    first_name: str | None = Field(default=None, repr=False)
    last_name: str | None = Field(default=None, repr=False)


class CourierLeg(WireRecord):
    """Tracking id and courier of the pickup or the delivery leg."""

    tracking_id: str | None = None
    vendor_name: str | None = None


class CourierDetails(WireRecord):
    pickup_details: CourierLeg | None = None
    delivery_details: CourierLeg | None = None


class ShipmentDimensions(WireRecord):
    length: Decimal | None = None
    breadth: Decimal | None = None
    height: Decimal | None = None
    weight: Decimal | None = None


class DetailSubShipment(WireRecord):
    sub_shipment_id: str | None = None
    courier_details: CourierDetails | None = None
    shipment_dimensions: ShipmentDimensions | None = None


class DetailOrderItem(WireRecord):
    """An item of the details response, where Flipkart names the order item id `id`."""

    order_item_id: str = Field(
        validation_alias=AliasChoices("id", "orderItemId", "order_item_id"),
        serialization_alias="id",
    )
    fragile: bool | None = None
    large: bool | None = None
    dangerous: bool | None = None
    add_ons: list[dict[str, Any]] = Field(
        default_factory=list, validation_alias=AliasChoices("add_ons", "addOns")
    )


class ShipmentDetails(WireRecord):
    """Addresses and courier details of one shipment."""

    shipment_id: str
    order_id: str | None = None
    location_id: str | None = None
    order_items: list[DetailOrderItem] = Field(default_factory=list)
    delivery_address: Address | None = None
    billing_address: Address | None = None
    buyer_details: BuyerDetails | None = None
    seller_address: SellerAddress | None = None
    return_address: Address | None = None
    sub_shipments: list[DetailSubShipment] = Field(default_factory=list)
    weighing_required: bool | None = None

    @property
    def forward_tracking_id(self) -> str | None:
        """Forward AWB: the delivery-leg tracking id of the first sub-shipment."""
        for sub_shipment in self.sub_shipments:
            courier = sub_shipment.courier_details
            if courier is not None and courier.delivery_details is not None:
                return courier.delivery_details.tracking_id
        return None
