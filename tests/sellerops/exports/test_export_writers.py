"""The CSV and PDF writers of exports, and the export request checks."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import polars as pl
import pytest
from pypdf import PdfReader

from sellerops.errors import InvalidInputError
from sellerops.exports import ExportRequest, PdfReport, write_csv, write_pdf
from sellerops.exports.pdf_writer import MAX_TABLE_ROWS, chart_bars, format_cell

REPORT = PdfReport(
    title="Profit by SKU",
    subtitle="Shop, all seller accounts, 01-05-2025 to 31-05-2025",
    generated_at=datetime(2025, 6, 1, 6, 30, tzinfo=UTC),
    totals=("units_sold", "net_profit"),
    chart_label="sku",
    chart_value="net_profit",
)


def profit_frame(rows: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "sku": [f"SKU-{number:04d}" for number in range(rows)],
            "units_sold": list(range(rows)),
            "net_profit": [Decimal(f"{number * 1000 - 2500}.50") for number in range(rows)],
        },
        schema={"sku": pl.String, "units_sold": pl.Int64, "net_profit": pl.Decimal(18, 2)},
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_csv_guards_formulas():
    frame = pl.DataFrame(
        {"sku": ["=HYPERLINK(1)", "+1", "-2", "@x", "plain"], "units": [1, -2, 3, 4, 5]}
    )

    lines = write_csv(frame).decode().splitlines()

    assert lines[0] == "sku,units"
    assert lines[1] == "'=HYPERLINK(1),1"
    assert lines[2] == "'+1,-2"
    assert lines[3] == "'-2,3"
    assert lines[4] == "'@x,4"
    assert lines[5] == "plain,5"


def test_csv_keeps_money_exact():
    frame = pl.DataFrame(
        {"net_profit": [Decimal("1234567.85"), Decimal("-0.01")]},
        schema={"net_profit": pl.Decimal(18, 2)},
    )
    assert write_csv(frame).decode().splitlines() == ["net_profit", "1234567.85", "-0.01"]


def test_pdf_has_totals_and_indian_grouping():
    content = write_pdf(profit_frame(3), REPORT)

    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Profit by SKU" in text
    # The rows' net profit is -2,500.50, -1,500.50 and -500.50.
    assert "₹ -4,501.50" in text
    assert "-2,500.50" in text
    assert "01-06-2025 12:00 IST" in text


def test_pdf_lakh_grouping():
    frame = pl.DataFrame(
        {"sku": ["A"], "units_sold": [1], "net_profit": [Decimal("1234567.80")]},
        schema={"sku": pl.String, "units_sold": pl.Int64, "net_profit": pl.Decimal(18, 2)},
    )
    assert "₹ 12,34,567.80" in pdf_text(write_pdf(frame, REPORT))


def test_pdf_table_cut_at_limit():
    frame = profit_frame(MAX_TABLE_ROWS + 20)

    text = pdf_text(write_pdf(frame, REPORT))

    assert f"first {MAX_TABLE_ROWS} of {MAX_TABLE_ROWS + 20:,} rows" in text
    assert f"SKU-{MAX_TABLE_ROWS - 1:04d}" in text
    assert f"SKU-{MAX_TABLE_ROWS:04d}" not in text


def test_pdf_empty_period():
    text = pdf_text(write_pdf(profit_frame(0), REPORT))
    assert "No rows in this period." in text


def test_chart_bars_largest_first():
    frame = pl.DataFrame(
        {"reason": ["damaged", "late", "damaged", None], "loss": [10.0, -50.0, 5.0, 1.0]}
    )
    assert chart_bars(frame, "reason", "loss") == [
        ("late", Decimal("-50.0")),
        ("damaged", Decimal("15.0")),
        ("(none)", Decimal("1.0")),
    ]


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("1234567.5"), "12,34,567.50"),
        (1234567, "12,34,567"),
        (-1500, "-1,500"),
        (date(2025, 5, 31), "31-05-2025"),
        (datetime(2025, 5, 31, 20, 0, tzinfo=UTC), "01-06-2025 01:30"),
        (True, "yes"),
        (None, ""),
    ],
)
def test_cell_formats(value, printed):
    assert format_cell(value) == printed


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"kind": "taxes"}, "Unknown export 'taxes'"),
        ({"format": "xlsx"}, "Unknown export format 'xlsx'"),
        ({"start": date(2025, 6, 1)}, "swap the dates"),
    ],
)
def test_request_checked(kwargs, problem):
    values = {"kind": "sales", "start": date(2025, 5, 1), "end": date(2025, 5, 31)} | kwargs
    with pytest.raises(InvalidInputError, match=problem):
        ExportRequest(**values)


def test_request_file_stem():
    request = ExportRequest("gst_summary", date(2025, 5, 1), date(2025, 5, 31))
    assert request.file_stem == "gst_summary_2025-05-01_2025-05-31"
