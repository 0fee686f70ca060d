"""Order events from the synced raw shipments and returns, applied to the stock ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from ingestion.client.records.returns import ReturnItem
from ingestion.client.records.shipments import Shipment
from ingestion.warehouse.stock_copy import read_watermark, save_watermark
from sellerops.inventory.events import order_events
from sellerops.services.actor import Actor
from sellerops.services.stock import ApplyResult, apply_order_events


@dataclass
class SyncedRecords:
    """Shipments and returns fetched at or after a watermark, and the latest fetch time seen."""

    shipments: list[Shipment] = field(default_factory=list)
    returns: list[ReturnItem] = field(default_factory=list)
    latest_fetch: datetime | None = None


def synced_records(
    connection: duckdb.DuckDBPyConnection, account_id: str, since: datetime | None
) -> SyncedRecords:
    """Read the account's raw shipments and returns fetched at or after `since` (all when None).

    The shipments of the returns read are added even when older, because a return's SKU
    comes from its order item.
    """
    records = SyncedRecords()
    latest: list[datetime] = []

    for payload, fetched_at in _rows(connection, "raw.returns", account_id, since):
        records.returns.append(ReturnItem.model_validate_json(payload))
        latest.append(fetched_at)
    for payload, fetched_at in _rows(connection, "raw.shipments", account_id, since):
        records.shipments.append(Shipment.model_validate_json(payload))
        latest.append(fetched_at)

    seen = {shipment.shipment_id for shipment in records.shipments}
    missing = sorted({r.shipment_id for r in records.returns if r.shipment_id} - seen)
    if missing:
        rows = connection.execute(
            "SELECT payload FROM raw.shipments "
            "WHERE account_id = ? AND list_contains(?, shipment_id)",
            [account_id, missing],
        ).fetchall()
        records.shipments.extend(Shipment.model_validate_json(row[0]) for row in rows)

    records.latest_fetch = max(latest) if latest else None
    return records


def _rows(
    connection: duckdb.DuckDBPyConnection, table: str, account_id: str, since: datetime | None
) -> list[tuple[str, datetime]]:
    # `table` is one of two constants above, never user input.
    query = f"SELECT payload, fetched_at FROM {table} WHERE account_id = ?"  # noqa: S608
    parameters: list[object] = [account_id]
    if since is not None:
        query += " AND fetched_at >= ?"
        parameters.append(since)
    return connection.execute(query + " ORDER BY fetched_at", parameters).fetchall()


@dataclass(frozen=True)
class EventsApplied:
    """Counts of one application of synced order events."""

    shipments: int
    returns: int
    events: int
    result: ApplyResult


def apply_synced_events(
    actor: Actor,
    connection: duckdb.DuckDBPyConnection,
    account_id: str,
    *,
    replay: bool = False,
) -> EventsApplied:
    """Apply the order events of records synced since the account's watermark, then move it.

    With `replay`, every synced record is read again; the ledger skips what it has applied.
    NOTE: an event rejected for an unknown SKU is retried only when its record is synced again
    or on a replay, so add missing SKUs to the master and replay.
    """
    since = None if replay else read_watermark(connection, account_id)
    records = synced_records(connection, account_id, since)
    events = order_events(records.shipments, records.returns)
    result = apply_order_events(actor, events)

    if records.latest_fetch is not None:
        save_watermark(connection, account_id, records.latest_fetch)
    return EventsApplied(len(records.shipments), len(records.returns), len(events), result)
