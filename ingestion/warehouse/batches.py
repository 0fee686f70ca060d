"""Turn typed client records into the rows of one raw table plus the values validation checks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ingestion.client.records.details import ShipmentDetails
from ingestion.client.records.invoices import Invoice
from ingestion.client.records.listings import Listing
from ingestion.client.records.returns import ReturnItem
from ingestion.client.records.shipments import Shipment, filter_type_of
from ingestion.warehouse.raw_schema import (
    INVOICES,
    LISTINGS,
    RETURNS,
    SHIPMENT_DETAILS,
    SHIPMENTS,
    ApiTable,
)
from ingestion.warehouse.redaction import redacted_details_json

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    "DATE": pa.date32(),
}


@dataclass
class Batch:
    """The rows of one stream ready to be validated and merged into `table`.

    `rows` contains the key, the extracted columns, `payload` and `payload_hash` of each record.
    `checks` contains more per-record values that validation reads but the table does not keep,
    and `items` per-line values (order items, invoice lines), each a column of equal length.
    """

    table: ApiTable
    rows: pa.Table
    checks: dict[str, list[Any]] = field(default_factory=dict)
    items: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def stream(self) -> str:
        return self.table.name

    @property
    def row_count(self) -> int:
        return self.rows.num_rows

    def payloads(self) -> list[str]:
        return self.rows.column("payload").to_pylist()

    def keys(self) -> list[str | None]:
        return self.rows.column(self.table.key).to_pylist()

    def take(self, rows: list[int]) -> Batch:
        """Return a batch of the records at `rows`, with their checks and their lines."""
        checks = {name: [values[row] for row in rows] for name, values in self.checks.items()}
        items: dict[str, list[Any]] = {name: [] for name in self.items}
        if self.items:
            kept = {self.keys()[row] for row in rows}
            for line, key in enumerate(self.items["shipment_id"]):
                if key in kept:
                    for name, values in self.items.items():
                        items[name].append(values[line])
        taken = self.rows.take(pa.array(rows, type=pa.int64()))
        return Batch(self.table, taken, checks, items)


def payload_hash(payload: str) -> str:
    """Return the sha256 hex digest of a payload's UTF-8 text."""
    return hashlib.sha256(payload.encode()).hexdigest()


def shipment_batch(shipments: Iterable[Shipment]) -> Batch:
    """Build the raw.shipments rows; `status` is the first order item's status."""
    columns = _empty(SHIPMENTS)
    items = _columns("shipment_id", "order_item_id", "status", "payment_type", "quantity")
    items.update(_columns(*_AMOUNT_FIELDS))

    for shipment in shipments:
        first = shipment.order_items[0] if shipment.order_items else None
        _append(
            columns,
            SHIPMENTS,
            key=shipment.shipment_id,
            payload=shipment.model_dump_json(by_alias=True),
            status=first.status if first is not None else None,
            updated_at=shipment.updated_at,
            shipment_kind=filter_type_of(shipment),
        )
        for item in shipment.order_items:
            prices = item.price_components
            items["shipment_id"].append(shipment.shipment_id)
            items["order_item_id"].append(item.order_item_id)
            items["status"].append(item.status)
            items["payment_type"].append(item.payment_type)
            items["quantity"].append(item.quantity)
            for name in _AMOUNT_FIELDS:
                items[name].append(getattr(prices, name) if prices is not None else None)
    return Batch(SHIPMENTS, _table(columns, SHIPMENTS), items=items)


def details_batch(details: Iterable[ShipmentDetails]) -> Batch:
    """Build the raw.shipment_details rows from redacted payloads."""
    columns = _empty(SHIPMENT_DETAILS)
    for record in details:
        _append(
            columns,
            SHIPMENT_DETAILS,
            key=record.shipment_id,
            payload=redacted_details_json(record),
        )
    return Batch(SHIPMENT_DETAILS, _table(columns, SHIPMENT_DETAILS))


def invoice_batch(invoices: Iterable[Invoice]) -> Batch:
    """Build the raw.invoices rows; invoice lines go to `items` for the amount checks."""
    columns = _empty(INVOICES)
    items = _columns("shipment_id", "order_item_id", "invoice_amount")
    for invoice in invoices:
        _append(
            columns,
            INVOICES,
            key=invoice.shipment_id,
            payload=invoice.model_dump_json(by_alias=True),
            invoice_number=invoice.invoice_number,
            invoice_date=invoice.invoice_date,
        )
        for line in invoice.order_items:
            items["shipment_id"].append(invoice.shipment_id)
            items["order_item_id"].append(line.order_item_id)
            items["invoice_amount"].append(line.invoice_amount)
    return Batch(INVOICES, _table(columns, INVOICES), items=items)


def return_batch(returns: Iterable[ReturnItem]) -> Batch:
    """Build the raw.returns rows; `updated_at` is the return's updatedDate."""
    columns = _empty(RETURNS)
    checks = _columns("quantity")
    for item in returns:
        _append(
            columns,
            RETURNS,
            key=item.return_id,
            payload=item.model_dump_json(by_alias=True),
            source=item.source,
            status=item.status,
            order_item_id=item.order_item_id,
            updated_at=item.updated_date,
        )
        checks["quantity"].append(item.quantity)
    return Batch(RETURNS, _table(columns, RETURNS), checks=checks)


def listing_batch(listings: Mapping[str, Listing]) -> Batch:
    """Build the raw.listings rows from listings keyed by seller SKU."""
    columns = _empty(LISTINGS)
    checks = _columns("mrp", "selling_price")
    for sku, listing in listings.items():
        _append(
            columns,
            LISTINGS,
            key=sku,
            payload=listing.model_dump_json(by_alias=True),
            listing_id=listing.listing_id,
        )
        price = listing.price
        checks["mrp"].append(price.mrp if price is not None else None)
        checks["selling_price"].append(price.selling_price if price is not None else None)
    return Batch(LISTINGS, _table(columns, LISTINGS), checks=checks)


_AMOUNT_FIELDS = (
    "selling_price",
    "total_price",
    "shipping_charge",
    "customer_price",
    "flipkart_discount",
)


def _columns(*names: str) -> dict[str, list[Any]]:
    return {name: [] for name in names}


def _empty(table: ApiTable) -> dict[str, list[Any]]:
    names = [table.key, *(column for column, _ in table.extracted), "payload", "payload_hash"]
    return _columns(*names)


def _append(
    columns: dict[str, list[Any]], table: ApiTable, *, key: str, payload: str, **extracted: Any
) -> None:
    columns[table.key].append(key)
    for column, _ in table.extracted:
        columns[column].append(extracted[column])
    columns["payload"].append(payload)
    columns["payload_hash"].append(payload_hash(payload))


def _table(columns: dict[str, list[Any]], table: ApiTable) -> pa.Table:
    types = {table.key: pa.string(), "payload": pa.string(), "payload_hash": pa.string()}
    types.update({column: _ARROW_TYPES[kind] for column, kind in table.extracted})
    return pa.table({name: pa.array(values, type=types[name]) for name, values in columns.items()})
