"""Cell parsers: ids, money, counts and dates as Seller Hub writes them."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from ingestion.reports.values import (
    CellValueError,
    parse_count,
    parse_date,
    parse_decimal,
    parse_id,
    parse_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("'890236627415041100", "890236627415041100"),
        ('"SKU:ABC-1"', "ABC-1"),
        ('"""SKU:ABC-1"""', "ABC-1"),
        ("NFT-/XUTR/DEUTH832850E7FRSA ", "NFT-/XUTR/DEUTH832850E7FRSA"),
        (123456, "123456"),
        (560001.0, "560001"),
        ("SKU:plain", "SKU:plain"),
        ("N/A", None),
        (None, None),
    ],
)
def test_parse_id_cases(raw, expected):
    assert parse_id(raw) == expected


def test_parse_id_rejects_float_that_lost_digits():
    with pytest.raises(CellValueError, match="lost digits"):
        parse_id(890236627415041100.0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("252.00", Decimal("252.00")),
        (98.606, Decimal("98.606")),
        (-1389.256, Decimal("-1389.256")),
        ("₹1,252.50", Decimal("1252.50")),
        ("Rs. 10", Decimal("10")),
        ("(12.00)", Decimal("-12.00")),
        ("62.71%", Decimal("62.71")),
        (7, Decimal(7)),
        ("N/A", None),
        ("NA", None),
        ("Not Available", None),
        ("Generation in progress", None),
        ("", None),
    ],
)
def test_parse_decimal_cases(raw, expected):
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1.2.3", float("nan"), True])
def test_parse_decimal_rejects(raw):
    with pytest.raises(CellValueError):
        parse_decimal(raw)


def test_parse_count_accepts_float_units():
    assert parse_count(2.0) == 2


def test_parse_count_rejects_fraction():
    with pytest.raises(CellValueError, match="whole number"):
        parse_count("1.5")


@pytest.mark.parametrize(
    ("raw", "month_first", "expected"),
    [
        ("2025-05-01", False, date(2025, 5, 1)),
        ("2025-05-01 10:22:00", False, date(2025, 5, 1)),
        ("05/08/2025", False, date(2025, 8, 5)),
        ("08/05/25", True, date(2025, 8, 5)),
        ("05 August, 2025", False, date(2025, 8, 5)),
        ("5 Aug 2025", False, date(2025, 8, 5)),
        ("August 05, 2025", False, date(2025, 8, 5)),
        (45658, False, date(2025, 1, 1)),
        ("45658", False, date(2025, 1, 1)),
        # openpyxl returns cell datetimes without a zone.
        (datetime(2025, 5, 1, 9, 30), False, date(2025, 5, 1)),  # noqa: DTZ001
        ("NA", False, None),
    ],
)
def test_parse_date_cases(raw, month_first, expected):
    assert parse_date(raw, month_first=month_first) == expected


@pytest.mark.parametrize("raw", ["31/02/2025", "05 Augtober, 2025", "tomorrow", 12])
def test_parse_date_rejects(raw):
    with pytest.raises(CellValueError):
        parse_date(raw)


def test_parse_text_trims():
    assert parse_text("  Customer Return ") == "Customer Return"
