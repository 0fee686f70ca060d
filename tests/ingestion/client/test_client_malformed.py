"""Malformed 2xx and error bodies raise InvalidResponseError or a status error, nothing else."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

import httpx
import pytest
from client_fakes import make_client

from ingestion.client import (
    BadRequestError,
    CancelRequest,
    FlipkartError,
    InvalidResponseError,
    InventoryUpdate,
    InvoiceDetails,
    LocationStock,
    PackRequest,
    RetryBudgetExhausted,
    ServerError,
    TaxItem,
)

PACK = PackRequest(
    shipment_id="S0",
    location_id="L1",
    tax_items=[TaxItem(order_item_id="1", tax_rate=Decimal("18"))],
    invoices=[InvoiceDetails(order_id="OD1", invoice_date=date(2026, 1, 31))],
)
CANCEL = CancelRequest(
    shipment_id="S0", location_id="L1", cancellation_group_ids=["g"], reason="b2b_order"
)
STOCK = InventoryUpdate(product_id="FSN1", locations=[LocationStock(id="L1", inventory=1)])

ACTIONS = {
    "labels": lambda client: client.shipments.generate_labels([PACK]),
    "dispatch": lambda client: client.shipments.mark_ready_to_dispatch(["S0"], "L1"),
    "cancel": lambda client: client.shipments.cancel([CANCEL]),
}


def answering(body: bytes | dict | list, status: int = 200):
    def handle(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(
                status, content=body, headers={"Content-Type": "application/json"}
            )
        return httpx.Response(status, json=body)

    return handle


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(
    "body",
    [{"shipments": [{"shipmentId": "S0"}]}, {"shipments": ["S0"]}, {"shipments": "S0"}],
)
def test_action_result_unreadable(action: str, body: dict) -> None:
    client, _ = make_client(answering(body))

    with pytest.raises(InvalidResponseError, match="may have run"):
        ACTIONS[action](client)


def test_listing_write_errors_not_list() -> None:
    client, _ = make_client(answering({"SKU-1": {"status": "FAILURE", "errors": "oops"}}))

    with pytest.raises(InvalidResponseError, match="SKU 'SKU-1'"):
        client.listings.update_inventory({"SKU-1": STOCK})


@pytest.mark.parametrize(
    ("body", "call"),
    [
        ({"available": []}, lambda client: client.listings.get(["SKU-1"])),
        (b"", lambda client: client.listings.get(["SKU-1"])),
        ({"listings": [1, 2], "has_more": False}, lambda client: list(client.listings.search())),
        ({"counts": [5]}, lambda client: client.shipments.handover_counts("L1")),
    ],
)
def test_unexpected_shape_is_invalid_response(body, call) -> None:
    client, _ = make_client(answering(body))

    with pytest.raises(InvalidResponseError):
        call(client)


def nested(depth: int) -> bytes:
    return b'{"errors":' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize(("status", "error"), [(400, BadRequestError), (500, ServerError)])
def test_deeply_nested_error_body(status: int, error: type[FlipkartError]) -> None:
    client, _ = make_client(answering(nested(20_000), status=status))

    with pytest.raises((error, RetryBudgetExhausted)) as caught:
        client.shipments.get(shipment_ids=["S1"])
    last = getattr(caught.value, "last_error", caught.value)
    assert isinstance(last, error)


def test_deeply_nested_page_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    client, _ = make_client(answering(nested(20_000)))
    caplog.set_level(logging.DEBUG, logger="ingestion.client")

    with pytest.raises(InvalidResponseError):
        client.shipments.get(shipment_ids=["S1"])


@pytest.mark.parametrize(
    "number",
    [b"12345678901234567.89", b"0.1000000000000000055511151231257827", b"1.2345678901234567e16"],
)
def test_long_number_not_rounded(number: bytes) -> None:
    body = b'{"shipments":[{"shipmentId":"S1","orderItems":[{"orderItemId":"1",'
    body += b'"priceComponents":{"sellingPrice":' + number + b"}}]}]}"
    client, _ = make_client(answering(body))

    with pytest.raises(InvalidResponseError, match="more than 15 significant digits"):
        client.shipments.get(shipment_ids=["S1"])


def test_long_digits_in_text_accepted() -> None:
    body = b'{"shipments":[{"shipmentId":"S1","orderItems":[{"orderItemId":"1",'
    body += b'"title":"Model 12345678.123456789","priceComponents":{"sellingPrice":452.5}}]}]}'
    client, _ = make_client(answering(body))

    [shipment] = client.shipments.get(shipment_ids=["S1"])
    assert shipment.order_items[0].price_components.selling_price == Decimal("452.5")


def test_fifteen_digits_exact() -> None:
    body = b'{"shipments":[{"shipmentId":"S1","orderItems":[{"orderItemId":"1",'
    body += b'"priceComponents":{"sellingPrice":1234567890123.45}}]}]}'
    client, _ = make_client(answering(body))

    [shipment] = client.shipments.get(shipment_ids=["S1"])
    price = shipment.order_items[0].price_components.selling_price
    assert price == Decimal("1234567890123.45")


def test_negative_quantity_rejected() -> None:
    body = {
        "shipments": [{"shipmentId": "S1", "orderItems": [{"orderItemId": "1", "quantity": -3}]}]
    }
    client, _ = make_client(answering(body))

    with pytest.raises(InvalidResponseError, match="quantity"):
        client.shipments.get(shipment_ids=["S1"])
