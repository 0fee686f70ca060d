"""Cell value parsers for Seller Hub report files: ids, text, money and counts.

Each parser takes a raw cell (a CSV string or an openpyxl value), returns the typed value or
None for an empty cell, and raises `CellValueError` with a reason when the cell cannot be read.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

# Text that Seller Hub writes where a value is absent, or not computed yet ("Generation in
# progress" appears in the P&L report's accounted sales until Flipkart finishes its accounting).
MISSING_MARKERS = frozenset(
    {"", "-", "na", "n/a", "not available", "none", "null", "generation in progress"}
)

# A float keeps every digit of an integer only up to 2**53; longer ids have already lost digits.
MAX_EXACT_FLOAT_INT = 2**53

# Amounts land in DECIMAL(18, 3): at most 15 digits before the point and 3 after it.
MAX_AMOUNT_INTEGER_DIGITS = 15
MAX_AMOUNT_DECIMAL_PLACES = 3
AMOUNT_QUANTUM = Decimal(1).scaleb(-MAX_AMOUNT_DECIMAL_PLACES)

# Counts land in INTEGER (32-bit signed).
MAX_COUNT = 2**31 - 1

# A double represents any 15 significant decimal digits exactly, so digits beyond are binary
# noise, as in Excel's 98.606000000000009 for 98.606.
FLOAT_SIGNIFICANT_DIGITS = 15

# Exponents beyond this size are out of range for every column, and are rejected before the
# text is converted, because Decimal and int conversions of 1e100000000 take minutes.
MAX_EXPONENT_DIGITS = 2

# A number as text: an optional sign, digits either plain or grouped in thousands (Western
# 1,234,567.50 or Indian 12,34,567.50), an optional fraction and an optional exponent.
NUMBER_TEXT = re.compile(
    r"^(?P<sign>[+-]?)(?=\.?\d)"
    r"(?P<integer>\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d*)"
    r"(?P<fraction>\.\d+)?"
    r"(?:[eE](?P<exponent>[+-]?\d+))?$"
)
INNER_SPACE = re.compile(r"\s")

# Excel shows a long number in a text export as 1.23457E+17, which keeps only 6 digits.
SCIENTIFIC_ID = re.compile(r"^\d(?:\.\d+)?E[+-]\d{1,3}$", re.IGNORECASE)
LOST_DIGITS_MESSAGE = (
    "the id is stored as a number and has lost digits; "
    "export the report as CSV or format the column as text"
)

ID_LABEL_PREFIX = re.compile(r"^(?:SKU|FSN|ORDER ITEM ID|ORDER ID)\s*:\s*", re.IGNORECASE)
MONEY_NOISE = re.compile(r"(?:₹|\bINR\b|\bRs\.?)", re.IGNORECASE)


class CellValueError(ValueError):
    """A cell whose content cannot be read as the column's type; the message is the reason."""


def is_missing(raw: object) -> bool:
    """Return whether a raw cell is empty or one of Seller Hub's 'no value' markers."""
    if raw is None:
        return True
    return isinstance(raw, str) and raw.strip().lower() in MISSING_MARKERS


def parse_text(raw: object) -> str | None:
    """Parse free text: trimmed, with internal runs of whitespace kept as they are."""
    if is_missing(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def parse_id(raw: object) -> str | None:
    """Parse an id as exact text, without a leading apostrophe or a `"SKU:…"` style wrapper."""
    if is_missing(raw):
        return None

    if isinstance(raw, bool):
        raise CellValueError(f"expected an id, found the boolean {raw}")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not raw.is_integer() or abs(raw) >= MAX_EXACT_FLOAT_INT:
            raise CellValueError(LOST_DIGITS_MESSAGE)
        return str(int(raw))

    text = str(raw).strip().lstrip("'").strip()
    if SCIENTIFIC_ID.match(text):
        raise CellValueError(LOST_DIGITS_MESSAGE)
    unwrapped = text.strip('"').strip()
    if unwrapped != text:
        unwrapped = ID_LABEL_PREFIX.sub("", unwrapped).strip()
    if not unwrapped:
        return None
    return unwrapped


def parse_decimal(raw: object, *, allow_percent: bool = True) -> Decimal | None:
    """Parse an amount or rate as Decimal, from a number or from text such as `"1,252.00"`.

    The value must fit DECIMAL(18, 3). Floats are rounded to 15 significant digits first, and
    a trailing `%` is accepted only when `allow_percent` is set.
    """
    value = _to_decimal(raw, allow_percent=allow_percent)
    if value is None:
        return None

    if value and value.adjusted() >= MAX_AMOUNT_INTEGER_DIGITS:
        raise CellValueError(
            f"{raw!r} has more than {MAX_AMOUNT_INTEGER_DIGITS} digits before the decimal "
            f"point, which no report amount has; check the cell"
        )
    value = _without_float_noise(value)

    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < -MAX_AMOUNT_DECIMAL_PLACES:
        rounded = value.quantize(AMOUNT_QUANTUM)
        if rounded != value:
            raise CellValueError(
                f"{raw!r} has more than {MAX_AMOUNT_DECIMAL_PLACES} decimal places; "
                f"round the cell to {MAX_AMOUNT_DECIMAL_PLACES} places"
            )
        return rounded

    # Decimal("1E+2") would reach the warehouse in exponent form, so write it as 100.
    return value.quantize(Decimal(1)) if exponent > 0 else value


def parse_count(raw: object) -> int | None:
    """Parse a unit count: a whole number within INTEGER range, possibly stored as `2.0`."""
    value = _to_decimal(raw, allow_percent=False)
    if value is None:
        return None

    if value and value.adjusted() >= len(str(MAX_COUNT)):
        raise CellValueError(f"{raw!r} is out of range for a unit count (at most {MAX_COUNT:,})")
    if value != value.to_integral_value():
        raise CellValueError(f"{raw!r} is not a whole number of units")
    count = int(value)
    if abs(count) > MAX_COUNT:
        raise CellValueError(f"{raw!r} is out of range for a unit count (at most {MAX_COUNT:,})")
    return count


def _without_float_noise(value: Decimal) -> Decimal:
    """Round a value with more than 15 significant digits to 15, when that keeps 3 places.

    Such values are binary floats written out in full, as 98.60600000000001 or Excel's
    0.30000000000000004. A longer value with fewer places, as 123456789012345.6789, keeps
    its digits and fails the decimal-places check instead of being rounded silently.
    """
    exponent = value.adjusted() - FLOAT_SIGNIFICANT_DIGITS + 1
    if (
        len(value.as_tuple().digits) <= FLOAT_SIGNIFICANT_DIGITS
        or exponent > -MAX_AMOUNT_DECIMAL_PLACES
    ):
        return value
    return value.quantize(Decimal(1).scaleb(exponent))


def _to_decimal(raw: object, *, allow_percent: bool) -> Decimal | None:
    """Convert a number cell to Decimal, rejecting text that is not a plain number."""
    if is_missing(raw):
        return None

    if isinstance(raw, bool):
        raise CellValueError(f"expected a number, found the boolean {raw}")
    if isinstance(raw, int):
        if raw.bit_length() > 64:
            raise CellValueError(f"{raw!r} is out of range for a report number")
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise CellValueError(f"{raw!r} is not a finite number")
        # repr is the shortest text that reads back as the same float: at most 17 digits.
        return Decimal(repr(raw))
    if not isinstance(raw, str):
        raise CellValueError(f"expected a number, found {type(raw).__name__} {raw!r}")

    return _decimal_from_text(raw, allow_percent=allow_percent)


def _decimal_from_text(raw: str, *, allow_percent: bool) -> Decimal:
    text = MONEY_NOISE.sub("", raw).strip()

    if text.endswith("%"):
        if not allow_percent:
            raise CellValueError(
                f"{raw!r} is a percentage, which is valid only in a rate column; "
                f"enter the amount without %"
            )
        text = text[:-1].rstrip()

    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()

    match = NUMBER_TEXT.match(text)
    if match is None:
        raise CellValueError(_not_a_number_reason(raw, text))

    exponent = match["exponent"]
    if exponent is not None and len(exponent.lstrip("+-").lstrip("0")) > MAX_EXPONENT_DIGITS:
        raise CellValueError(f"{raw!r} is out of range for a report number")

    value = Decimal(text.replace(",", ""))
    return -value if negative else value


def _not_a_number_reason(raw: str, text: str) -> str:
    """Say why text is not a number, naming stray spaces or commas when they are the cause."""
    if not NUMBER_TEXT.match(INNER_SPACE.sub("", text).replace(",", "")):
        return f"{raw!r} is not a number"
    if INNER_SPACE.search(text):
        return f"{raw!r} is not a number because it contains spaces between digits"
    return (
        f"{raw!r} is not a number; commas are valid only as thousands separators, "
        f"as in 1,234.50 or 1,23,456.00"
    )
