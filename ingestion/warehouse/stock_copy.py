"""The ledger's stock levels copied into `raw.stock_levels`, and how far order events were applied.

The operational store owns the stock ledger. The warehouse keeps a copy of the current levels,
replaced whole on every run, so the stock dashboard mart can join them to sales.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

_STOCK_LEVELS = """
CREATE TABLE IF NOT EXISTS raw.stock_levels (
    sku VARCHAR NOT NULL,
    location_id VARCHAR NOT NULL,
    on_hand INTEGER NOT NULL,
    reserved INTEGER NOT NULL,
    damaged INTEGER NOT NULL,
    available INTEGER NOT NULL,
    safety_buffer INTEGER NOT NULL,
    low_stock_threshold INTEGER,
    copied_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sku, location_id)
)
"""

# The latest `fetched_at` of the synced shipments and returns whose order events reached the
# ledger, per account: the next run reads only rows fetched at or after it.
_WATERMARKS = """
CREATE TABLE IF NOT EXISTS raw.stock_event_watermarks (
    account_id VARCHAR PRIMARY KEY,
    applied_through TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
)
"""


@dataclass(frozen=True)
class StockLevelRow:
    """One row of `raw.stock_levels`."""

    sku: str
    location_id: str
    on_hand: int
    reserved: int
    damaged: int
    available: int
    safety_buffer: int
    low_stock_threshold: int | None


def ensure_stock_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create `raw.stock_levels` and `raw.stock_event_watermarks` when missing; safe to repeat."""
    connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
    connection.execute(_STOCK_LEVELS)
    connection.execute(_WATERMARKS)


def replace_stock_levels(
    connection: duckdb.DuckDBPyConnection,
    rows: Sequence[StockLevelRow],
    *,
    copied_at: datetime | None = None,
) -> int:
    """Replace every row of `raw.stock_levels` with `rows` in one transaction; return the count."""
    moment = copied_at or datetime.now(UTC)
    values = [
        (
            row.sku,
            row.location_id,
            row.on_hand,
            row.reserved,
            row.damaged,
            row.available,
            row.safety_buffer,
            row.low_stock_threshold,
            moment,
        )
        for row in rows
    ]

    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute("DELETE FROM raw.stock_levels")
        if values:
            connection.executemany(
                "INSERT INTO raw.stock_levels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values
            )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return len(values)


def read_watermark(connection: duckdb.DuckDBPyConnection, account_id: str) -> datetime | None:
    """Return the account's `applied_through` instant, or None before its first run."""
    row = connection.execute(
        "SELECT applied_through FROM raw.stock_event_watermarks WHERE account_id = ?",
        [account_id],
    ).fetchone()
    return row[0] if row is not None else None


def save_watermark(
    connection: duckdb.DuckDBPyConnection, account_id: str, applied_through: datetime
) -> None:
    """Store the account's `applied_through` instant, replacing the previous one."""
    connection.execute(
        "INSERT OR REPLACE INTO raw.stock_event_watermarks VALUES (?, ?, ?)",
        [account_id, applied_through, datetime.now(UTC)],
    )
