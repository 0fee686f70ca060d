"""Report landing: tables generated from the row dataclasses, replaced per file, atomically."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion.reports import RowError, read_pnl_orders, read_pnl_summary
from ingestion.reports.grid import read_grids
from ingestion.reports.report_types import read_typed_report
from ingestion.reports.values import (
    MAX_AMOUNT_DECIMAL_PLACES,
    MAX_AMOUNT_INTEGER_DIGITS,
    MAX_COUNT,
    CellValueError,
    parse_count,
    parse_decimal,
)
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.report_landing import (
    RECORD_TABLES,
    SCALAR_TYPES,
    ensure_report_tables,
    land_report,
    record_table_ddl,
)

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "seller_hub"
SETTLEMENT_SAMPLE = SAMPLES / "settlement_report_excerpt.csv"
PNL_SAMPLE = SAMPLES / "pnl_report_2025-05.xlsx"
LOADED_AT = datetime(2026, 12, 5, 6, 30, tzinfo=UTC)
KEYS = ["file_hash", "account_id", "row_number"]


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    opened = open_warehouse(tmp_path / "warehouse" / "acme.duckdb")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def settlement():
    return read_typed_report(SETTLEMENT_SAMPLE, "settlement", read_grids(SETTLEMENT_SAMPLE))


def land(connection, parsed, *, file_hash="hash-1", rows=None, numbers=None, errors=()):
    rows = parsed.result.rows if rows is None else rows
    return land_report(
        connection,
        file_hash=file_hash,
        account_id="acct-1",
        report_type=parsed.report_type,
        file_name="settlement.csv",
        rows=rows,
        row_numbers=parsed.row_numbers if numbers is None else numbers,
        errors=list(errors),
        loaded_at=LOADED_AT,
        summary=parsed.summary,
    )


def column_types(connection, table):
    rows = connection.execute(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'raw' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return {name: (kind, nullable) for name, kind, nullable in rows}


@pytest.mark.parametrize("report_type", sorted(RECORD_TABLES))
def test_table_columns_are_fields(connection, report_type):
    table, record_type = RECORD_TABLES[report_type]
    ensure_report_tables(connection)

    columns = list(column_types(connection, table))

    assert columns == KEYS + [field.name for field in fields(record_type)]


def test_column_types_follow_fields(connection):
    ensure_report_tables(connection)

    settlement = column_types(connection, "report_settlement_rows")
    pnl = column_types(connection, "report_pnl_orders")

    assert settlement["bank_settlement_value"] == ("DECIMAL(18,3)", "YES")
    assert settlement["payment_date"] == ("DATE", "YES")
    assert settlement["quantity"] == ("INTEGER", "YES")
    assert settlement["neft_id"] == ("VARCHAR", "YES")
    assert settlement["order_item_id"] == ("VARCHAR", "NO")
    assert settlement["row_number"] == ("INTEGER", "NO")
    assert pnl["transactions"] == ("JSON", "NO")


def test_ddl_repeatable(connection):
    table, record_type = RECORD_TABLES["returns"]
    ensure_report_tables(connection)

    connection.execute(record_table_ddl(table, record_type))
    ensure_report_tables(connection)

    assert connection.execute("SELECT count(*) FROM raw.report_returns").fetchone() == (0,)


def test_land_settlement_rows(connection, settlement):
    loaded = land(connection, settlement)

    rows = connection.execute(
        "SELECT row_number, order_item_id, bank_settlement_value "
        "FROM raw.report_settlement_rows ORDER BY row_number"
    ).fetchall()
    assert loaded == 3
    assert rows == [
        (10, "890236627415041100", Decimal("98.606")),
        (11, "822795611019528100", Decimal("-189.980")),
        (12, "786912861046624100", Decimal("8.540")),
    ]
    assert connection.execute("SELECT * FROM raw.report_files").fetchall() == [
        ("hash-1", "acct-1", "settlement", "settlement.csv", 3, LOADED_AT)
    ]


def test_land_twice_same_rows(connection, settlement):
    land(connection, settlement)
    before = connection.execute("SELECT * FROM raw.report_settlement_rows ORDER BY 3").fetchall()

    land(connection, settlement)

    after = connection.execute("SELECT * FROM raw.report_settlement_rows ORDER BY 3").fetchall()
    assert after == before
    assert connection.execute("SELECT count(*) FROM raw.report_files").fetchone() == (1,)


def test_land_replaces_file_rows_only(connection, settlement):
    land(connection, settlement, file_hash="other")
    land(connection, settlement)

    land(
        connection,
        settlement,
        rows=settlement.result.rows[:1],
        numbers=settlement.row_numbers[:1],
        errors=[RowError(11, "Bank Settlement Value", "x", "'x' is not a number")],
    )

    counts = connection.execute(
        "SELECT file_hash, count(*) FROM raw.report_settlement_rows GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert counts == [("hash-1", 1), ("other", 3)]
    errors = connection.execute(
        'SELECT file_hash, row_number, "column", value, reason FROM raw.report_import_errors'
    ).fetchall()
    assert errors == [("hash-1", 11, "Bank Settlement Value", "x", "'x' is not a number")]


def test_failed_landing_keeps_old_rows(connection, settlement):
    land(connection, settlement)
    repeated = (10, 10, 12)

    with pytest.raises(duckdb.ConstraintException):
        land(connection, settlement, numbers=repeated)

    count = connection.execute("SELECT count(*) FROM raw.report_settlement_rows").fetchone()
    assert count == (3,)
    assert connection.execute("SELECT count(*) FROM raw.report_files").fetchone() == (1,)


def test_land_rejects_naive_time(connection, settlement):
    with pytest.raises(ValueError, match="no time zone"):
        land_report(
            connection,
            file_hash="h",
            account_id="a",
            report_type="settlement",
            file_name="s.csv",
            rows=[],
            row_numbers=[],
            errors=[],
            loaded_at=datetime(2026, 12, 5),  # noqa: DTZ001 (the case under test)
        )


def test_land_pnl_transactions_and_summary(connection):
    grids = read_grids(PNL_SAMPLE)
    parsed = read_typed_report(PNL_SAMPLE, "pnl", grids)

    land(connection, parsed)

    first = parsed.result.rows[0]
    stored = connection.execute(
        "SELECT transactions FROM raw.report_pnl_orders WHERE row_number = ?",
        [parsed.row_numbers[0]],
    ).fetchone()[0]
    assert len(json.loads(stored)) == len(first.transactions)
    assert json.loads(stored)[0]["amount"] == str(first.transactions[0].amount)
    totals = connection.execute(
        "SELECT count(*), sum(accounted_net_sales) FROM raw.report_pnl_orders"
    ).fetchone()
    expected = sum(row.accounted_net_sales or 0 for row in read_pnl_orders(PNL_SAMPLE).rows)
    assert totals == (972, expected)
    stated = read_pnl_summary(PNL_SAMPLE, grids)
    summary = dict(connection.execute("SELECT line, amount FROM raw.report_pnl_summary").fetchall())
    assert summary["gross_sales"] == stated.gross_sales
    assert summary["pending"] == stated.pending


def test_amount_limits_match_column_type():
    duckdb_type, arrow_type = SCALAR_TYPES[Decimal]

    assert duckdb_type == "DECIMAL(18, 3)"
    assert arrow_type.precision - arrow_type.scale == MAX_AMOUNT_INTEGER_DIGITS
    assert arrow_type.scale == MAX_AMOUNT_DECIMAL_PLACES


def test_count_limit_matches_column_type():
    assert SCALAR_TYPES[int] == ("INTEGER", pa.int32())
    assert MAX_COUNT == 2**31 - 1


NUMBER_TEXT = st.one_of(
    st.from_regex(r"\A[-+(]?[0-9,. ]{1,24}(e[-+]?[0-9]{1,3})?[)%]?\Z", fullmatch=True),
    st.text(alphabet="0123456789,.-e%() ", max_size=30),
)
NUMBER_CELLS = st.one_of(
    NUMBER_TEXT,
    st.floats(allow_nan=False),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)


@settings(max_examples=400, deadline=None)
@given(cell=NUMBER_CELLS)
def test_accepted_amount_fits_column(cell):
    try:
        value = parse_decimal(cell)
    except CellValueError:
        return

    pa.array([value], SCALAR_TYPES[Decimal][1])


@settings(max_examples=400, deadline=None)
@given(cell=NUMBER_CELLS)
def test_accepted_count_fits_column(cell):
    try:
        value = parse_count(cell)
    except CellValueError:
        return

    pa.array([value], SCALAR_TYPES[int][1])


def test_land_value_too_wide_names_row(connection, settlement):
    rows = list(settlement.result.rows)
    rows[1] = replace(rows[1], bank_settlement_value=Decimal("499.1234"))

    with pytest.raises(ValueError, match=r"row 11: bank_settlement_value=Decimal\('499.1234'\)"):
        land(connection, settlement, rows=rows)

    assert connection.execute("SELECT count(*) FROM raw.report_settlement_rows").fetchone() == (0,)


def test_land_orders_with_float_noise(connection, tmp_path):
    header = ["ORDER ITEM ID", "Order Id", "SKU", "Invoice Amount", "Quantity", "Ordered On"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    sheet.append(["OI1", "OD1", "SKU-A", 0.1 + 0.2, 1, "2025-05-01"])
    sheet.append(["OI2", "OD1", "SKU-A", 98.606, 2.0, "2025-05-01"])
    path = tmp_path / "orders.xlsx"
    workbook.save(path)
    parsed = read_typed_report(path, "orders", read_grids(path))

    land_report(
        connection,
        file_hash="hash-orders",
        account_id="acct-1",
        report_type="orders",
        file_name=path.name,
        rows=parsed.result.rows,
        row_numbers=parsed.row_numbers,
        errors=parsed.result.errors,
        loaded_at=LOADED_AT,
    )

    amounts = connection.execute(
        "SELECT invoice_amount, quantity FROM raw.report_orders ORDER BY row_number"
    ).fetchall()
    assert amounts == [(Decimal("0.300"), 1), (Decimal("98.606"), 2)]
