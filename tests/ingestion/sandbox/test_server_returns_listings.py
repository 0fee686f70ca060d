"""Returns search and listings through the sandbox server."""

from datetime import datetime, timedelta

import pytest
from starlette.testclient import TestClient

from ingestion.sandbox.server import ServerSettings, create_app
from ingestion.sandbox.simulation import Marketplace, SimConfig
from tests.ingestion.sandbox.conftest import authorised_client

RETURNS_PATH = "/sellers/v2/returns"
LISTINGS_PATH = "/sellers/listings/v3"


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    return Marketplace(SimConfig(seed=4, sellers=1, history_days=60, orders_per_day=30, speed=0))


@pytest.fixture(scope="module")
def client(api_client) -> TestClient:
    return api_client


def walk_returns(client: TestClient, params: dict) -> list[dict]:
    pages = [client.get(RETURNS_PATH, params=params).json()]
    while pages[-1]["hasMore"]:
        pages.append(client.get("/sellers/v2" + pages[-1]["nextUrl"]).json())
    return pages


def test_returns_pages_of_25(client, marketplace, seller):
    pages = walk_returns(client, {"source": "courier_return"})
    ids = [item["returnId"] for page in pages for item in page["returnItems"]]
    expected = marketplace.find_returns(seller.seller_id, source="courier_return")

    assert len(expected) > 25
    assert ids == expected
    assert all(len(page["returnItems"]) == 25 for page in pages[:-1])
    assert pages[0]["nextUrl"].startswith("/returns/search/")


def test_returns_created_window(client, marketplace, seller):
    created = marketplace.find_returns(seller.seller_id, source="customer_return")
    first = datetime.fromisoformat(
        marketplace.return_item(seller.seller_id, created[0])["createdDate"]
    )
    window_end = first + timedelta(days=1)
    pages = walk_returns(
        client,
        {
            "source": "customer_return",
            "createdAfter": first.isoformat(),
            "createdBefore": window_end.isoformat(),
        },
    )
    created_dates = [
        datetime.fromisoformat(item["createdDate"])
        for page in pages
        for item in page["returnItems"]
    ]

    assert created_dates
    assert all(first <= moment <= window_end for moment in created_dates)


def test_returns_by_ids(client, marketplace, seller):
    ids = marketplace.find_returns(seller.seller_id, source="courier_return")[:3]
    body = client.get(RETURNS_PATH, params={"returnIds": ",".join(ids)}).json()

    assert [item["returnId"] for item in body["returnItems"]] == ids
    assert body["hasMore"] is False


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"source": "lost_in_space"},
        {"source": "customer_return", "createdAfter": "soon"},
        {"returnIds": ",".join(str(n) for n in range(26))},
        {"returnIds": "1", "trackingIds": "2"},
    ],
)
def test_returns_invalid(client, params):
    response = client.get(RETURNS_PATH, params=params)

    assert response.status_code == 400


def test_returns_bad_next_url(client):
    response = client.get(f"{RETURNS_PATH}/search/garbage")

    assert response.status_code == 400


def test_listing_get(client, marketplace, seller):
    skus = marketplace.listing_skus(seller.seller_id)[:2]
    body = client.get(f"{LISTINGS_PATH}/{','.join([*skus, 'NO-SUCH-SKU', 'bad<sku>'])}").json()

    assert sorted(body["available"]) == sorted(skus)
    assert body["unavailable"] == ["NO-SUCH-SKU"]
    assert body["invalid"] == ["bad<sku>"]
    assert body["available"][skus[0]]["listing_id"].startswith("LST")


def test_listing_get_over_limit(client):
    response = client.get(f"{LISTINGS_PATH}/{','.join(f'S{n}' for n in range(11))}")

    assert response.status_code == 400


def test_listing_details_post(client, marketplace, seller):
    skus = marketplace.listing_skus(seller.seller_id)[:3]
    body = client.post(f"{LISTINGS_PATH}/details", json={"sku_ids": skus}).json()

    assert sorted(body["available"]) == sorted(skus)


def test_listing_search_pages(marketplace, seller):
    app = create_app(marketplace, settings=ServerSettings(listing_page_size=7))
    client = authorised_client(app, seller)
    pages = [client.post(f"{LISTINGS_PATH}/search", json={"filters": {}, "page_id": None}).json()]
    while pages[-1]["has_more"]:
        page_id = pages[-1]["next_page_id"]
        pages.append(client.post(f"{LISTINGS_PATH}/search", json={"page_id": page_id}).json())
    skus = [row["sku_id"] for page in pages for row in page["listings"]]

    assert skus == marketplace.listing_skus(seller.seller_id)
    assert len(pages[0]["listings"]) == 7
    assert pages[-1]["next_page_id"] is None


def test_listing_search_status_filter(client, marketplace, seller):
    body = client.post(
        f"{LISTINGS_PATH}/search", json={"filters": {"listing_status": "ACTIVE"}, "page_id": None}
    ).json()

    assert len(body["listings"]) == len(marketplace.listing_skus(seller.seller_id, "ACTIVE"))


def test_listing_search_invalid_status(client):
    response = client.post(f"{LISTINGS_PATH}/search", json={"filters": {"listing_status": "GONE"}})

    assert response.status_code == 400


def test_inventory_update_per_sku(client, marketplace, seller):
    sku = marketplace.listing_skus(seller.seller_id)[0]
    listing = marketplace.listing(seller.seller_id, sku)
    location_id = listing["locations"][0]["id"]
    body = {
        sku: {
            "product_id": listing["product_id"],
            "locations": [{"id": location_id, "status": "ENABLED", "inventory": 7}],
        },
        "NO-SUCH-SKU": {"product_id": "X", "locations": []},
    }
    response = client.post(f"{LISTINGS_PATH}/update/inventory", json=body)
    results = response.json()
    stored = marketplace.listing(seller.seller_id, sku)["locations"]

    assert response.status_code == 200
    assert results[sku]["status"] == "SUCCESS"
    assert results["NO-SUCH-SKU"]["status"] == "FAILURE"
    assert [location["inventory"] for location in stored if location["id"] == location_id] == [7]


def test_inventory_update_over_limit(client):
    body = {f"S{n}": {"product_id": "X", "locations": []} for n in range(11)}
    response = client.post(f"{LISTINGS_PATH}/update/inventory", json=body)

    assert response.status_code == 400
    assert response.json()["errors"][0]["errorCode"] == "BATCH_LIMIT_EXCEEDED"


def test_price_update_per_sku(client, marketplace, seller):
    sku = marketplace.listing_skus(seller.seller_id)[1]
    listing = marketplace.listing(seller.seller_id, sku)
    mrp = listing["price"]["mrp"]
    body = {
        sku: {
            "product_id": listing["product_id"],
            "price": {"mrp": mrp, "selling_price": mrp, "currency": "INR"},
        }
    }
    results = client.post(f"{LISTINGS_PATH}/update/price", json=body).json()

    assert results[sku]["status"] in {"SUCCESS", "WARNING"}
