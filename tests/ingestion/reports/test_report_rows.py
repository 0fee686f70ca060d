"""Row-level errors, missing columns, XLSX quirks, orders and returns files, file digests."""

import csv
import hashlib
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ingestion.reports import (
    MissingColumnError,
    ReportFileError,
    file_digest,
    read_orders_report,
    read_returns_report,
    read_settlement_report,
)
from ingestion.reports.grid import read_grids

SAMPLE = Path(__file__).parents[2] / "data" / "seller_hub" / "settlement_report_excerpt.csv"


def _sample_rows():
    with SAMPLE.open(newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def _write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


def test_bad_row_rejected_rest_loaded(tmp_path):
    rows = _sample_rows()
    rows[10][3] = "ninety"

    result = read_settlement_report(_write_csv(tmp_path / "bad.csv", rows))

    assert result.rows_read == 3
    assert result.rows_loaded == 2
    assert result.rows_rejected == 1
    assert result.rejected_row_numbers == [11]
    assert result.row_numbers == [10, 12]
    assert result.errors[0].column == "Payment Details / Bank Settlement Value (Rs.)"
    assert result.errors[0].value == "ninety"
    assert "not a number" in result.errors[0].reason


def test_empty_order_item_id_rejected(tmp_path):
    rows = _sample_rows()
    rows[9][8] = ""

    result = read_settlement_report(_write_csv(tmp_path / "empty_id.csv", rows))

    assert result.rejected_row_numbers == [10]
    assert result.errors[0].reason == "the cell is empty"


def test_missing_required_column_names_it(tmp_path):
    rows = [row[:3] + row[4:] for row in _sample_rows()]

    with pytest.raises(MissingColumnError, match="'Bank Settlement Value'") as error:
        read_settlement_report(_write_csv(tmp_path / "no_value.csv", rows))

    assert "no_value.csv" in str(error.value)


def _set_dimension_a1(path):
    """Rewrite every sheet's declared dimension to A1, as Seller Hub does."""
    patched = path.with_name("a1_" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            target.writestr(item, data)
    return patched


def _orders_workbook(path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Orders"
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


ORDER_HEADER = [
    "Ordered On",
    "Shipment ID",
    "ORDER ITEM ID",
    "Order Id",
    "SKU",
    "Quantity",
    "Invoice Date (mm/dd/yy)",
    "Invoice Amount",
    "PIN Code",
]


def test_orders_xlsx_dimension_a1(tmp_path):
    rows = [
        ORDER_HEADER,
        [
            "2025-05-01",
            "SH1",
            "'274941122444352100",
            "OD1",
            '"""SKU:ABC-1"""',
            1,
            "05/08/25",
            "252.00",
            560001,
        ],
    ]
    path = _set_dimension_a1(_orders_workbook(tmp_path / "orders.xlsx", rows))

    result = read_orders_report(path)

    assert result.rows_loaded == 1
    row = result.rows[0]
    assert row.order_item_id == "274941122444352100"
    assert row.sku == "ABC-1"
    assert row.invoice_date == date(2025, 5, 8)
    assert row.invoice_amount == Decimal("252.00")
    assert row.pincode == "560001"


def test_returns_csv_long_dates(tmp_path):
    rows = [
        [
            "Return ID",
            "Order Item ID",
            "Return Type",
            "Return Reason",
            "Return Requested Date",
            "Return Completed Date",
            "Return Status",
        ],
        [
            "R1",
            "624962879556601107",
            "courier_return",
            "NOT_DELIVERED",
            "05 August, 2025",
            "12 August, 2025",
            "completed",
        ],
    ]

    result = read_returns_report(_write_csv(tmp_path / "returns.csv", rows))

    assert result.rows_loaded == 1
    assert result.rows[0].requested_on == date(2025, 8, 5)
    assert result.rows[0].completed_on == date(2025, 8, 12)


def test_returns_csv_all_text_first_row(tmp_path):
    """A first data row of text only is data, not a sub-header of the header row."""
    rows = [
        ["Return ID", "Order Item ID", "Order ID", "Return Type", "Return Status"],
        ["R1", "OI1", "OD1", "courier_return", "completed"],
        ["R2", "OI2", "OD2", "customer_return", "requested"],
    ]

    result = read_returns_report(_write_csv(tmp_path / "returns.csv", rows))

    assert result.header_row_number == 1
    assert result.column_names["return_id"] == "Return ID"
    assert [row.return_id for row in result.rows] == ["R1", "R2"]
    assert result.row_numbers == [2, 3]


def test_xlsx_not_a_workbook_names_file(tmp_path):
    path = tmp_path / "settlement_2026-10.xlsx"
    path.write_text("NEFT ID,Order item ID\nNFT-1,OI1\n", encoding="utf-8")

    with pytest.raises(ReportFileError, match="not a readable XLSX workbook") as error:
        read_settlement_report(path)

    assert str(error.value).startswith("settlement_2026-10.xlsx: ")


def test_grids_named_as_uploaded(tmp_path):
    stored = tmp_path / "5f1c0e.csv"
    stored.write_bytes(SAMPLE.read_bytes())
    broken = tmp_path / "5f1c0e.xlsx"
    broken.write_bytes(b"not a zip archive")

    grids = read_grids(stored, "settlement_may.csv")

    assert list(grids) == ["settlement_may"]
    with pytest.raises(ReportFileError, match=r"^settlement_may\.xlsx: not a readable"):
        read_grids(broken, "settlement_may.xlsx")


def test_file_digest_is_sha256():
    assert file_digest(SAMPLE) == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
