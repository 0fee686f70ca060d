"""Invoice and credit-note numbers: one series per seller GSTIN, kind and financial year.

A number such as `INV/2627/000001` is the series prefix, the financial year (April 2026 to
March 2027 is `2627`) and a counter. CGST rule 46 allows at most 16 characters of letters,
digits, `-` and `/`, consecutive and unique within the financial year. The counter itself is a
locked row of the operational store (see `sellerops.services.document_series`).
"""

from __future__ import annotations

import re
from datetime import date

from sellerops.errors import InvalidInputError

TAX_INVOICE = "tax_invoice"
CREDIT_NOTE = "credit_note"

PREFIXES = {TAX_INVOICE: "INV", CREDIT_NOTE: "CN"}
COUNTER_DIGITS = 6
MAX_NUMBER_LENGTH = 16
ALLOWED_CHARACTERS = re.compile(r"[A-Za-z0-9/-]+")

# Month in which the Indian financial year starts (April).
FIRST_MONTH = 4


def financial_year(day: date) -> str:
    """Return the four-digit financial year of `day`, e.g. "2627" for 15 May 2026 or Feb 2027."""
    start = day.year if day.month >= FIRST_MONTH else day.year - 1
    return f"{start % 100:02d}{(start + 1) % 100:02d}"


def format_number(kind: str, year: str, counter: int) -> str:
    """Format the `counter`-th number of a series; raises `InvalidInputError` when too long."""
    prefix = PREFIXES.get(kind)
    if prefix is None:
        raise InvalidInputError(
            f"Document kind {kind!r} has no number series; use one of: {', '.join(PREFIXES)}."
        )
    if counter < 1:
        raise InvalidInputError(f"Series counter {counter} is below 1; counters start at 1.")

    number = f"{prefix}/{year}/{counter:0{COUNTER_DIGITS}d}"
    check_number(number)
    return number


def check_number(number: str) -> None:
    """Raise `InvalidInputError` unless `number` is a valid GST document number."""
    if len(number) > MAX_NUMBER_LENGTH:
        raise InvalidInputError(
            f"Document number {number!r} has {len(number)} characters, more than the "
            f"{MAX_NUMBER_LENGTH} GST allows; the series for this year is exhausted, so start "
            f"a new series prefix."
        )
    if not ALLOWED_CHARACTERS.fullmatch(number):
        raise InvalidInputError(
            f"Document number {number!r} contains characters other than letters, digits, "
            f"'-' and '/'."
        )


def safe_file_name(number: str | None, kind: str, fallback_id: str) -> str:
    """Return a file name for a document: its number with '/' as '-', else kind and id."""
    stem = number.replace("/", "-") if number else f"{kind}-{fallback_id}"
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", stem)
    return f"{stem}.pdf"
