"""Typed records of the Seller API (pydantic v2): money as Decimal, ids as str, aware datetimes."""

from ingestion.client.records.actions import (
    CANCELLATION_REASONS,
    CancelRequest,
    Dimensions,
    InvoiceDetails,
    ItemSerialNumbers,
    PackRequest,
    SubShipmentDimensions,
    TaxItem,
)
from ingestion.client.records.base import IST
from ingestion.client.records.details import ShipmentDetails
from ingestion.client.records.filters import DateRange, ShipmentFilter
from ingestion.client.records.handover import HandoverCount
from ingestion.client.records.invoices import Invoice
from ingestion.client.records.listings import (
    InventoryUpdate,
    Listing,
    ListingLookup,
    ListingSummary,
    LocationStock,
    PriceUpdate,
)
from ingestion.client.records.results import BulkResult, ItemResult, ListingResult
from ingestion.client.records.returns import ReturnItem
from ingestion.client.records.shipments import OrderItem, Shipment

__all__ = [
    "CANCELLATION_REASONS",
    "IST",
    "BulkResult",
    "CancelRequest",
    "DateRange",
    "Dimensions",
    "HandoverCount",
    "InventoryUpdate",
    "Invoice",
    "InvoiceDetails",
    "ItemResult",
    "ItemSerialNumbers",
    "Listing",
    "ListingLookup",
    "ListingResult",
    "ListingSummary",
    "LocationStock",
    "OrderItem",
    "PackRequest",
    "PriceUpdate",
    "ReturnItem",
    "Shipment",
    "ShipmentDetails",
    "ShipmentFilter",
    "SubShipmentDimensions",
    "TaxItem",
]
