"""Paging guards: endless pages, hostile next-page URLs, bodies that are not pages."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from client_fakes import make_client

from ingestion.client import InvalidResponseError, PagingError, ShipmentFilter
from ingestion.client import paging as paging_module

PRE_DISPATCH = ShipmentFilter(type="preDispatch")
SHIPMENT = {"shipmentId": "S1", "orderItems": []}


def endless(items: list[dict]) -> tuple[callable, list[httpx.Request]]:
    """A filter whose every page reports more, under a new cursor each time."""
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        number = len(seen)
        body = {
            "hasMore": True,
            "nextPageUrl": f"/v3/shipments/filter?next_token=t{number}",
            "shipments": items,
        }
        return httpx.Response(200, json=body)

    return handle, seen


def test_empty_pages_with_more_stop() -> None:
    handle, seen = endless([])
    client, _ = make_client(handle)

    with pytest.raises(PagingError, match="empty pages in a row"):
        list(client.shipments.filter(PRE_DISPATCH))
    assert len(seen) == paging_module.MAX_EMPTY_PAGES


def test_page_count_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging_module, "MAX_PAGES", 12)
    handle, seen = endless([SHIPMENT])
    client, _ = make_client(handle)

    with pytest.raises(PagingError, match="passed 12 pages"):
        list(client.shipments.filter(PRE_DISPATCH))
    assert len(seen) == 12


def one_page_then(cursor: str, key: str = "nextPageUrl", items: str = "shipments"):
    item = SHIPMENT if items == "shipments" else {"returnId": "R1"}

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"hasMore": True, key: cursor, items: [item]})

    return handle


@pytest.mark.parametrize(
    "cursor",
    [
        "https://attacker.test/v3/shipments/filter?next_token=x",
        "//attacker.test/v3/shipments/filter",
        "/../oauth-service/oauth/token?x=1",
        "/v3/shipments/../../oauth-service/oauth/token",
        "/v3/shipments/%2e%2e/%2e%2e/oauth-service/oauth/token",
        "v3/shipments/filter?next_token=x",
        "/listings/v3/search",
        "/v3/shipments/filter?next_token=a b",
        "/v3/shipments\\..\\x",
    ],
)
def test_bad_next_page_url_rejected(cursor: str) -> None:
    client, _ = make_client(one_page_then(cursor))

    with pytest.raises(PagingError, match="nextPageUrl") as caught:
        list(client.shipments.filter(PRE_DISPATCH))
    assert "was not followed" in str(caught.value)


def test_long_cursor_shortened_in_message() -> None:
    cursor = "https://attacker.test/" + "x" * 500
    client, _ = make_client(one_page_then(cursor))

    with pytest.raises(PagingError, match="was not followed") as caught:
        list(client.shipments.filter(PRE_DISPATCH))
    assert "x" * 100 not in str(caught.value)


@pytest.mark.parametrize("cursor", ["https://attacker.test/returns/search/x", "/../sellers/x"])
def test_bad_return_next_url_rejected(cursor: str) -> None:
    handle = one_page_then(cursor, key="nextUrl", items="returnItems")
    client, _ = make_client(handle)

    with pytest.raises(PagingError, match="nextUrl"):
        list(
            client.returns.search("customer_return", created_after=datetime(2026, 1, 1, tzinfo=UTC))
        )


def test_good_cursor_followed() -> None:
    requests: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        more = len(requests) == 1
        body = {
            "hasMore": more,
            "nextPageUrl": "/v3/shipments/filter?next_token=a%2Fb",
            "shipments": [SHIPMENT],
        }
        return httpx.Response(200, json=body)

    client, _ = make_client(handle)

    assert len(list(client.shipments.filter(PRE_DISPATCH))) == 2
    assert requests[1].url.path == "/sellers/v3/shipments/filter"


@pytest.mark.parametrize("body", [b"", b"{}", b'{"hasMore": false}'])
def test_page_without_list_rejected(body: bytes) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, content=body))

    with pytest.raises(InvalidResponseError, match="ShipmentPage"):
        list(client.shipments.filter(PRE_DISPATCH))


@pytest.mark.parametrize(
    ("body", "call"),
    [
        (b"{}", lambda client: client.shipments.details(["S1"])),
        (b"{}", lambda client: client.shipments.invoices(["S1"])),
        (b"", lambda client: client.shipments.get(shipment_ids=["S1"])),
        (b'{"hasMore": false}', lambda client: list(client.listings.search())),
    ],
)
def test_envelope_without_list_rejected(body: bytes, call) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, content=body))

    with pytest.raises(InvalidResponseError):
        call(client)


def test_return_page_without_list_rejected() -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={"hasMore": False}))

    with pytest.raises(InvalidResponseError, match="ReturnPage"):
        client.returns.get(return_ids=["R1"])


@pytest.mark.parametrize("body", [{"shipments": []}, {"hasMore": False, "shipments": None}])
def test_explicit_empty_page_accepted(body: dict) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json=body))

    assert list(client.shipments.filter(PRE_DISPATCH)) == []
