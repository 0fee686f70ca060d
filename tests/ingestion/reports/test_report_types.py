"""Report type detection from headers, and reading a file as a given type."""

from pathlib import Path

import pytest

from ingestion.reports.grid import read_grids
from ingestion.reports.report_types import (
    REPORT_TYPES,
    UnknownReportTypeError,
    detect_report_type,
    read_typed_report,
)

SAMPLES = Path(__file__).parents[2] / "data" / "seller_hub"

ORDERS_HEADER = ["Ordered On", "Shipment ID", "ORDER ITEM ID", "Order Id", "SKU", "Quantity"]
RETURNS_HEADER = ["Return ID", "Order Item ID", "Order ID", "Return Type", "Return Requested On"]


def grid(header, *rows):
    return {"sheet": [list(header), *[list(row) for row in rows]]}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("pnl_report_2025-05.xlsx", "pnl"), ("settlement_report_excerpt.csv", "settlement")],
)
def test_detect_samples(name, expected):
    path = SAMPLES / name
    assert detect_report_type(path.name, read_grids(path)) == expected


def test_detect_orders_header():
    grids = grid(ORDERS_HEADER, ["2025-05-01", "S1", "OI1", "OD1", "SKU1", "1"])
    assert detect_report_type("orders.csv", grids) == "orders"


def test_detect_returns_header():
    grids = grid(RETURNS_HEADER, ["R1", "OI1", "OD1", "courier_return", "2025-05-03"])
    assert detect_report_type("returns.csv", grids) == "returns"


def test_detect_unknown_names_types():
    with pytest.raises(UnknownReportTypeError) as raised:
        detect_report_type("notes.csv", grid(["Name", "Phone"], ["a", "1"]))

    assert str(raised.value).startswith("notes.csv: no header row")
    assert ", ".join(REPORT_TYPES) in str(raised.value)


def test_read_row_numbers_skip_rejected():
    grids = grid([*RETURNS_HEADER, "Quantity"], ["R1", "OI1", "OD1", "rto", "2025-05-03", "1"])
    grids["sheet"].append(["R2", "OI2", "OD2", "rto", "2025-05-03", "many"])
    grids["sheet"].append(["R3", "OI3", "OD3", "rto", "2025-05-03", "2"])

    parsed = read_typed_report(Path("returns.csv"), "returns", grids)

    assert parsed.result.rejected_row_numbers == [3]
    assert parsed.row_numbers == (2, 4)
    assert [row.return_id for row in parsed.result.rows] == ["R1", "R3"]


def test_read_pnl_has_summary():
    path = SAMPLES / "pnl_report_2025-05.xlsx"

    parsed = read_typed_report(path, "pnl", read_grids(path))

    assert parsed.summary is not None
    assert parsed.summary.gross_units == 1517
    assert len(parsed.row_numbers) == 972
