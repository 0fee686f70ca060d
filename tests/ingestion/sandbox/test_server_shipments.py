"""Shipment reads of the sandbox server: filter paging, next-page tokens, ids and details."""

import pytest
from starlette.testclient import TestClient

from ingestion.sandbox.server import ServerSettings, create_app
from ingestion.sandbox.simulation import Marketplace, SimConfig
from tests.ingestion.sandbox.conftest import authorised_client

FILTER_PATH = "/sellers/v3/shipments/filter"
POST_DISPATCH = {"filter": {"type": "postDispatch"}}


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    return Marketplace(SimConfig(seed=5, sellers=2, history_days=12, orders_per_day=15, speed=0))


@pytest.fixture(scope="module")
def client(api_client) -> TestClient:
    return api_client


def walk(client: TestClient, body: dict) -> tuple[list[str], list[dict]]:
    """Follow nextPageUrl while hasMore; return the shipment ids and the pages."""
    pages = [client.post(FILTER_PATH, json=body).json()]
    while pages[-1]["hasMore"]:
        pages.append(client.get("/sellers" + pages[-1]["nextPageUrl"]).json())
    ids = [shipment["shipmentId"] for page in pages for shipment in page["shipments"]]
    return ids, pages


def test_filter_first_page(client):
    page = client.post(FILTER_PATH, json=POST_DISPATCH).json()

    assert page["hasMore"] is True
    assert len(page["shipments"]) == 20
    assert page["nextPageUrl"].startswith("/v3/shipments/filter?next_token=")


def test_filter_walk_matches_marketplace(client, marketplace, seller):
    ids, pages = walk(client, POST_DISPATCH)
    expected = marketplace.find_shipments(seller.seller_id, type="postDispatch")

    assert ids == expected
    assert len(set(ids)) == len(ids)
    assert pages[-1]["hasMore"] is False
    assert all(len(page["shipments"]) == 20 for page in pages[:-1])


def test_filter_trailing_slash(client):
    response = client.post(FILTER_PATH + "/", json=POST_DISPATCH)

    assert response.status_code == 200


def test_filter_last_page_keeps_next_url(client):
    _, pages = walk(client, POST_DISPATCH)
    after_last = client.get("/sellers" + pages[-1]["nextPageUrl"]).json()

    assert pages[-1]["nextPageUrl"]
    assert after_last == {
        "hasMore": False,
        "nextPageUrl": pages[-1]["nextPageUrl"],
        "shipments": [],
    }


def test_filter_empty_result(client):
    body = {
        "filter": {
            "type": "postDispatch",
            "orderDate": {"from": "2001-01-01T00:00:00Z", "to": "2001-01-02T00:00:00Z"},
        }
    }
    page = client.post(FILTER_PATH, json=body).json()

    assert page["shipments"] == []
    assert page["hasMore"] is False
    assert page["nextPageUrl"].startswith("/v3/shipments/filter?next_token=")


def test_filter_small_page_size(client):
    page = client.post(FILTER_PATH, json={**POST_DISPATCH, "pagination": {"pageSize": 5}}).json()

    assert len(page["shipments"]) == 5


def test_filter_page_size_capped(client):
    page = client.post(FILTER_PATH, json={**POST_DISPATCH, "pagination": {"pageSize": 500}}).json()

    assert len(page["shipments"]) == 20


def test_filter_page_size_configurable(marketplace, seller):
    app = create_app(marketplace, settings=ServerSettings(max_page_size=50))
    client = authorised_client(app, seller)
    page = client.post(FILTER_PATH, json={**POST_DISPATCH, "pagination": {"pageSize": 50}}).json()

    assert len(page["shipments"]) == 50


def test_filter_sort_desc(client, marketplace, seller):
    body = {**POST_DISPATCH, "sort": {"field": "orderDate", "order": "desc"}}
    page = client.post(FILTER_PATH, json=body).json()
    expected = marketplace.find_shipments(
        seller.seller_id, type="postDispatch", sort_field="orderDate", sort_order="desc"
    )[:20]

    assert [shipment["shipmentId"] for shipment in page["shipments"]] == expected


def test_filter_states(client):
    body = {"filter": {"type": "postDispatch", "states": ["DELIVERED"]}}
    page = client.post(FILTER_PATH, json=body).json()
    statuses = {item["status"] for shipment in page["shipments"] for item in shipment["orderItems"]}

    assert statuses == {"DELIVERED"}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"filter": {}}, "filter.type is required"),
        ({}, "filter is missing"),
        ({"filter": {"type": "postDispatch", "states": ["FLYING"]}}, "FLYING"),
        ({"filter": {"type": "sideways"}}, "sideways"),
        ({"filter": {"type": "postDispatch", "colour": "red"}}, "Unknown filter fields"),
        ({"filter": {"type": "postDispatch", "orderDate": {"from": "yesterday"}}}, "ISO-8601"),
        ({**POST_DISPATCH, "pagination": {"pageSize": 0}}, "pageSize"),
    ],
)
def test_filter_invalid_body(client, body, fragment):
    response = client.post(FILTER_PATH, json=body)

    assert response.status_code == 400
    assert fragment in response.json()["errors"][0]["errorMessage"]


def test_filter_invalid_json(client):
    response = client.post(
        FILTER_PATH, content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400


def test_next_page_malformed_token(client):
    response = client.get(FILTER_PATH, params={"next_token": "%%%garbage"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["errorCode"] == "INVALID_PAGE_TOKEN"


def test_next_page_missing_token(client):
    response = client.get(FILTER_PATH)

    assert response.status_code == 400


def test_next_page_of_other_seller(client, marketplace):
    other = authorised_client(create_app(marketplace), marketplace.sellers[1])
    next_url = client.post(FILTER_PATH, json=POST_DISPATCH).json()["nextPageUrl"]
    response = other.get("/sellers" + next_url)

    assert response.status_code == 400
    assert "another seller" in response.json()["errors"][0]["errorMessage"]


def test_by_ids(client, marketplace, seller):
    ids = marketplace.find_shipments(seller.seller_id, type="postDispatch")[:3]
    body = client.get("/sellers/v3/shipments", params={"shipmentIds": ",".join(ids)}).json()

    assert [shipment["shipmentId"] for shipment in body["shipments"]] == ids


def test_by_order_ids(client, marketplace, seller):
    shipment_id = marketplace.find_shipments(seller.seller_id, type="postDispatch")[0]
    order_id = marketplace.shipment(seller.seller_id, shipment_id)["orderItems"][0]["orderId"]
    body = client.get("/sellers/v3/shipments", params={"orderIds": order_id}).json()

    assert shipment_id in [shipment["shipmentId"] for shipment in body["shipments"]]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({}, 400, "INVALID_REQUEST"),
        ({"shipmentIds": "a", "orderIds": "b"}, 400, "INVALID_REQUEST"),
        ({"shipmentIds": "a, b"}, 400, "INVALID_REQUEST"),
        ({"shipmentIds": "a,,b"}, 400, "INVALID_REQUEST"),
        ({"shipmentIds": ",".join(f"id{n}" for n in range(101))}, 400, "BATCH_LIMIT_EXCEEDED"),
    ],
)
def test_by_ids_invalid(client, params, status, code):
    response = client.get("/sellers/v3/shipments", params=params)

    assert response.status_code == status
    assert response.json()["errors"][0]["errorCode"] == code


def test_by_ids_hundred_allowed(client):
    ids = ",".join(f"id{n}" for n in range(100))
    response = client.get("/sellers/v3/shipments", params={"shipmentIds": ids})

    assert response.status_code == 200
    assert response.json() == {"shipments": []}


def test_details(client, marketplace, seller):
    ids = marketplace.find_shipments(seller.seller_id, type="postDispatch")[:2]
    body = client.get(f"/sellers/v3/shipments/{','.join(ids)}").json()

    assert [detail["shipmentId"] for detail in body["shipments"]] == ids
    assert "id" in body["shipments"][0]["orderItems"][0]
    assert "deliveryAddress" in body["shipments"][0]


def test_details_over_limit(client):
    ids = ",".join(f"id{n}" for n in range(101))
    response = client.get(f"/sellers/v3/shipments/{ids}")

    assert response.status_code == 400


def test_details_hide_other_sellers_shipments(client, marketplace):
    other = marketplace.sellers[1].seller_id
    foreign = marketplace.find_shipments(other, type="postDispatch")[:1]
    body = client.get(f"/sellers/v3/shipments/{foreign[0]}").json()

    assert body == {"shipments": []}
