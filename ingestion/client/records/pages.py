"""Response envelopes: one page of a search, or the list a by-ids call returns.

They let a whole response body be validated from its bytes in one pass
(`model_validate_json`), which is several times faster than decoding JSON into Python
objects first. The list key of each envelope is required, so an empty or truncated body is
an error rather than an empty last page. A list sent as `null` is read as empty.
"""

from __future__ import annotations

from typing import Any

from ingestion.client.records.base import SnakeRecord, WireRecord
from ingestion.client.records.details import ShipmentDetails
from ingestion.client.records.invoices import Invoice
from ingestion.client.records.returns import ReturnItem
from ingestion.client.records.shipments import Shipment


class ShipmentPage(WireRecord):
    """A page of the shipment filter, or the body of a shipments-by-ids call."""

    has_more: bool = False
    next_page_url: str | None = None
    shipments: list[Shipment] | None


class DetailsEnvelope(WireRecord):
    """The body of GET /v3/shipments/{shipmentIds}."""

    shipments: list[ShipmentDetails] | None


class InvoicesEnvelope(WireRecord):
    """The body of GET /v3/shipments/{shipmentIds}/invoices in JSON."""

    invoices: list[Invoice] | None


class ReturnPage(WireRecord):
    """A page of the returns search."""

    has_more: bool = False
    next_url: str | None = None
    return_items: list[ReturnItem] | None


class ListingSearchPage(SnakeRecord):
    """A page of the listing search; `listings` is an object or a list (see `items`)."""

    has_more: bool = False
    next_page_id: str | None = None
    listings: Any
