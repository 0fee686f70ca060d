"""Date cell parser for Seller Hub report files."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ingestion.reports.values import CellValueError, is_missing

# Excel stores dates as days since 1899-12-30 (the 1900 leap-year bug is folded into the epoch).
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (20_000, 80_000)

# Report dates outside these years are typing or conversion errors.
MIN_REPORT_YEAR = 2000
MAX_REPORT_YEAR = 2100

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


def parse_date(raw: object, *, month_first: bool = False) -> date | None:
    """Parse a date in a format Seller Hub uses.

    Accepted: datetimes and dates from XLSX, Excel serial numbers, ISO `2025-05-01` (a time
    part is dropped), `dd/mm/yyyy` (or `mm/dd/yy` when `month_first`), `05 August, 2025` and
    `August 05, 2025`.
    """
    if is_missing(raw):
        return None

    value = _to_date(raw, month_first=month_first)
    if not MIN_REPORT_YEAR <= value.year <= MAX_REPORT_YEAR:
        raise CellValueError(
            f"{raw!r} is outside the years {MIN_REPORT_YEAR}-{MAX_REPORT_YEAR}; "
            f"check the date in the cell"
        )
    return value


def _to_date(raw: object, *, month_first: bool) -> date:
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
