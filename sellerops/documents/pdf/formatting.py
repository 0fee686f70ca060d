"""Printed forms of money, dates and tax rates on documents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

INDIA = ZoneInfo("Asia/Kolkata")
PAISE = Decimal("0.01")


def indian_grouping(digits: str) -> str:
    """Group an integer string the Indian way: 12,34,567 (the last three, then pairs)."""
    if len(digits) <= 3:
        return digits
    head, last_three = digits[:-3], digits[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *pairs, last_three])


def whole_number(value: int) -> str:
    """Format a whole number with Indian grouping: 12,34,567; negatives keep their sign."""
    sign = "-" if value < 0 else ""
    return sign + indian_grouping(str(abs(value)))


def amount(value: Decimal) -> str:
    """Format rupees with paise and Indian grouping: 1,23,456.78; negatives keep their sign."""
    quantized = value.quantize(PAISE, rounding=ROUND_HALF_UP)
    sign = "-" if quantized < 0 else ""
    rupees, paise = f"{abs(quantized):.2f}".split(".")
    return f"{sign}{indian_grouping(rupees)}.{paise}"


def rupees(value: Decimal) -> str:
    """Format an amount with the rupee sign: ₹ 1,23,456.78."""
    return f"₹ {amount(value)}"


def signed_rupees(value: Decimal) -> str:
    """Format a round-off with an explicit sign: + ₹ 0.40, - ₹ 0.35, ₹ 0.00."""
    if value > 0:
        return f"+ {rupees(value)}"
    if value < 0:
        return f"- {rupees(-value)}"
    return rupees(value)


def rate(value: Decimal) -> str:
    """Format a percent rate without trailing zeros: 2.5%, 9%, 0%."""
    text = f"{value.normalize():f}"
    return f"{text}%"


def day(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def local_time(value: datetime) -> str:
    """Format an aware timestamp in India time; a naive one is rejected."""
    if value.tzinfo is None:
        raise ValueError(f"Timestamp {value.isoformat()} has no time zone; pass an aware UTC time.")
    return value.astimezone(INDIA).strftime("%d-%m-%Y %H:%M IST")
