"""Seller actions through the sandbox server: labels, documents, dispatch, cancel, manifest."""

import time

import pytest
from starlette.testclient import TestClient

from ingestion.sandbox.server import create_app
from ingestion.sandbox.simulation import Marketplace, SimConfig

SHIPMENTS_PATH = "/sellers/v3/shipments"
PACK_WAIT = 10.0  # seconds; packing takes pack_delay_seconds of real time


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    config = SimConfig(
        seed=9, sellers=2, history_days=3, orders_per_day=10, speed=0, pack_delay_seconds=0.3
    )
    return Marketplace(config)


@pytest.fixture(scope="module")
def seller(marketplace):
    return marketplace.sellers[0]


@pytest.fixture(scope="module")
def client(marketplace, seller) -> TestClient:
    client = TestClient(create_app(marketplace))
    grant = client.get(
        "/oauth-service/oauth/token",
        params={"grant_type": "client_credentials"},
        auth=(seller.app_id, seller.app_secret),
    ).json()
    client.headers["Authorization"] = f"Bearer {grant['access_token']}"
    return client


def stocked_listing(marketplace: Marketplace, seller) -> tuple[dict, str]:
    """Return an active listing and a location where it has stock."""
    for sku in marketplace.listing_skus(seller.seller_id, "ACTIVE"):
        listing = marketplace.listing(seller.seller_id, sku)
        for location in listing["locations"]:
            if location["status"] == "ENABLED" and location["inventory"] > 0:
                return listing, location["id"]
    raise AssertionError("No active listing has stock; the test world is too small.")


def new_shipment(client: TestClient, marketplace: Marketplace, seller) -> dict:
    """Create a test order through the self-serve endpoint and return its shipment."""
    listing, location_id = stocked_listing(marketplace, seller)
    body = {
        "shipmentType": "NORMAL",
        "locationId": location_id,
        "orderItems": [{"listingId": listing["listing_id"], "quantity": 1}],
    }
    order = client.post("/sellers/orders/sandbox/test_orders", json=body)
    assert order.status_code == 200, order.text

    found = client.get(SHIPMENTS_PATH, params={"orderIds": order.json()["orderId"]}).json()
    return found["shipments"][0]


def pack_request(shipment: dict) -> dict:
    items = shipment["orderItems"]
    return {
        "shipmentId": shipment["shipmentId"],
        "locationId": shipment["locationId"],
        "taxItems": [
            {"orderItemId": item["orderItemId"], "taxRate": 18, "quantity": item["quantity"]}
            for item in items
        ],
        "invoices": [{"orderId": items[0]["orderId"], "invoiceDate": "2026-11-30"}],
    }


def status_of(client: TestClient, shipment_id: str) -> str:
    body = client.get(SHIPMENTS_PATH, params={"shipmentIds": shipment_id}).json()
    return body["shipments"][0]["orderItems"][0]["status"]


def wait_for_status(client: TestClient, shipment_id: str, expected: str) -> str:
    deadline = time.monotonic() + PACK_WAIT
    status = status_of(client, shipment_id)
    while status != expected and time.monotonic() < deadline:
        time.sleep(0.1)
        status = status_of(client, shipment_id)
    return status


@pytest.fixture(scope="module")
def packed(client, marketplace, seller) -> dict:
    shipment = new_shipment(client, marketplace, seller)
    response = client.post(f"{SHIPMENTS_PATH}/labels", json={"shipments": [pack_request(shipment)]})
    assert response.json()["shipments"][0]["status"] == "SUCCESS", response.text
    assert wait_for_status(client, shipment["shipmentId"], "PACKED") == "PACKED"
    return shipment


def assert_pdf(body: bytes) -> None:
    assert body.startswith(b"%PDF")
    assert b"startxref" in body


def test_new_order_waits_approved(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)

    assert shipment["orderItems"][0]["status"] == "APPROVED"


def test_labels_pack_asynchronously(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    response = client.post(f"{SHIPMENTS_PATH}/labels", json={"shipments": [pack_request(shipment)]})
    result = response.json()["shipments"][0]
    right_after = status_of(client, shipment["shipmentId"])
    early = client.get(f"{SHIPMENTS_PATH}/{shipment['shipmentId']}/labels")

    assert response.status_code == 200
    assert result == {
        "shipmentId": shipment["shipmentId"],
        "status": "SUCCESS",
        "errorCode": None,
        "errorMessage": None,
    }
    assert right_after == "PACKING_IN_PROGRESS"
    assert early.status_code == 400
    assert early.json()["shipments"][0]["errorCode"] == "ORDER_ITEM_PACKING_IN_PROGRESS"
    assert wait_for_status(client, shipment["shipmentId"], "PACKED") == "PACKED"


def test_labels_pdf(client, packed):
    response = client.get(f"{SHIPMENTS_PATH}/{packed['shipmentId']}/labels")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert_pdf(response.content)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_label_only_pdf(client, packed, method):
    response = client.request(method, f"{SHIPMENTS_PATH}/{packed['shipmentId']}/labelOnly/pdf")

    assert response.status_code == 200
    assert_pdf(response.content)


def test_invoice_json(client, packed):
    response = client.get(
        f"{SHIPMENTS_PATH}/{packed['shipmentId']}/invoices", headers={"Accept": "application/json"}
    )
    invoice = response.json()["invoices"][0]

    assert invoice["shipmentId"] == packed["shipmentId"]
    assert invoice["orderItems"][0]["orderItemId"] == packed["orderItems"][0]["orderItemId"]
    assert "taxDetails" in invoice["orderItems"][0]


def test_invoice_pdf(client, packed):
    response = client.get(
        f"{SHIPMENTS_PATH}/{packed['shipmentId']}/invoices", headers={"Accept": "application/pdf"}
    )

    assert response.status_code == 200
    assert_pdf(response.content)


def test_invoice_json_lists_unpacked(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    body = client.get(
        f"{SHIPMENTS_PATH}/{shipment['shipmentId']}/invoices",
        headers={"Accept": "application/json"},
    ).json()

    assert body["invoices"] == []
    assert body["shipments"][0]["status"] == "FAILURE"


def test_labels_unknown_shipment(client):
    response = client.get(f"{SHIPMENTS_PATH}/no-such-shipment/labels")

    assert response.status_code == 400
    assert response.json()["shipments"][0]["errorCode"] == "INVALID_SHIPMENTS"


def test_labels_of_other_seller(client, marketplace):
    other = marketplace.sellers[1].seller_id
    foreign = marketplace.find_shipments(other, type="postDispatch")[0]
    response = client.get(f"{SHIPMENTS_PATH}/{foreign}/labels")

    assert response.json()["shipments"][0]["errorCode"] == "OPERATION_NOT_ALLOWED"


def test_label_only_over_limit(client):
    ids = ",".join(f"id{n}" for n in range(51))
    response = client.get(f"{SHIPMENTS_PATH}/{ids}/labelOnly/pdf")

    assert response.status_code == 400
    assert response.json()["errors"][0]["errorCode"] == "BATCH_LIMIT_EXCEEDED"


def test_pack_unknown_shipment_per_item(client):
    body = {"shipments": [{"shipmentId": "no-such-shipment", "locationId": "LOC0"}]}
    response = client.post(f"{SHIPMENTS_PATH}/labels", json=body)
    result = response.json()["shipments"][0]

    assert response.status_code == 200
    assert result["status"] == "FAILURE"
    assert result["errorCode"] == "INVALID_SHIPMENTS"


@pytest.mark.parametrize("count", [0, 26])
def test_pack_batch_limit(client, count):
    body = {"shipments": [{"shipmentId": f"id{n}"} for n in range(count)]}
    response = client.post(f"{SHIPMENTS_PATH}/labels", json=body)

    assert response.status_code == 400


def test_dispatch_packed(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    client.post(f"{SHIPMENTS_PATH}/labels", json={"shipments": [pack_request(shipment)]})
    wait_for_status(client, shipment["shipmentId"], "PACKED")
    client.get(f"{SHIPMENTS_PATH}/{shipment['shipmentId']}/labels")
    body = {"shipmentIds": [shipment["shipmentId"]], "locationId": shipment["locationId"]}
    result = client.post(f"{SHIPMENTS_PATH}/dispatch", json=body).json()["shipments"][0]

    assert result["status"] == "SUCCESS", result
    assert status_of(client, shipment["shipmentId"]) == "READY_TO_DISPATCH"


def test_dispatch_approved_fails_per_item(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    body = {"shipmentIds": [shipment["shipmentId"]], "locationId": shipment["locationId"]}
    result = client.post(f"{SHIPMENTS_PATH}/dispatch", json=body).json()["shipments"][0]

    assert result["status"] == "FAILURE"
    assert result["errorCode"]


def test_dispatch_requires_location(client):
    response = client.post(f"{SHIPMENTS_PATH}/dispatch", json={"shipmentIds": ["a"]})

    assert response.status_code == 400
    assert "locationId" in response.json()["errors"][0]["errorMessage"]


def test_dispatch_batch_limit(client):
    body = {"shipmentIds": [f"id{n}" for n in range(26)], "locationId": "LOC0"}
    response = client.post(f"{SHIPMENTS_PATH}/dispatch", json=body)

    assert response.status_code == 400


def cancel_body(shipment: dict, reason: str) -> dict:
    groups = [item["cancellationGroupId"] for item in shipment["orderItems"]]
    return {
        "shipments": [
            {
                "shipmentId": shipment["shipmentId"],
                "locationId": shipment["locationId"],
                "cancellationGroupIds": groups,
                "reason": reason,
            }
        ]
    }


def test_cancel_approved(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    response = client.post(
        f"{SHIPMENTS_PATH}/cancel", json=cancel_body(shipment, "not_enough_inventory")
    )

    assert response.json()["shipments"][0]["status"] == "SUCCESS"
    assert status_of(client, shipment["shipmentId"]) == "CANCELLED"


def test_cancel_invalid_reason(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    response = client.post(f"{SHIPMENTS_PATH}/cancel", json=cancel_body(shipment, "bored"))
    result = response.json()["shipments"][0]

    assert result["status"] == "FAILURE"
    assert result["errorCode"] == "EMPTY_OR_INVALID_REASON_FOR_CANCELLATION"


def test_handover_counts(client, seller):
    response = client.get(
        f"{SHIPMENTS_PATH}/handover/counts", params={"locationId": seller.location_ids[0]}
    )

    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_handover_counts_requires_location(client):
    response = client.get(f"{SHIPMENTS_PATH}/handover/counts")

    assert response.status_code == 400


def test_manifest_pdf(client, seller):
    body = {
        "params": {
            "vendorGroupCode": "Ekart Logistics",
            "locationId": seller.location_ids[0],
            "is_mps": False,
        }
    }
    response = client.post(f"{SHIPMENTS_PATH}/manifest", json=body)

    assert response.status_code == 200
    assert_pdf(response.content)


def test_manifest_requires_vendor(client):
    response = client.post(f"{SHIPMENTS_PATH}/manifest", json={"params": {}})

    assert response.status_code == 400


def test_selfserve_hold_blocks_pack(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    item = {"orderItemId": shipment["orderItems"][0]["orderItemId"]}
    hold_response = client.put("/sellers/orders/sandbox/on_hold", json=item)
    packing = client.post(f"{SHIPMENTS_PATH}/labels", json={"shipments": [pack_request(shipment)]})
    unhold_response = client.put("/sellers/orders/sandbox/un_hold", json=item)

    assert hold_response.status_code == 200
    assert "response" in hold_response.json()
    assert packing.json()["shipments"][0]["status"] == "FAILURE"
    assert unhold_response.status_code == 200


def test_selfserve_lifecycle_to_return(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    client.post(f"{SHIPMENTS_PATH}/labels", json={"shipments": [pack_request(shipment)]})
    wait_for_status(client, shipment["shipmentId"], "PACKED")
    client.get(f"{SHIPMENTS_PATH}/{shipment['shipmentId']}/labels")
    client.post(
        f"{SHIPMENTS_PATH}/dispatch",
        json={"shipmentIds": [shipment["shipmentId"]], "locationId": shipment["locationId"]},
    )
    item = {"orderItemId": shipment["orderItems"][0]["orderItemId"]}
    moves = [
        client.post(f"/sellers/orders/sandbox/{event}", json=item).status_code
        for event in ("pick_up_complete", "shipped", "delivered")
    ]
    created = client.post(
        "/sellers/returns/sandbox/create_returns", json={**item, "returnType": "customer"}
    )
    completed = client.post(
        "/sellers/returns/sandbox/return_events", json={**item, "eventType": "return_completed"}
    )

    assert moves == [200, 200, 200]
    assert created.status_code == 200, created.text
    assert completed.status_code == 200, completed.text


def test_selfserve_move_not_allowed(client, marketplace, seller):
    shipment = new_shipment(client, marketplace, seller)
    item = {"orderItemId": shipment["orderItems"][0]["orderItemId"]}
    response = client.post("/sellers/orders/sandbox/delivered", json=item)

    assert response.status_code == 400
    assert response.json()["errors"][0]["errorCode"] == "UNPROCESSABLE_ENTITY"


def test_selfserve_requires_order_item(client):
    response = client.post("/sellers/orders/sandbox/shipped", json={})

    assert response.status_code == 400
