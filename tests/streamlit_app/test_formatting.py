from datetime import UTC, datetime
from decimal import Decimal

import pytest

from streamlit_app.components.formatting import (
    format_count,
    format_inr,
    format_ist,
    format_rate,
    plain,
)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("0"), "₹0.00"),
        (Decimal("5.5"), "₹5.50"),
        (Decimal("999.99"), "₹999.99"),
        (Decimal("1000"), "₹1,000.00"),
        (Decimal("123456.78"), "₹1,23,456.78"),
        (Decimal("1234567.005"), "₹12,34,567.01"),
        (Decimal("-98765.4"), "-₹98,765.40"),
        (Decimal("100000000"), "₹10,00,00,000.00"),
        (0.1, "₹0.10"),
        (7, "₹7.00"),
        ("250.125", "₹250.13"),
        (None, "—"),
    ],
)
def test_format_inr(amount, expected):
    assert format_inr(amount) == expected


def test_format_inr_whole_rupees():
    assert format_inr(Decimal("123456.50"), paise=False) == "₹1,23,457"


def test_format_inr_rejects_nan():
    with pytest.raises(ValueError, match="finite"):
        format_inr(Decimal("NaN"))


def test_format_count_negative():
    assert format_count(-1234567) == "-12,34,567"


def test_format_rate():
    assert format_rate(Decimal("0.12345")) == "12.3%"


def test_format_ist_converts_from_utc():
    assert format_ist(datetime(2026, 12, 5, 20, 0, tzinfo=UTC)) == "06 Dec 2026, 01:30 IST"


def test_format_ist_rejects_naive():
    with pytest.raises(ValueError, match="no time zone"):
        format_ist(datetime(2026, 12, 5, 20, 0))  # noqa: DTZ001 (naive on purpose)


def test_plain_escapes_inline_markdown():
    typed = "SKU `OD-1` **bold** $x^2$ a_b [link](u) ~~gone~~ no-such-tenant."

    escaped = plain(typed)

    assert escaped == (
        r"SKU \`OD-1\` \*\*bold\*\* \$x^2\$ a\_b \[link\](u) \~\~gone\~\~ no-such-tenant."
    )
