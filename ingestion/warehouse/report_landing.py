"""Land the rows of an imported Seller Hub report in the tenant warehouse's `raw` schema.

Each report type has one table whose columns are the fields of its row dataclass, plus
`file_hash`, `account_id` and `row_number`. The DDL is generated from the dataclass, so a field
added to a reader becomes a column. Loading a file deletes every row of its (account, hash)
from all report tables and inserts the new ones in one transaction, so importing the same
file again leaves the tables as they were.
"""

from __future__ import annotations

import json
import logging
import types
import typing
from collections.abc import Sequence
from dataclasses import asdict, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from ingestion.reports import (
    OrderReportRow,
    PnlOrderRow,
    PnlSummary,
    ReturnReportRow,
    RowError,
    SettlementRow,
)
from ingestion.reports.pnl_summary import SUMMARY_LINES

logger = logging.getLogger("ingestion.warehouse")

# Report type -> (raw table, row dataclass).
RECORD_TABLES: dict[str, tuple[str, type]] = {
    "settlement": ("report_settlement_rows", SettlementRow),
    "pnl": ("report_pnl_orders", PnlOrderRow),
    "orders": ("report_orders", OrderReportRow),
    "returns": ("report_returns", ReturnReportRow),
}

# Python type -> (DuckDB type, Arrow type). Seller Hub amounts carry up to 3 decimals.
SCALAR_TYPES: dict[type, tuple[str, pa.DataType]] = {
    Decimal: ("DECIMAL(18, 3)", pa.decimal128(18, 3)),
    date: ("DATE", pa.date32()),
    datetime: ("TIMESTAMPTZ", pa.timestamp("us", tz="UTC")),
    int: ("INTEGER", pa.int32()),
    bool: ("BOOLEAN", pa.bool_()),
    str: ("VARCHAR", pa.string()),
}
# Any other field type (the P&L's tuple of transactions) is stored as JSON text.
JSON_TYPE = ("JSON", pa.string())

KEY_COLUMNS = (
    ("file_hash", "VARCHAR NOT NULL"),
    ("account_id", "VARCHAR NOT NULL"),
    ("row_number", "INTEGER NOT NULL"),
)

_FIXED_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS raw.report_files (
        file_hash VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        report_type VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        rows_loaded INTEGER NOT NULL,
        loaded_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (account_id, file_hash)
    )
    """,
    # Each line of the P&L's "Overall Summary" sheet as the sheet states it.
    """
    CREATE TABLE IF NOT EXISTS raw.report_pnl_summary (
        file_hash VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        line VARCHAR NOT NULL,
        units INTEGER,
        amount DECIMAL(18, 3),
        PRIMARY KEY (account_id, file_hash, line)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS raw.report_import_errors (
        file_hash VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        row_number INTEGER NOT NULL,
        "column" VARCHAR,
        value VARCHAR,
        reason VARCHAR NOT NULL
    )
    """,
)
_PER_FILE_TABLES = (
    *(table for table, _ in RECORD_TABLES.values()),
    "report_pnl_summary",
    "report_import_errors",
    "report_files",
)
_INCOMING = "incoming_report_rows"


def record_columns(record_type: type) -> list[tuple[str, str, pa.DataType]]:
    """Return (name, DuckDB type, Arrow type) of each field of a row dataclass, in order."""
    hints = typing.get_type_hints(record_type)
    columns = []
    for field in fields(record_type):
        duckdb_type, arrow_type = _column_type(hints[field.name])
        columns.append((field.name, duckdb_type, arrow_type))
    return columns


def record_table_ddl(table: str, record_type: type) -> str:
    """Return CREATE TABLE IF NOT EXISTS for the report table of `record_type`."""
    hints = typing.get_type_hints(record_type)
    lines = [f"    {name} {kind}" for name, kind in KEY_COLUMNS]
    for name, duckdb_type, _ in record_columns(record_type):
        not_null = "" if _is_optional(hints[name]) else " NOT NULL"
        lines.append(f"    {name} {duckdb_type}{not_null}")
    lines.append("    PRIMARY KEY (account_id, file_hash, row_number)")
    return f"CREATE TABLE IF NOT EXISTS raw.{table} (\n" + ",\n".join(lines) + "\n)"


def ensure_report_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the report tables that do not exist yet; safe to repeat."""
    connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table, record_type in RECORD_TABLES.values():
        connection.execute(record_table_ddl(table, record_type))
    for statement in _FIXED_TABLES:
        connection.execute(statement)


def land_report(
    connection: duckdb.DuckDBPyConnection,
    *,
    file_hash: str,
    account_id: str,
    report_type: str,
    file_name: str,
    rows: Sequence[Any],
    row_numbers: Sequence[int],
    errors: Sequence[RowError],
    loaded_at: datetime,
    summary: PnlSummary | None = None,
) -> int:
    """Replace the file's rows, summary lines and errors in one transaction; return rows loaded."""
    if report_type not in RECORD_TABLES:
        raise ValueError(f"Unknown report type {report_type!r}; use one of {list(RECORD_TABLES)}.")
    if len(rows) != len(row_numbers):
        raise ValueError(f"{file_name}: {len(rows)} rows but {len(row_numbers)} row numbers.")
    if loaded_at.tzinfo is None:
        raise ValueError(f"loaded_at={loaded_at.isoformat()} has no time zone; pass it aware.")

    table, record_type = RECORD_TABLES[report_type]
    ensure_report_tables(connection)
    incoming = _arrow_rows(record_type, rows, row_numbers, file_hash, account_id, file_name)

    connection.execute("BEGIN TRANSACTION")
    try:
        for stale in _PER_FILE_TABLES:
            connection.execute(
                f"DELETE FROM raw.{stale} WHERE account_id = ? AND file_hash = ?",  # noqa: S608
                [account_id, file_hash],
            )
        connection.register(_INCOMING, incoming)
        connection.execute(f"INSERT INTO raw.{table} BY NAME SELECT * FROM {_INCOMING}")  # noqa: S608
        _insert_summary(connection, file_hash, account_id, summary)
        _insert_errors(connection, file_hash, account_id, errors)
        connection.execute(
            "INSERT INTO raw.report_files "
            "(file_hash, account_id, report_type, file_name, rows_loaded, loaded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [file_hash, account_id, report_type, file_name, len(rows), loaded_at],
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.unregister(_INCOMING)

    logger.info(
        "Landed %s report %s of account %s into raw.%s: %d rows, %d errors",
        report_type,
        file_hash[:12],
        account_id,
        table,
        len(rows),
        len(errors),
    )
    return len(rows)


def _arrow_rows(
    record_type: type,
    rows: Sequence[Any],
    row_numbers: Sequence[int],
    file_hash: str,
    account_id: str,
    file_name: str,
) -> pa.Table:
    columns = record_columns(record_type)
    data: dict[str, pa.Array] = {
        "file_hash": pa.array([file_hash] * len(rows), pa.string()),
        "account_id": pa.array([account_id] * len(rows), pa.string()),
        "row_number": pa.array(list(row_numbers), pa.int32()),
    }
    for name, duckdb_type, arrow_type in columns:
        values = [getattr(row, name) for row in rows]
        if duckdb_type == JSON_TYPE[0]:
            values = [_json_text(value) for value in values]
        data[name] = _column_array(values, arrow_type, name, duckdb_type, row_numbers, file_name)
    return pa.table(data)


def _column_array(
    values: list[Any],
    arrow_type: pa.DataType,
    name: str,
    duckdb_type: str,
    row_numbers: Sequence[int],
    file_name: str,
) -> pa.Array:
    """Convert one column to Arrow, naming the first row whose value does not fit its type."""
    try:
        return pa.array(values, arrow_type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        pass

    # The reader rejects out-of-range values, so reaching this point is a reader bug.
    for row_number, value in zip(row_numbers, values, strict=True):
        try:
            pa.array([value], arrow_type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as error:
            raise ValueError(
                f"{file_name} row {row_number}: {name}={value!r} does not fit {duckdb_type} "
                f"({error}); nothing was landed. The report reader should have rejected the "
                f"cell, so report this file as a bug"
            ) from error
    raise AssertionError(f"{file_name}: column {name} failed to convert, but no single row does")


def _insert_summary(
    connection: duckdb.DuckDBPyConnection,
    file_hash: str,
    account_id: str,
    summary: PnlSummary | None,
) -> None:
    if summary is None:
        return
    lines = []
    for amount_field, units_field in SUMMARY_LINES.values():
        amount = getattr(summary, amount_field)
        units = getattr(summary, units_field) if units_field else None
        if amount is not None or units is not None:
            lines.append([file_hash, account_id, amount_field, units, amount])
    if lines:
        connection.executemany(
            "INSERT INTO raw.report_pnl_summary (file_hash, account_id, line, units, amount) "
            "VALUES (?, ?, ?, ?, ?)",
            lines,
        )


def _insert_errors(
    connection: duckdb.DuckDBPyConnection,
    file_hash: str,
    account_id: str,
    errors: Sequence[RowError],
) -> None:
    if not errors:
        return
    connection.executemany(
        'INSERT INTO raw.report_import_errors (file_hash, account_id, row_number, "column", '
        "value, reason) VALUES (?, ?, ?, ?, ?, ?)",
        [
            [file_hash, account_id, error.row_number, error.column, error.value, error.reason]
            for error in errors
        ],
    )


def _column_type(annotation: Any) -> tuple[str, pa.DataType]:
    inner = _without_none(annotation)
    return SCALAR_TYPES.get(inner, JSON_TYPE) if isinstance(inner, type) else JSON_TYPE


def _is_optional(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation)


def _without_none(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        remaining = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return remaining[0] if len(remaining) == 1 else annotation
    return annotation


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple | list):
        value = [asdict(item) if is_dataclass(item) else item for item in value]
    elif is_dataclass(value):
        value = asdict(value)
    return json.dumps(value, default=str)
