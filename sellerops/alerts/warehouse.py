"""Read the rows the alert rules need from a tenant's (published) DuckDB warehouse."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb

from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from sellerops.alerts.evaluate import WarehouseRows
from sellerops.alerts.rules import RunFailure
from sellerops.errors import NotFoundError

logger = logging.getLogger(__name__)

QUERIES = {
    "sla_shipments": (
        ("marts", "sla_shipments"),
        "select account_id, shipment_id, sla_status, dispatch_by, ready_to_dispatch_at "
        "from marts.sla_shipments where sla_status = 'open' "
        "or (sla_status = 'breached' and ready_to_dispatch_at is null)",
    ),
    "as_of": (
        ("marts", "sla_shipments"),
        "select account_id, max(as_of) as as_of from marts.sla_shipments "
        "where as_of is not null group by 1",
    ),
    "sla_daily": (
        ("marts", "sla_daily"),
        "select account_id, dispatch_by_date, breached, on_time from marts.sla_daily",
    ),
    "stock_cover": (
        ("marts", "stock_cover"),
        "select sku, location_id, available, days_of_cover, reorder_quantity, "
        "coalesce(is_low_stock, false) as is_low_stock, "
        "coalesce(is_out_of_stock, false) as is_out_of_stock from marts.stock_cover",
    ),
    "sku_rto_rates": (
        ("ml", "sku_rto_rates"),
        "select account_id, sku, predicted_rate, orders from ml.sku_rto_rates",
    ),
    "cod_item_scores": (
        ("ml", "rto_item_scores"),
        "select s.account_id, s.order_item_id, s.rto_probability, o.order_id, o.sku, "
        "o.ordered_at, o.is_cod from ml.rto_item_scores as s "
        "join marts.order_items as o on o.order_item_id = s.order_item_id "
        "and o.account_id = s.account_id where o.is_cod",
    ),
    "likely_overcharges": (
        ("marts", "likely_overcharges"),
        "select account_id, order_item_id, claim_amount from marts.likely_overcharges",
    ),
    "sync_log": (
        ("raw", "sync_log"),
        "select account_id, max(committed_at) as committed_at from raw.sync_log group by 1",
    ),
    "rejected_batches": (
        ("raw", "rejected_batches"),
        "select account_id, stream, rejected_at, row_count from raw.rejected_batches",
    ),
}


def read_rows(connection: duckdb.DuckDBPyConnection) -> WarehouseRows:
    """Return the rows of every source present in the warehouse; missing tables give none.

    The `ml` tables exist only after the models ran, and a new tenant has no marts yet, so a
    missing table is logged and skipped instead of failing the evaluation.
    """
    present = set(
        connection.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    )
    values: dict[str, Any] = {}
    for name, (table, statement) in QUERIES.items():
        if table not in present or (
            name == "cod_item_scores" and ("marts", "order_items") not in present
        ):
            logger.info("Alert source %s.%s is missing; its rule sees no rows", *table)
            values[name] = ()
            continue
        cursor = connection.execute(statement)
        columns = [description[0] for description in cursor.description]
        values[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    values["as_of"] = {row["account_id"]: row["as_of"] for row in values["as_of"]}
    return WarehouseRows(**values)


def read_published_rows(
    data_dir: Path | str, tenant_slug: str, run_failures: Sequence[RunFailure] = ()
) -> WarehouseRows:
    """Read the rules' rows from the tenant's published warehouse copy, never the working file.

    Raises `NotFoundError` when nothing was published yet.
    """
    path = warehouse_paths(data_dir, tenant_slug).published
    if not path.exists():
        raise NotFoundError(
            f"Tenant {tenant_slug!r} has no published warehouse at {path}; run a sync first."
        )
    with open_warehouse(path, read_only=True) as connection:
        rows = read_rows(connection)
    return replace(rows, run_failures=tuple(run_failures))
