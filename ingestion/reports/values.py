"""Cell value parsers for Seller Hub report files: ids, text, money, counts and dates.

Each parser takes a raw cell (a CSV string or an openpyxl value), returns the typed value or
None for an empty cell, and raises `CellValueError` with a reason when the cell cannot be read.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

# Text that Seller Hub writes where a value is absent, or not computed yet ("Generation in
# progress" stands in the P&L report's accounted sales until Flipkart finishes its accounting).
MISSING_MARKERS = frozenset(
    {"", "-", "na", "n/a", "not available", "none", "null", "generation in progress"}
)

# Excel stores dates as days since 1899-12-30 (the 1900 leap-year bug is folded into the epoch).
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (20_000, 80_000)

# A float keeps every digit of an integer only up to 2**53; longer ids have already lost digits.
MAX_EXACT_FLOAT_INT = 2**53

ID_LABEL_PREFIX = re.compile(r"^(?:SKU|FSN|ORDER ITEM ID|ORDER ID)\s*:\s*", re.IGNORECASE)
MONEY_NOISE = re.compile(r"(?:₹|\bINR\b|\bRs\.?)", re.IGNORECASE)
DAY_MONTH_NAME = re.compile(r"^(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})$")
MONTH_NAME_DAY = re.compile(r"^([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})$")
SLASH_DATE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


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
            raise CellValueError(
                "the id is stored as a number and has lost digits; "
                "export the report as CSV or format the column as text"
            )
        return str(int(raw))

    text = str(raw).strip().lstrip("'").strip()
    unwrapped = text.strip('"').strip()
    if unwrapped != text:
        unwrapped = ID_LABEL_PREFIX.sub("", unwrapped).strip()
    if not unwrapped:
        return None
    return unwrapped


def parse_decimal(raw: object) -> Decimal | None:
    """Parse an amount or rate as Decimal, from a number or from text such as `"1,252.00"`."""
    if is_missing(raw):
        return None

    if isinstance(raw, bool):
        raise CellValueError(f"expected a number, found the boolean {raw}")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise CellValueError(f"{raw!r} is not a finite number")
        # repr gives the shortest text that round-trips, so 98.606 stays 98.606.
        return Decimal(repr(raw))
    if not isinstance(raw, str):
        raise CellValueError(f"expected a number, found {type(raw).__name__} {raw!r}")

    text = MONEY_NOISE.sub("", raw).replace(",", "").replace(" ", "").rstrip("%")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellValueError(f"{raw!r} is not a number") from None
    if not value.is_finite():
        raise CellValueError(f"{raw!r} is not a finite number")
    return -value if negative else value


def parse_count(raw: object) -> int | None:
    """Parse a unit count: a whole number, possibly stored as `2.0` or `"2"`."""
    value = parse_decimal(raw)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise CellValueError(f"{raw!r} is not a whole number of units")
    return int(value)


def parse_date(raw: object, *, month_first: bool = False) -> date | None:
    """Parse a date in a format Seller Hub uses.

    Accepted: datetimes and dates from XLSX, Excel serial numbers, ISO `2025-05-01` (a time
    part is dropped), `dd/mm/yyyy` (or `mm/dd/yy` when `month_first`), `05 August, 2025` and
    `August 05, 2025`.
    """
    if is_missing(raw):
        return None

    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _date_from_serial(raw)
    if not isinstance(raw, str):
        raise CellValueError(f"expected a date, found {type(raw).__name__} {raw!r}")

    text = raw.strip()
    try:
        return _date_from_text(text, month_first=month_first)
    except ValueError as error:
        raise CellValueError(f"{raw!r} is not a valid date ({error})") from None


def _date_from_serial(serial: float) -> date:
    low, high = EXCEL_SERIAL_RANGE
    if not low <= serial <= high:
        raise CellValueError(f"{serial!r} is outside the Excel date serials {low}..{high}")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _date_from_text(text: str, *, month_first: bool) -> date:
    if match := ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)

    if match := SLASH_DATE.match(text):
        first, second, year_text = match.groups()
        year = int(year_text) + 2000 if len(year_text) == 2 else int(year_text)
        month, day = (int(first), int(second)) if month_first else (int(second), int(first))
        return date(year, month, day)

    if match := DAY_MONTH_NAME.match(text):
        day, month_name, year = match.groups()
        return date(int(year), _month_number(month_name), int(day))

    if match := MONTH_NAME_DAY.match(text):
        month_name, day, year = match.groups()
        return date(int(year), _month_number(month_name), int(day))

    if text.replace(".", "", 1).isdigit():
        return _date_from_serial(float(text))

    raise ValueError("expected yyyy-mm-dd, dd/mm/yyyy, mm/dd/yy or '05 August, 2025'")


def _month_number(name: str) -> int:
    number = MONTH_NAMES.get(name.lower())
    if number is None:
        raise ValueError(f"unknown month name {name!r}")
    return number
