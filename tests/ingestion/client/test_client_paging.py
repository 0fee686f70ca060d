"""Paging: exact first requests, next-page URLs, cursor chaining and repeated cursors."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from client_fakes import HOST, json_body, make_client

from ingestion.client import DateRange, PagingError, ShipmentFilter


def recording(pages: list[dict]):
    seen: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=pages[len(seen) - 1])

    return api, seen


def shipment(number: int) -> dict:
    return {"shipmentId": f"s{number}", "orderItems": []}


def test_filter_body_and_next_page() -> None:
    pages = [
        {
            "hasMore": True,
            "nextPageUrl": "/v3/shipments/filter?next_token=abc%3D",
            "shipments": [shipment(1)],
        },
        {
            "hasMore": False,
            "nextPageUrl": "/v3/shipments/filter?next_token=end",
            "shipments": [shipment(2)],
        },
    ]
    api, seen = recording(pages)
    client, _ = make_client(api)
    criteria = ShipmentFilter(
        type="preDispatch",
        states=("APPROVED",),
        location_id="LOC1",
        order_date=DateRange(
            start=datetime(2026, 1, 1, tzinfo=UTC), end=datetime(2026, 1, 8, tzinfo=UTC)
        ),
        sort_field="orderDate",
    )

    found = [item.shipment_id for item in client.shipments.filter(criteria)]

    assert found == ["s1", "s2"]
    assert seen[0].method == "POST"
    assert str(seen[0].url) == f"{HOST}/sellers/v3/shipments/filter"
    assert seen[0].headers["Content-Type"] == "application/json"
    assert json_body(seen[0]) == {
        "filter": {
            "type": "preDispatch",
            "states": ["APPROVED"],
            "locationId": "LOC1",
            "orderDate": {
                "from": "2026-01-01T00:00:00.000+00:00",
                "to": "2026-01-08T00:00:00.000+00:00",
            },
        },
        "pagination": {"pageSize": 20},
        "sort": {"field": "orderDate", "order": "asc"},
    }
    assert seen[1].method == "GET"
    assert str(seen[1].url) == f"{HOST}/sellers/v3/shipments/filter?next_token=abc%3D"
    assert seen[1].content == b""


def test_filter_defaults_states_per_type() -> None:
    body = ShipmentFilter(type="cancelled", cancellation_type="buyerCancellation").to_wire()

    assert body["filter"] == {
        "type": "cancelled",
        "states": ["CANCELLED"],
        "cancellationType": "buyerCancellation",
    }


def test_filter_rejects_state_of_other_type() -> None:
    with pytest.raises(ValueError, match="not valid for type"):
        ShipmentFilter(type="postDispatch", states=("APPROVED",))


def test_repeated_next_page_raises() -> None:
    loop = {"hasMore": True, "nextPageUrl": "/v3/shipments/filter?next_token=same", "shipments": []}
    api, seen = recording([loop, loop, loop])
    client, _ = make_client(api)

    with pytest.raises(PagingError, match="repeated"):
        list(client.shipments.filter(ShipmentFilter(type="preDispatch")))
    assert len(seen) == 2


def test_returns_next_url_under_v2() -> None:
    pages = [
        {
            "hasMore": True,
            "nextUrl": "/returns/search/eyJwIjoyfQ==",
            "returnItems": [{"returnId": "r1"}],
        },
        {"hasMore": False, "returnItems": [{"returnId": "r2"}]},
    ]
    api, seen = recording(pages)
    client, _ = make_client(api)
    after = datetime(2026, 2, 1, tzinfo=UTC)

    found = [
        item.return_id for item in client.returns.search("courier_return", modified_after=after)
    ]

    assert found == ["r1", "r2"]
    assert seen[0].url.path == "/sellers/v2/returns"
    assert dict(seen[0].url.params) == {
        "source": "courier_return",
        "modifiedAfter": "2026-02-01T00:00:00.000+00:00",
    }
    assert str(seen[1].url) == f"{HOST}/sellers/v2/returns/search/eyJwIjoyfQ=="


def test_returns_search_needs_one_date_kind() -> None:
    client, _ = make_client(lambda request: httpx.Response(500))
    moment = datetime(2026, 2, 1, tzinfo=UTC)

    with pytest.raises(ValueError, match="not both"):
        list(client.returns.search("customer_return", created_after=moment, modified_after=moment))


def test_listing_search_page_id_chain() -> None:
    pages = [
        {"has_more": True, "next_page_id": "p2", "listings": [{"sku_id": "A", "listing_id": "L1"}]},
        {"has_more": True, "next_page_id": "p3", "listings": [{"sku_id": "B"}]},
        {"has_more": False, "next_page_id": None, "listings": [{"sku_id": "C"}]},
    ]
    api, seen = recording(pages)
    client, _ = make_client(api)

    skus = [summary.sku_id for summary in client.listings.search("ACTIVE")]

    assert skus == ["A", "B", "C"]
    assert [request.url.path for request in seen] == ["/sellers/listings/v3/search"] * 3
    assert [json_body(request) for request in seen] == [
        {"filters": {"listing_status": "ACTIVE"}, "page_id": None},
        {"filters": {"listing_status": "ACTIVE"}, "page_id": "p2"},
        {"filters": {"listing_status": "ACTIVE"}, "page_id": "p3"},
    ]


def test_listing_search_repeated_page_id() -> None:
    page = {"has_more": True, "next_page_id": "again", "listings": []}
    api, _ = recording([page, page, page])
    client, _ = make_client(api)

    with pytest.raises(PagingError):
        list(client.listings.search())


def test_has_more_without_cursor() -> None:
    api, _ = recording([{"hasMore": True, "shipments": []}])
    client, _ = make_client(api)

    with pytest.raises(PagingError, match="nextPageUrl"):
        list(client.shipments.filter(ShipmentFilter(type="preDispatch")))
