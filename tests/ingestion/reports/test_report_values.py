"""Cell parsers: ids, money, counts and dates as Seller Hub writes them."""

import time
from datetime import date, datetime
from decimal import Decimal

import pytest

from ingestion.reports.dates import parse_date
from ingestion.reports.values import (
    CellValueError,
    parse_count,
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


@pytest.mark.parametrize("raw", ["1e100000000", "1e999999999", "-1e99999", "1E+100"])
def test_parse_decimal_huge_exponent_fast(raw):
    started = time.monotonic()

    with pytest.raises(CellValueError, match=r"out of range|digits before the decimal point"):
        parse_decimal(raw)

    assert time.monotonic() - started < 0.1


@pytest.mark.parametrize("raw", ["1e100000000", "3000000000", "-2147483648", 1e300, 2**40])
def test_parse_count_out_of_range(raw):
    started = time.monotonic()

    with pytest.raises(CellValueError, match="out of range"):
        parse_count(raw)

    assert time.monotonic() - started < 0.1


@pytest.mark.parametrize(("raw", "expected"), [("2147483647", 2**31 - 1), (-0.0, 0), ("1e2", 100)])
def test_parse_count_bounds(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (98.60600000000001, Decimal("98.606")),
        (0.1 + 0.2, Decimal("0.3")),
        ("0.30000000000000004", Decimal("0.3")),
        ("499.1000", Decimal("499.1")),
        ("999999999999999.999", Decimal("999999999999999.999")),
        ("1e2", Decimal(100)),
    ],
)
def test_parse_decimal_rounds_float_noise(raw, expected):
    value = parse_decimal(raw)

    assert value == expected
    assert value.as_tuple().exponent in range(-3, 1)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("499.1234", "more than 3 decimal places"),
        ("123456789012345.6789", "more than 3 decimal places"),
        ("1e-9", "more than 3 decimal places"),
        ("1e20", "more than 15 digits"),
        ("1000000000000000", "more than 15 digits"),
        (1e15, "more than 15 digits"),
    ],
)
def test_parse_decimal_rejects_out_of_column(raw, reason):
    with pytest.raises(CellValueError, match=reason):
        parse_decimal(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("1,234,567", Decimal(1234567)),
        ("1,23,456.00", Decimal("123456.00")),
        ("12,34,567.5", Decimal("1234567.5")),
        ("-1,234", Decimal(-1234)),
        ("₹ 1,252.50", Decimal("1252.50")),
        (".5", Decimal("0.5")),
    ],
)
def test_parse_decimal_thousands_grouping(raw, expected):
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1,5", "thousands separators"),
        ("1,2345", "thousands separators"),
        ("12,34", "thousands separators"),
        ("1_000", "is not a number"),
        ("1 2 3", "spaces"),
        ("1 234.50", "spaces"),
    ],
)
def test_parse_decimal_rejects_loose_text(raw, reason):
    with pytest.raises(CellValueError, match=reason):
        parse_decimal(raw)


def test_parse_decimal_percent_only_when_allowed():
    assert parse_decimal("62.71 %") == Decimal("62.71")
    with pytest.raises(CellValueError, match="valid only in a rate column"):
        parse_decimal("50%", allow_percent=False)


def test_parse_count_rejects_percent():
    with pytest.raises(CellValueError, match="percentage"):
        parse_count("5%")


@pytest.mark.parametrize("raw", ["1.23457E+17", "1.23457e+17", "8.90237E+17", "1E+17"])
def test_parse_id_rejects_scientific_text(raw):
    with pytest.raises(CellValueError, match="lost digits"):
        parse_id(raw)


@pytest.mark.parametrize("raw", ["OD1E+17", "1E5X", "SKU-1.5E+2"])
def test_parse_id_keeps_text_with_e(raw):
    assert parse_id(raw) == raw


@pytest.mark.parametrize(
    "raw",
    ["0001-01-01", "01/05/0099", "2101-01-01", "1999-12-31", datetime(1900, 1, 1)],  # noqa: DTZ001
)
def test_parse_date_rejects_outside_years(raw):
    with pytest.raises(CellValueError, match="outside the years 2000-2100"):
        parse_date(raw)


@pytest.mark.parametrize("raw", ["2000-01-01", "2100-12-31"])
def test_parse_date_accepts_year_bounds(raw):
    assert parse_date(raw) is not None
