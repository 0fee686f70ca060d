"""Merge a validated batch into its raw table, or set a failed one aside, with its sync_log row.

Each call is one DuckDB transaction: the rows, the status history (for shipments), the records
set aside and the sync_log row commit together or not at all, so a crash leaves either the
whole batch or none.

A record that failed validation is kept as one row of raw.rejected_batches whose report has
`kind` "record", the record id and each failed column with its value. It stays unresolved
until a later batch brings the same record id and it passes; merging that batch sets the
report's `resolved_at` and `resolved_by`.
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
from ingestion.warehouse.validation import RecordFailure

logger = logging.getLogger("ingestion.warehouse")

_INCOMING = "incoming_batch"
# Set-aside records named in one log line; the rest are counted.
LOGGED_RECORDS = 20


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
    failures: dict[int, list[RecordFailure]] | None = None,
) -> int:
    """Upsert `batch` and write its sync_log row in one transaction; return rows changed.

    A stored row is replaced only when the payload hash differs and, for tables with
    `updated_at`, the incoming value is not older than the stored one. The records at the
    rows of `failures` are set aside in raw.rejected_batches instead of merged. `issue_count`
    is the number of ids the client reported per-item errors for; sync_log counts them and
    the set-aside records as rejected.
    """
    failures = failures or {}
    passing = batch.take([row for row in range(batch.row_count) if row not in failures])
    connection.execute("BEGIN TRANSACTION")
    try:
        connection.register(_INCOMING, passing.rows)
        changed = _upsert(connection, batch.table, context)
        if batch.table is SHIPMENTS:
            _record_statuses(connection, context)
        resolved = _resolve_set_asides(connection, batch.table, context)
        summaries = _set_aside(connection, batch, context, failures)
        rejected = len(failures) + issue_count
        _log_sync(connection, batch, context, changed=changed, rejected=rejected)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.unregister(_INCOMING)

    logger.info(
        "Merged %s batch %s of account %s: %d rows in, %d changed, %d set aside, "
        "%d set-aside records resolved",
        batch.stream,
        context.batch_id,
        context.account_id,
        batch.row_count,
        changed,
        len(failures),
        resolved,
    )
    if summaries:
        _log_set_aside(batch, context, summaries)
    return changed


def unresolved_records(
    connection: duckdb.DuckDBPyConnection, account_id: str, stream: str
) -> list[str]:
    """Return a summary of each record of `stream` still set aside, by record id."""
    rows = connection.execute(
        "SELECT report->>'$.record_id' AS record_id, arg_max(report->>'$.summary', rejected_at) "
        "FROM raw.rejected_batches "
        "WHERE account_id = ? AND stream = ? AND report->>'$.kind' = 'record' "
        "AND report->>'$.resolved_at' IS NULL "
        "GROUP BY record_id ORDER BY record_id",
        [account_id, stream],
    ).fetchall()
    return [summary for _record_id, summary in rows]


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


def _set_aside(
    connection: duckdb.DuckDBPyConnection,
    batch: Batch,
    context: LandingContext,
    failures: dict[int, list[RecordFailure]],
) -> list[str]:
    # One row per record, keyed "<batch id>:<row>" because a batch may repeat a record id.
    keys, payloads = batch.keys(), batch.payloads()
    rejected_at = datetime.now(UTC)
    summaries = []
    for row, record_failures in sorted(failures.items()):
        record_id = keys[row] if keys[row] is not None else f"row {row}"
        # A shipment whose two lines fail alike is named once per column and value.
        found = dict.fromkeys(f"{item.column}={item.value!r}" for item in record_failures)
        values = ", ".join(found)
        summary = f"{batch.table.key} {record_id!r} of batch {context.batch_id}: {values}"
        summaries.append(summary)
        report = {
            "kind": "record",
            "stream": batch.stream,
            "batch_id": context.batch_id,
            "record_id": record_id,
            "summary": summary,
            "failures": [
                {"column": item.column, "value": item.value, "expectation": item.expectation}
                for item in record_failures
            ],
        }
        connection.execute(
            "INSERT INTO raw.rejected_batches "
            "(batch_id, account_id, stream, rejected_at, row_count, report, payloads) "
            "VALUES (?, ?, ?, ?, 1, ?, ?)",
            [
                f"{context.batch_id}:{row}",
                context.account_id,
                batch.stream,
                rejected_at,
                json.dumps(report, default=str),
                f"[{payloads[row]}]",
            ],
        )
    return summaries


def _resolve_set_asides(
    connection: duckdb.DuckDBPyConnection, table: ApiTable, context: LandingContext
) -> int:
    # Runs while the passing records are registered as incoming_batch.
    resolution = json.dumps(
        {"resolved_at": datetime.now(UTC).isoformat(), "resolved_by": context.batch_id}
    )
    # The key column name comes from a raw_schema constant; values are bound parameters.
    statement = (
        "UPDATE raw.rejected_batches SET report = json_merge_patch(report, ?::JSON) "  # noqa: S608
        "WHERE account_id = ? AND stream = ? AND report->>'$.kind' = 'record' "
        "AND report->>'$.resolved_at' IS NULL "
        f"AND report->>'$.record_id' IN (SELECT {table.key} FROM {_INCOMING})"
    )
    result = connection.execute(statement, [resolution, context.account_id, table.name]).fetchone()
    return int(result[0]) if result else 0


def _log_set_aside(batch: Batch, context: LandingContext, summaries: list[str]) -> None:
    named = "; ".join(summaries[:LOGGED_RECORDS])
    more = len(summaries) - LOGGED_RECORDS
    if more > 0:
        named += f"; and {more} more"
    logger.warning(
        "Set aside %d of %d %s records of batch %s of account %s in raw.rejected_batches; "
        "the other records were merged: %s",
        len(summaries),
        batch.row_count,
        batch.stream,
        context.batch_id,
        context.account_id,
        named,
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
