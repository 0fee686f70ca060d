"""Malformed report files: corrupt sheets, odd CSVs, rows inside and after the table."""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from ingestion.reports import ReportFileError, read_orders_report
from ingestion.reports.grid import MAX_CSV_FIELD_CHARS, read_grids
from ingestion.reports.reader import ColumnSpec, ReportSpec, read_report
from ingestion.reports.table import find_table

HEADER = (
    "Ordered On,Shipment ID,ORDER ITEM ID,Order Id,Order State,SKU,Product,Invoice Amount,"
    "Quantity,City,State,PIN Code"
)
ROW = "2025-05-01,S1,{item},OD1,DELIVERED,SKU-A,Tee,{amount},{quantity},Pune,Maharashtra,411001"


def order_row(item, amount="499.00", quantity="1"):
    return ROW.format(item=item, amount=amount, quantity=quantity)


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_orders_xlsx(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Orders"
    sheet.append(HEADER.split(","))
    sheet.append(order_row("OI1").split(","))
    workbook.save(path)
    return path


def test_truncated_sheet_xml_names_file(tmp_path):
    whole = write_orders_xlsx(tmp_path / "whole.xlsx")
    broken = tmp_path / "bad_sheet_xml.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item.filename, data)

    with pytest.raises(ReportFileError, match=r"bad_sheet_xml\.xlsx: sheet 'Orders' is corrupt"):
        read_grids(broken)


def test_csv_long_field_read(tmp_path):
    path = write_csv(tmp_path / "long.csv", HEADER, order_row("OI1").replace("Tee", "x" * 200_000))

    result = read_orders_report(path)

    assert result.rows_loaded == 1
    assert len(result.rows[0].product) == 200_000


def test_csv_field_over_limit_names_file(tmp_path):
    huge = "x" * (MAX_CSV_FIELD_CHARS + 1)
    path = write_csv(tmp_path / "huge_cell.csv", HEADER, order_row("OI1").replace("Tee", huge))

    with pytest.raises(ReportFileError, match=r"huge_cell.csv: line 2 cannot be read as CSV"):
        read_grids(path)


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_csv_other_delimiter_named(tmp_path, delimiter, name):
    lines = [line.replace(",", delimiter) for line in (HEADER, order_row("OI1"))]
    path = write_csv(tmp_path / "export.csv", *lines)

    with pytest.raises(ReportFileError, match=f"separated by {name}, not commas"):
        read_grids(path)


def test_sparse_row_keeps_rows_below(tmp_path):
    path = write_csv(
        tmp_path / "sparse_row.csv",
        HEADER,
        order_row("OI1"),
        ",,OI9,OD9,,,,,,,,",
        order_row("OI2"),
        order_row("OI3"),
    )

    result = read_orders_report(path)

    assert [row.order_item_id for row in result.rows] == ["OI1", "OI9", "OI2", "OI3"]
    assert result.ignored_row_numbers == []


def test_total_label_inside_table_is_data(tmp_path):
    path = write_csv(
        tmp_path / "total_sku.csv",
        HEADER,
        order_row("OI1"),
        order_row("OI2").replace("2025-05-01", "Total-pack"),
        order_row("OI3"),
    )

    result = read_orders_report(path)

    assert [row.order_item_id for row in result.rows] == ["OI1", "OI3"]
    assert [(error.row_number, error.column) for error in result.errors] == [(3, "Ordered On")]


def test_trailing_total_and_notes_ignored(tmp_path):
    path = write_csv(
        tmp_path / "footer.csv",
        HEADER,
        order_row("OI1"),
        ",,,,,,,,,,,",
        "Total,,,,,,,499.00,1,,,",
        "This is a system generated report,,,,,,,,,,,",
    )

    result = read_orders_report(path)

    assert result.rows_read == 1
    assert result.ignored_row_numbers == [4, 5]
    assert result.rows_ignored == 2


def test_table_ignored_row_numbers():
    grid = [
        ["Order Item ID", "SKU", "Amount", "Fee", "Tax", "Zone", "State"],
        ["1", "A", "10", "1", "0", "Local", "KA"],
        ["note", None, None, None, None, None, None],
        ["2", "B", "20", "2", "0", "Local", "KA"],
        ["Total", None, "30", "3", "0", None, None],
    ]

    table = find_table(grid, {"order item id", "sku", "amount"})

    assert table is not None
    assert [number for number, _ in table.rows] == [2, 3, 4]
    assert table.ignored_row_numbers == [5]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1e100000000", "out of range"),
        ("3000000000", "out of range"),
        ("1.5", "whole number"),
    ],
)
def test_bad_quantity_names_cell(tmp_path, cell, reason):
    path = write_csv(
        tmp_path / "qty.csv", HEADER, order_row("OI1", quantity=cell), order_row("OI2")
    )

    result = read_orders_report(path)

    assert [row.order_item_id for row in result.rows] == ["OI2"]
    assert [(error.row_number, error.column) for error in result.errors] == [(2, "Quantity")]
    assert reason in result.errors[0].reason


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1e999999999", "out of range"),
        ("1e20", "more than 15 digits"),
        ("499.1234", "more than 3 decimal places"),
        ("1,5", "thousands separators"),
        ("1 2 3", "spaces"),
        ("50%", "valid only in a rate column"),
    ],
)
def test_bad_amount_names_cell(tmp_path, cell, reason):
    path = write_csv(tmp_path / "amount.csv", HEADER, order_row("OI1", amount=f'"{cell}"'))

    result = read_orders_report(path)

    assert result.rows == []
    assert [(error.row_number, error.column, error.value) for error in result.errors] == [
        (2, "Invoice Amount", cell)
    ]
    assert reason in result.errors[0].reason


def test_excel_float_noise_rounded(tmp_path):
    # Excel writes 98.606 computed by a formula as 98.606000000000009 in the sheet XML.
    clean = tmp_path / "clean.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append([*order_row("OI1").split(",")[:7], 98.606, 1, "Pune", "Maharashtra", "411001"])
    workbook.save(clean)
    noisy = tmp_path / "excel_noise.xlsx"
    with zipfile.ZipFile(clean) as source, zipfile.ZipFile(noisy, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<v>98\.60\d*</v>", b"<v>98.606000000000009</v>", data)
                assert b"98.606000000000009" in data
            target.writestr(item.filename, data)

    result = read_orders_report(noisy)

    assert str(result.rows[0].invoice_amount) == "98.606"


def test_scientific_id_rejected(tmp_path):
    path = write_csv(tmp_path / "sci_id.csv", HEADER, order_row("1.23457E+17"), order_row("OI2"))

    result = read_orders_report(path)

    assert [row.order_item_id for row in result.rows] == ["OI2"]
    assert "lost digits" in result.errors[0].reason


@pytest.mark.parametrize("cell", ["0001-01-01", "01/05/0099"])
def test_date_outside_years_names_cell(tmp_path, cell):
    path = write_csv(tmp_path / "dates.csv", HEADER, order_row("OI1").replace("2025-05-01", cell))

    result = read_orders_report(path)

    assert [(error.column, error.value) for error in result.errors] == [("Ordered On", cell)]
    assert "outside the years 2000-2100" in result.errors[0].reason


@dataclass(frozen=True)
class Line:
    """A row of the test report spec below."""

    item: str
    quantity: int | None


LINES = ReportSpec(
    name="Test report",
    columns=(
        ColumnSpec("item", ("Item",), kind="id", required=True, not_null=True, unique=True),
        ColumnSpec("quantity", ("Quantity",), kind="count", non_negative=True),
    ),
    build=lambda values: Line(**values),
)


def test_negative_count_rejected(tmp_path):
    path = write_csv(tmp_path / "lines.csv", "Item,Quantity", "A,-3", "B,0", "C,2")

    result = read_report(path, LINES)

    assert [line.item for line in result.rows] == ["B", "C"]
    assert [(error.row_number, error.column, error.value) for error in result.errors] == [
        (2, "Quantity", "-3")
    ]
    assert "negative" in result.errors[0].reason


def test_repeated_unique_value_rejected(tmp_path):
    path = write_csv(tmp_path / "lines.csv", "Item,Quantity", "A,1", "B,1", "A,2")

    result = read_report(path, LINES)

    assert [line.item for line in result.rows] == ["A", "B"]
    assert [(error.row_number, error.column) for error in result.errors] == [(4, "Item")]
    assert "repeats row 2" in result.errors[0].reason


def test_unique_after_rejected_row_loads(tmp_path):
    path = write_csv(tmp_path / "lines.csv", "Item,Quantity", "A,-1", "A,1")

    result = read_report(path, LINES)

    assert [line.item for line in result.rows] == ["A"]
    assert [error.row_number for error in result.errors] == [2]


def test_duplicate_header_warned(tmp_path):
    header = HEADER.replace("PIN Code", "Quantity")
    path = write_csv(tmp_path / "dup_header.csv", header, order_row("OI1"))

    result = read_orders_report(path)

    assert result.rows[0].quantity == 1
    assert len(result.warnings) == 1
    assert "'Quantity' (row 1) names columns I, L" in result.warnings[0]


def test_duplicate_header_equal_cells_quiet(tmp_path):
    header = HEADER.replace("PIN Code", "Quantity")
    path = write_csv(tmp_path / "dup_header.csv", header, order_row("OI1").replace("411001", "1"))

    result = read_orders_report(path)

    assert result.warnings == []
