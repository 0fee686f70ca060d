"""DDL of the `raw` schema: API landings, copies of the operational store, and bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ingestion.warehouse.report_landing import ensure_report_tables
from ingestion.warehouse.stock_copy import ensure_stock_tables


@dataclass(frozen=True)
class ApiTable:
    """A raw table of one API record family, upserted by (account_id, natural key)."""

    name: str
    key: str
    extracted: tuple[tuple[str, str], ...]
    """Columns read out of the payload, as (name, DuckDB type)."""

    @property
    def qualified(self) -> str:
        return f"raw.{self.name}"

    @property
    def has_updated_at(self) -> bool:
        return any(column == "updated_at" for column, _ in self.extracted)


SHIPMENTS = ApiTable(
    "shipments",
    "shipment_id",
    (("status", "VARCHAR"), ("updated_at", "TIMESTAMPTZ"), ("shipment_kind", "VARCHAR")),
)
SHIPMENT_DETAILS = ApiTable("shipment_details", "shipment_id", ())
INVOICES = ApiTable(
    "invoices", "shipment_id", (("invoice_number", "VARCHAR"), ("invoice_date", "DATE"))
)
RETURNS = ApiTable(
    "returns",
    "return_id",
    (
        ("source", "VARCHAR"),
        ("status", "VARCHAR"),
        ("order_item_id", "VARCHAR"),
        ("updated_at", "TIMESTAMPTZ"),
    ),
)
LISTINGS = ApiTable("listings", "sku", (("listing_id", "VARCHAR"),))

API_TABLES: dict[str, ApiTable] = {
    table.name: table for table in (SHIPMENTS, SHIPMENT_DETAILS, INVOICES, RETURNS, LISTINGS)
}

# Insert-only: a (shipment, status) pair is written the first time a sync observes it.
_STATUS_HISTORY = """
CREATE TABLE IF NOT EXISTS raw.shipment_status_history (
    account_id VARCHAR NOT NULL,
    shipment_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ,
    observed_at TIMESTAMPTZ NOT NULL,
    batch_id VARCHAR NOT NULL,
    PRIMARY KEY (account_id, shipment_id, status)
)
"""

_OPERATIONAL = (
    """
    CREATE TABLE IF NOT EXISTS raw.account_profile (
        account_id VARCHAR PRIMARY KEY,
        account_name VARCHAR,
        tier VARCHAR,
        fulfilment VARCHAR,
        gstin VARCHAR,
        state_code VARCHAR,
        copied_at TIMESTAMPTZ NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS raw.account_locations (
        account_id VARCHAR NOT NULL,
        location_id VARCHAR NOT NULL,
        city VARCHAR,
        pincode VARCHAR,
        state_code VARCHAR,
        copied_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (account_id, location_id)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS raw.sku_master (
        sku VARCHAR PRIMARY KEY,
        title VARCHAR,
        category VARCHAR,
        hsn VARCHAR,
        gst_rate DECIMAL(5, 2),
        cost_price DECIMAL(18, 2),
        weight_g INTEGER,
        length_cm DECIMAL(8, 2),
        breadth_cm DECIMAL(8, 2),
        height_cm DECIMAL(8, 2),
        copied_at TIMESTAMPTZ NOT NULL
    )
    """,
)

# `server_time` is Flipkart's clock when the sync started; marts read max(server_time) per
# account as their "now". `rows_rejected` counts the rows of a rejected batch plus the ids the
# client reported per-item errors for, so neither is lost silently.
_BOOKKEEPING = (
    """
    CREATE TABLE IF NOT EXISTS raw.sync_log (
        batch_id VARCHAR PRIMARY KEY,
        account_id VARCHAR NOT NULL,
        stream VARCHAR NOT NULL,
        mode VARCHAR NOT NULL,
        window_from TIMESTAMPTZ,
        window_to TIMESTAMPTZ,
        server_time TIMESTAMPTZ NOT NULL,
        rows_in INTEGER NOT NULL,
        rows_changed INTEGER NOT NULL,
        rows_rejected INTEGER NOT NULL,
        committed_at TIMESTAMPTZ NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS raw.rejected_batches (
        batch_id VARCHAR PRIMARY KEY,
        account_id VARCHAR NOT NULL,
        stream VARCHAR NOT NULL,
        rejected_at TIMESTAMPTZ NOT NULL,
        row_count INTEGER NOT NULL,
        report JSON NOT NULL,
        payloads JSON NOT NULL
    )
    """,
)


def api_table_ddl(table: ApiTable) -> str:
    """Return CREATE TABLE IF NOT EXISTS for one API table."""
    extracted = "".join(f"    {column} {kind},\n" for column, kind in table.extracted)
    return (
        f"CREATE TABLE IF NOT EXISTS {table.qualified} (\n"
        "    account_id VARCHAR NOT NULL,\n"
        f"    {table.key} VARCHAR NOT NULL,\n"
        f"{extracted}"
        "    payload JSON NOT NULL,\n"
        "    payload_hash VARCHAR NOT NULL,\n"
        "    fetched_at TIMESTAMPTZ NOT NULL,\n"
        "    batch_id VARCHAR NOT NULL,\n"
        f"    PRIMARY KEY (account_id, {table.key})\n"
        ")"
    )


def ensure_raw_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create schema `raw` and every raw table that does not exist yet; safe to repeat."""
    statements = [
        "CREATE SCHEMA IF NOT EXISTS raw",
        *(api_table_ddl(table) for table in API_TABLES.values()),
        _STATUS_HISTORY,
        *_OPERATIONAL,
        *_BOOKKEEPING,
    ]
    for statement in statements:
        connection.execute(statement)
    ensure_report_tables(connection)
    ensure_stock_tables(connection)
