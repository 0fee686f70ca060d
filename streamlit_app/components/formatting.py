"""Display formats of the dashboard: rupees in Indian digit grouping, counts, rates, IST times."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sellerops.documents.pdf.formatting import indian_grouping, whole_number

DISPLAY_ZONE = ZoneInfo("Asia/Kolkata")
PAISE = Decimal("0.01")
MISSING = "—"


def format_inr(amount: Decimal | int | float | str | None, *, paise: bool = True) -> str:
    """Format rupees as `₹1,23,456.78` or `-₹1,23,456.78`, and None as a dash.

    Amounts are rounded half up to paise, or to whole rupees when `paise` is False. A float is
    converted through its shortest text form, so 0.1 stays 0.10.
    """
    if amount is None:
        return MISSING
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    if not value.is_finite():
        raise ValueError(f"Cannot format {amount!r} as rupees; pass a finite amount.")

    rounded = value.quantize(PAISE if paise else Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = f"{sign}₹{indian_grouping(whole)}"
    return f"{text}.{fraction}" if paise else text


def format_count(count: int | None) -> str:
    """Format a whole number with Indian digit grouping (1,23,456), and None as a dash."""
    if count is None:
        return MISSING
    return whole_number(int(count))


def format_rate(rate: Decimal | float | None) -> str:
    """Format a fraction (0.1234) as a percentage with one decimal (12.3%)."""
    if rate is None:
        return MISSING
    percent = (Decimal(str(rate)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{percent}%"


def to_ist(moment: datetime) -> datetime:
    """Return an aware `moment` in Asia/Kolkata, or raise ValueError for a naive datetime."""
    if moment.tzinfo is None:
        raise ValueError(
            f"Timestamp {moment.isoformat()} has no time zone; store timestamps as aware UTC."
        )
    return moment.astimezone(DISPLAY_ZONE)


def format_ist(moment: datetime | None) -> str:
    """Format an aware timestamp as `05 Dec 2026, 14:30 IST`, and None as a dash."""
    if moment is None:
        return MISSING
    return to_ist(moment).strftime("%d %b %Y, %H:%M IST")


def format_day(day: date | None) -> str:
    """Format a calendar day as `05 Dec 2026`, and None as a dash."""
    return MISSING if day is None else day.strftime("%d %b %Y")


# Characters Streamlit's Markdown reads as formatting inside a line: emphasis, strikethrough,
# code, links and maths. Streamlit already shows HTML as text.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]~$])")


def plain(text: object) -> str:
    """Return `text` with Markdown's special characters escaped, so Streamlit shows it as typed.

    Error messages quote what the user entered; without this, a backtick or `**` in a SKU
    would change how the message reads.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
