"""Merge a validated batch into its raw table, or set a failed one aside, with its sync_log row.

Each call is one DuckDB transaction: the rows, the status history (for shipments) and the
sync_log row commit together or not at all, so a crash leaves either the whole batch or none.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from ingestion.warehouse.batches import Batch
from ingestion.warehouse.raw_schema import SHIPMENTS, ApiTable

logger = logging.getLogger("ingestion.warehouse")

_INCOMING = "incoming_batch"


@dataclass(frozen=True)
class LandingContext:
    """The account, ids and times of one batch; `batch_id` is unique per stream and run."""

    account_id: str
    batch_id: str
    fetched_at: datetime
    server_time: datetime
    mode: str
    window_from: datetime | None = None
    window_to: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("fetched_at", "server_time", "window_from", "window_to"):
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:
                raise ValueError(f"{name}={moment.isoformat()} has no time zone; pass it aware.")


def merge_batch(
    connection: duckdb.DuckDBPyConnection,
    batch: Batch,
    context: LandingContext,
    *,
    issue_count: int = 0,
) -> int:
    """Upsert `batch` and write its sync_log row in one transaction; return rows changed.

    A stored row is replaced only when the payload hash differs and, for tables with
    `updated_at`, the incoming value is not older than the stored one. `issue_count` is the
    number of ids the client reported per-item errors for; sync_log counts them as rejected.
    """
    connection.execute("BEGIN TRANSACTION")
    try:
        connection.register(_INCOMING, batch.rows)
        changed = _upsert(connection, batch.table, context)
        if batch.table is SHIPMENTS:
            _record_statuses(connection, context)
        _log_sync(connection, batch, context, changed=changed, rejected=issue_count)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.unregister(_INCOMING)

    logger.info(
        "Merged %s batch %s of account %s: %d rows in, %d changed",
        batch.stream,
        context.batch_id,
        context.account_id,
        batch.row_count,
        changed,
    )
    return changed


def reject_batch(
    connection: duckdb.DuckDBPyConnection,
    batch: Batch,
    context: LandingContext,
    report: dict[str, Any],
) -> None:
    """Keep a batch that failed validation in raw.rejected_batches instead of merging it."""
    payloads = "[" + ",".join(batch.payloads()) + "]"
    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute(
            "INSERT INTO raw.rejected_batches "
            "(batch_id, account_id, stream, rejected_at, row_count, report, payloads) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                context.batch_id,
                context.account_id,
                batch.stream,
                datetime.now(UTC),
                batch.row_count,
                json.dumps(report, default=str),
                payloads,
            ],
        )
        _log_sync(connection, batch, context, changed=0, rejected=batch.row_count)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise

    logger.warning(
        "Rejected %s batch %s of account %s: %d rows kept in raw.rejected_batches, not merged",
        batch.stream,
        context.batch_id,
        context.account_id,
        batch.row_count,
    )


def _upsert(connection: duckdb.DuckDBPyConnection, table: ApiTable, context: LandingContext) -> int:
    target = table.qualified
    extracted = [column for column, _ in table.extracted]
    columns = [table.key, *extracted, "payload", "payload_hash"]
    updated = [*extracted, "payload", "payload_hash", "fetched_at", "batch_id"]

    condition = f"{target}.payload_hash <> excluded.payload_hash"
    if table.has_updated_at:
        condition += (
            f" AND ({target}.updated_at IS NULL OR excluded.updated_at >= {target}.updated_at)"
        )
    # Table and column names come from raw_schema constants; values are bound parameters.
    names = ", ".join(columns)
    assignments = ", ".join(f"{column} = excluded.{column}" for column in updated)
    insert = f"INSERT INTO {target} (account_id, {names}, fetched_at, batch_id)"
    select = f"SELECT ?, {names}, ?, ? FROM {_INCOMING}"  # noqa: S608
    conflict = f"ON CONFLICT (account_id, {table.key}) DO UPDATE SET {assignments}"
    statement = f"{insert} {select} {conflict} WHERE {condition}"

    # DuckDB returns the number of rows inserted or updated; the WHERE leaves others untouched.
    result = connection.execute(
        statement, [context.account_id, context.fetched_at, context.batch_id]
    ).fetchone()
    return int(result[0]) if result else 0


def _record_statuses(connection: duckdb.DuckDBPyConnection, context: LandingContext) -> None:
    connection.execute(
        "INSERT INTO raw.shipment_status_history "
        "(account_id, shipment_id, status, updated_at, observed_at, batch_id) "
        "SELECT ?, shipment_id, status, updated_at, ?, ? FROM incoming_batch "
        "WHERE status IS NOT NULL "
        "ON CONFLICT DO NOTHING",
        [context.account_id, context.server_time, context.batch_id],
    )


def _log_sync(
    connection: duckdb.DuckDBPyConnection,
    batch: Batch,
    context: LandingContext,
    *,
    changed: int,
    rejected: int,
) -> None:
    connection.execute(
        "INSERT INTO raw.sync_log (batch_id, account_id, stream, mode, window_from, window_to, "
        "server_time, rows_in, rows_changed, rows_rejected, committed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            context.batch_id,
            context.account_id,
            batch.stream,
            context.mode,
            context.window_from,
            context.window_to,
            context.server_time,
            batch.row_count,
            changed,
            rejected,
            datetime.now(UTC),
        ],
    )
