"""Invoice JSON (GST details) from GET /v3/shipments/{ids}/invoices (Accept: application/json)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from ingestion.client.records.base import CalendarDate, WireRecord


class TaxDetails(WireRecord):
    """GST rates in percent: CGST + SGST for intra-state supply, IGST for inter-state."""

    cgst_rate: Decimal | None = None
    sgst_rate: Decimal | None = None
    igst_rate: Decimal | None = None


class InvoiceItem(WireRecord):
    order_item_id: str
    invoice_amount: Decimal | None = None
    tax_rate: Decimal | None = None
    serial_numbers: list[Any] = Field(default_factory=list)
    tax_details: TaxDetails | None = None


class Invoice(WireRecord):
    """The tax invoice of one shipment."""

    shipment_id: str
    invoice_date: CalendarDate | None = None
    invoice_number: str | None = None
    order_items: list[InvoiceItem] = Field(default_factory=list)
