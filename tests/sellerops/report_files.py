"""Report files for the import tests: the real Seller Hub samples and edited copies of them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "seller_hub"
PNL_SAMPLE = SAMPLES / "pnl_report_2025-05.xlsx"
SETTLEMENT_SAMPLE = SAMPLES / "settlement_report_excerpt.csv"

# Spreadsheet row of the settlement sample's second data row, and its bank settlement column.
SETTLEMENT_SECOND_ROW = 11
BANK_VALUE_COLUMN = 3


def settlement_rows() -> list[list[str]]:
    """Return the settlement sample as CSV rows of text."""
    text = SETTLEMENT_SAMPLE.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    """Write rows as a CSV file and return its path."""
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def settlement_with_bad_row(path: Path) -> Path:
    """Write the settlement sample with the second row's bank settlement value unreadable."""
    rows = settlement_rows()
    rows[SETTLEMENT_SECOND_ROW - 1][BANK_VALUE_COLUMN] = "twelve rupees"
    return write_csv(path, rows)


def settlement_without_neft_id(path: Path) -> Path:
    """Write the settlement sample with its `NEFT ID` header cell blanked out."""
    rows = settlement_rows()
    for row in rows:
        if row and row[0].strip() == "NEFT ID":
            row[0] = ""
    return write_csv(path, rows)


def returns_csv(path: Path, return_id: str = "R-1") -> Path:
    """Write a small returns report with one return."""
    rows = [
        [
            "Return ID",
            "Order Item ID",
            "Order ID",
            "SKU",
            "Quantity",
            "Return Type",
            "Return Requested Date",
        ],
        [return_id, "OI-1", "OD-1", "SKU-1", "1", "courier_return", "2025-05-03"],
    ]
    return write_csv(path, rows)
