"""Request bodies, input models and record repr: exact numbers, checked ranges, hidden extras."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from ingestion.client import (
    CancelRequest,
    DateRange,
    Environment,
    ShipmentDetails,
    ShipmentFilter,
    TaxItem,
)
from ingestion.client.wire_json import encode_json, significant_digits


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("18.000000000000000001"), b"18.000000000000000001"),
        (Decimal("12345678901234567.5"), b"12345678901234567.5"),
        (Decimal("452.50"), b"452.50"),
        (Decimal("18.00"), b"18"),
        (Decimal("1E+2"), b"100"),
        (Decimal("-0.5"), b"-0.5"),
        (0.25, b"0.25"),
        (7, b"7"),
    ],
)
def test_number_sent_exactly(value: object, text: bytes) -> None:
    assert encode_json({"v": value}) == b'{"v":' + text + b"}"


def test_body_matches_json_dumps() -> None:
    body = {"a": [1, "x\u00e9\n", None, True, False], "b": {"c": 2.5}}

    assert encode_json(body) == json.dumps(body, separators=(",", ":")).encode()


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("Infinity"), float("nan"), float("-inf")]
)
def test_non_finite_number_names_field(value: object) -> None:
    body = {"shipments": [{"taxItems": [{"purchasePrice": value}]}]}

    with pytest.raises(ValueError, match=r"shipments\[0\]\.taxItems\[0\]\.purchasePrice"):
        encode_json(body)


def test_unknown_type_rejected() -> None:
    with pytest.raises(TypeError, match="set"):
        encode_json({"ids": {"a"}})


@pytest.mark.parametrize(("number", "digits"), [("-0.001230", 3), ("1.5e10", 2), ("100", 1)])
def test_significant_digits(number: str, digits: int) -> None:
    assert significant_digits(number) == digits


def test_personal_extras_hidden_from_repr() -> None:
    details = ShipmentDetails.model_validate(
        {
            "shipmentId": "S1",
            "deliveryAddress": {
                "city": "Bengaluru",
                "alternateContactNumber": "9000000001",
                "email": "buyer@example.test",
                "newAddressField": "Flat 4",
            },
            "buyerDetails": {"firstName": "Priya", "email": "priya@example.test"},
            "email": "top@example.test",
            "newTopField": "kept",
        }
    )

    text = repr(details)
    for value in ("9000000001", "buyer@example.test", "Flat 4", "priya@example.test"):
        assert value not in text
    assert "top@example.test" not in text
    assert "Bengaluru" in text
    assert "newTopField" in text


def test_extras_still_kept() -> None:
    details = ShipmentDetails.model_validate(
        {"shipmentId": "S1", "deliveryAddress": {"email": "buyer@example.test"}}
    )

    assert details.delivery_address.model_extra == {"email": "buyer@example.test"}


START = datetime(2026, 1, 10, tzinfo=UTC)
END = datetime(2026, 1, 1, tzinfo=UTC)


def test_reversed_range_rejected() -> None:
    with pytest.raises(ValidationError, match="is after end"):
        DateRange(start=START, end=END)


def test_naive_range_rejected() -> None:
    with pytest.raises(ValidationError, match="no time zone"):
        DateRange(start=datetime(2026, 1, 1))  # noqa: DTZ001 (the naive value under test)


@pytest.mark.parametrize("size", [0, 101, 10_000])
def test_page_size_bounded(size: int) -> None:
    with pytest.raises(ValidationError, match="page_size"):
        ShipmentFilter(type="preDispatch", page_size=size)


def test_negative_purchase_price_rejected() -> None:
    with pytest.raises(ValidationError, match="purchase_price"):
        TaxItem(order_item_id="1", tax_rate=Decimal(18), purchase_price=Decimal("-1"))


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999", "http://127.0.0.1:0", "http://h:x"])
def test_local_port_out_of_range(url: str) -> None:
    with pytest.raises(ValueError, match="port must be a number from 1 to 65535"):
        Environment.local(url)


def test_local_url_without_port_accepted() -> None:
    assert Environment.local("http://sandbox.test").host == "http://sandbox.test"


def test_cancel_needs_location() -> None:
    with pytest.raises(ValidationError, match="location_id"):
        CancelRequest(
            shipment_id="S1", location_id="", cancellation_group_ids=["g"], reason="b2b_order"
        )
