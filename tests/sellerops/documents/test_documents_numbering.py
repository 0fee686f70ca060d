"""Document numbers: financial years, series format and the GST length limit."""

from datetime import date

import pytest

from sellerops.documents.numbering import (
    check_number,
    financial_year,
    format_number,
    safe_file_name,
)
from sellerops.errors import InvalidInputError


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 3, 31), "2526"),
        (date(2026, 4, 1), "2627"),
        (date(2027, 3, 31), "2627"),
        (date(2099, 12, 31), "9900"),
    ],
)
def test_financial_year(day, year):
    assert financial_year(day) == year


def test_invoice_number_format():
    assert format_number("tax_invoice", "2627", 1) == "INV/2627/000001"


def test_credit_note_number_format():
    assert format_number("credit_note", "2627", 42) == "CN/2627/000042"


def test_longest_number_fits():
    number = format_number("tax_invoice", "2627", 9_999_999)
    assert number == "INV/2627/9999999"
    assert len(number) == 16


def test_number_too_long_rejected():
    with pytest.raises(InvalidInputError) as caught:
        format_number("tax_invoice", "2627", 10_000_000)
    assert "more than the 16 GST allows" in str(caught.value)


def test_unknown_kind_rejected():
    with pytest.raises(InvalidInputError):
        format_number("packing_slip", "2627", 1)


def test_invalid_characters_rejected():
    with pytest.raises(InvalidInputError):
        check_number("INV 2627#1")


def test_safe_file_name():
    assert safe_file_name("INV/2627/000001", "tax_invoice", "x") == "INV-2627-000001.pdf"
    assert safe_file_name(None, "packing_slip", "abc") == "packing_slip-abc.pdf"
