"""Grow a sandbox-synced warehouse to about a million order items with DuckDB SQL.

The template is a real sync of a sandbox seller, so every payload has exactly the wire shape
the dbt staging reads. It carries the sandbox's catalogue (hundreds of SKUs), both payment types
and every outcome (delivered, open, cancelled, RTO, customer return). Copy k of each raw row gets
`-k` appended to every id inside its payload and its key columns, so the copies are distinct
orders with the same prices, dates and geography.
"""

from __future__ import annotations

import math

import duckdb

# Payload keys whose values are ids; copy k rewrites "<key>":"<value>" to "<key>":"<value>-k".
ID_KEYS = ("shipmentId", "orderItemId", "orderId", "returnId", "packageId", "invoiceNumber")
ID_PATTERN = '"(' + "|".join(ID_KEYS) + ')":"([^"]+)"'

# Per API table: columns that hold ids and get the same suffix as the payload.
ID_COLUMNS = {
    "shipments": ("shipment_id",),
    "shipment_details": ("shipment_id",),
    "invoices": ("shipment_id", "invoice_number"),
    "returns": ("return_id", "order_item_id"),
}


def order_item_count(connection: duckdb.DuckDBPyConnection) -> int:
    """Count the order items in raw.shipments."""
    return connection.execute(
        "select coalesce(sum(json_array_length(payload, '$.orderItems')), 0) from raw.shipments"
    ).fetchone()[0]


def replicate(connection: duckdb.DuckDBPyConnection, target_items: int) -> int:
    """Add copies of the synced rows until about `target_items` order items; return copies."""
    template_items = order_item_count(connection)
    if template_items == 0:
        raise ValueError("raw.shipments is empty; sync a sandbox seller before replicating.")
    copies = math.ceil(target_items / template_items)
    connection.execute("set enable_progress_bar = false")

    connection.execute(
        "create temp table copy_numbers as select range as k from range(1, ?)", [copies]
    )
    for table, id_columns in ID_COLUMNS.items():
        _replicate_table(connection, table, id_columns)
    _replicate_history(connection)
    connection.execute("drop table copy_numbers")
    connection.execute("checkpoint")
    return copies


def _replicate_table(
    connection: duckdb.DuckDBPyConnection, table: str, id_columns: tuple[str, ...]
) -> None:
    columns = [
        name
        for (name,) in connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = ? order by ordinal_position",
            [table],
        ).fetchall()
    ]
    expressions = []
    for name in columns:
        if name in id_columns:
            expressions.append(f"{name} || '-' || k")
        elif name == "payload":
            expressions.append(
                f"regexp_replace(payload::varchar, '{ID_PATTERN}', "
                f"'\"\\1\":\"\\2-' || k || '\"', 'g')::json"
            )
        else:
            expressions.append(name)
    # Table and column names come from information_schema, not from input.
    statement = (
        f"insert into raw.{table} ({', '.join(columns)}) "  # noqa: S608
        f"select {', '.join(expressions)} from raw.{table}, copy_numbers"
    )
    connection.execute(statement)


def _replicate_history(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(
        "insert into raw.shipment_status_history by name "
        "select history.* replace (history.shipment_id || '-' || k as shipment_id) "
        "from raw.shipment_status_history history, copy_numbers"
    )
