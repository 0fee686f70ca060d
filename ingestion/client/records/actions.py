"""Request bodies of shipment actions: generate labels (pack) and cancel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

CANCELLATION_REASONS = ("cannot_procure_item", "not_enough_inventory", "b2b_order")


class _Body(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """Return the camelCase JSON body; dates as YYYY-MM-DD, Decimal kept exact."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="python")


class TaxItem(_Body):
    """GST rate (percent, 0-100) and quantity of one order item being packed."""

    order_item_id: str
    tax_rate: Decimal = Field(ge=0, le=100)
    quantity: int = Field(default=1, ge=1)
    purchase_price: Decimal | None = Field(default=None, ge=0)


class ItemSerialNumbers(_Body):
    """Serial numbers (IMEI and the like) of a serialized item, one inner list per unit."""

    order_item_id: str
    serial_numbers: list[list[str]]


class InvoiceDetails(_Body):
    """Seller invoice of one order in the shipment; the number may be left to Flipkart."""

    order_id: str
    invoice_date: date
    invoice_number: str | None = None

    def to_wire(self) -> dict[str, Any]:
        body = super().to_wire()
        body["invoiceDate"] = self.invoice_date.isoformat()
        return body


class Dimensions(_Body):
    length: Decimal
    breadth: Decimal
    height: Decimal
    weight: Decimal


class SubShipmentDimensions(_Body):
    sub_shipment_id: str
    dimensions: Dimensions


class PackRequest(_Body):
    """One shipment of POST /v3/shipments/labels."""

    shipment_id: str = Field(min_length=1)
    location_id: str = Field(min_length=1)
    tax_items: list[TaxItem] = Field(min_length=1)
    invoices: list[InvoiceDetails] = Field(min_length=1)
    serial_numbers: list[ItemSerialNumbers] = Field(default_factory=list)
    sub_shipments: list[SubShipmentDimensions] = Field(default_factory=list)
    ignore_warning: bool = False

    def to_wire(self) -> dict[str, Any]:
        body = super().to_wire()
        body["invoices"] = [invoice.to_wire() for invoice in self.invoices]
        return body


class CancelRequest(_Body):
    """One shipment of POST /v3/shipments/cancel; only the three documented reasons pass."""

    shipment_id: str = Field(min_length=1)
    location_id: str = Field(min_length=1)
    cancellation_group_ids: list[str] = Field(min_length=1)
    reason: str

    @field_validator("reason")
    @classmethod
    def _documented_reason(cls, value: str) -> str:
        if value not in CANCELLATION_REASONS:
            raise ValueError(
                f"cancellation reason {value!r} is not accepted by Flipkart; "
                f"use one of {', '.join(CANCELLATION_REASONS)}"
            )
        return value
