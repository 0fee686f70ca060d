"""The sandbox's push notifications: envelopes per shipment change, and signed delivery."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator

import httpx
import pytest
from factories import account_input, new_tenant
from receiver_server import ThreadedServer
from sqlalchemy import select
from starlette.testclient import TestClient

from ingestion.sandbox.server import create_app as create_sandbox_app
from ingestion.sandbox.server.notification_events import notifications, shipment_state
from ingestion.sandbox.server.notifier import Notifier
from ingestion.sandbox.simulation import Marketplace, SimConfig
from sellerops.models import WebhookEvent
from sellerops.services import add_account
from sellerops.webhooks.app import create_app as create_receiver_app
from sellerops.webhooks.envelope import parse_notification
from sellerops.webhooks.events import KNOWN_EVENTS

# An upper bound for a loaded test machine; a delivery normally takes well under a second.
DELIVERY_TIMEOUT_SECONDS = 60.0


def new_marketplace(history_days: int = 3) -> Marketplace:
    config = SimConfig(seed=5, sellers=1, history_days=history_days, orders_per_day=10, speed=0)
    return Marketplace(config)


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    return new_marketplace()


def place_order(marketplace: Marketplace) -> str:
    """Create a test order of one stocked listing; return its order id."""
    seller_id = marketplace.sellers[0].seller_id
    for sku in marketplace.listing_skus(seller_id, "ACTIVE"):
        listing = marketplace.listing(seller_id, sku)
        for location in listing["locations"]:
            if location["status"] == "ENABLED" and location["inventory"] > 0:
                body = {
                    "locationId": location["id"],
                    "orderItems": [{"listingId": listing["listing_id"], "quantity": 1}],
                }
                return marketplace.create_test_order(seller_id, body)["orderId"]
    raise AssertionError("No stocked listing in the test world.")


def new_change(marketplace: Marketplace) -> dict:
    version, _ = marketplace.shipment_changes(None)
    place_order(marketplace)
    _, changes = marketplace.shipment_changes(version)
    (change,) = changes
    return change


def with_status(change: dict, status: str) -> dict:
    changed = copy.deepcopy(change)
    for item in changed["shipment"]["orderItems"]:
        item["status"] = status
    return changed


def event_types(envelopes: list[dict]) -> list[str]:
    return [envelope["eventType"] for envelope in envelopes]


def test_new_shipment_created(marketplace):
    change = new_change(marketplace)
    (envelope,) = notifications(None, change)

    assert envelope["eventType"] == "shipment_created"
    assert envelope["shipmentId"] == change["shipment"]["shipmentId"]
    assert envelope["attributes"]["orderItems"][0]["status"] == "APPROVED"
    assert "shipmentId" not in envelope["attributes"]


def test_envelopes_parse_as_notifications(marketplace):
    change = new_change(marketplace)
    event = parse_notification(json.dumps(notifications(None, change)[0]).encode())

    assert event.is_actionable
    assert event.entity_id == change["shipment"]["shipmentId"]


def test_unchanged_shipment_silent(marketplace):
    change = new_change(marketplace)

    assert notifications(shipment_state(change), change) == []


@pytest.mark.parametrize(
    ("status", "event_type"),
    [
        ("PACKED", "shipment_packed"),
        ("READY_TO_DISPATCH", "shipment_ready_to_dispatch"),
        ("SHIPPED", "shipment_shipped"),
        ("DELIVERED", "shipment_delivered"),
        ("FORM_FAILED", "shipment_form_failed"),
    ],
)
def test_status_change_event(marketplace, status, event_type):
    change = new_change(marketplace)
    (envelope,) = notifications(shipment_state(change), with_status(change, status))

    assert envelope["eventType"] == event_type
    assert envelope["attributes"]["status"] == status


def test_packing_in_progress_silent(marketplace):
    change = new_change(marketplace)

    assert notifications(shipment_state(change), with_status(change, "PACKING_IN_PROGRESS")) == []


def test_cancel_names_reason(marketplace):
    change = new_change(marketplace)
    cancelled = with_status(change, "CANCELLED")
    for item in cancelled["shipment"]["orderItems"]:
        item["cancellationReason"] = "not_enough_inventory"
    (envelope,) = notifications(shipment_state(change), cancelled)

    assert envelope["eventType"] == "shipment_cancelled"
    assert envelope["attributes"]["orderItems"][0]["reason"] == "not_enough_inventory"


def test_hold_and_unhold(marketplace):
    seller_id = marketplace.sellers[0].seller_id
    change = new_change(marketplace)
    item_id = change["shipment"]["orderItems"][0]["orderItemId"]
    before = shipment_state(change)

    version = marketplace.version
    marketplace.set_hold(seller_id, item_id, True)
    _, (held,) = marketplace.shipment_changes(version)
    version = marketplace.version
    marketplace.set_hold(seller_id, item_id, False)
    _, (released,) = marketplace.shipment_changes(version)

    assert event_types(notifications(before, held)) == ["shipment_hold"]
    assert event_types(notifications(shipment_state(held), released)) == ["shipment_unhold"]


def test_dispatch_dates_changed(marketplace):
    change = new_change(marketplace)
    moved = copy.deepcopy(change)
    moved["shipment"]["dispatchByDate"] = "2030-01-01T10:00:00.000+05:30"
    (envelope,) = notifications(shipment_state(change), moved)

    assert envelope["eventType"] == "shipment_dispatch_dates_changed"
    assert envelope["attributes"]["dispatchByDate"] == "2030-01-01T10:00:00.000+05:30"


def test_return_lifecycle():
    # Returns open days after delivery, so the world needs weeks of history.
    marketplace = new_marketplace(history_days=45)
    _, changes = marketplace.shipment_changes(None)
    returned = copy.deepcopy(next(change for change in changes if change["returns"]))
    record = returned["returns"][0]
    record["status"] = "created"
    before = shipment_state({**returned, "returns": []})

    created = notifications(before, returned)
    completed = copy.deepcopy(returned)
    completed["returns"][0]["status"] = "completed"
    finished = notifications(shipment_state(returned), completed)

    assert event_types(created) == ["return_created"]
    assert created[0]["returnId"] == record["returnId"]
    assert created[0]["attributes"]["returnItems"][0]["orderItemId"] == record["orderItemId"]
    assert event_types(finished) == ["return_completed"]
    assert all(envelope["eventType"] in KNOWN_EVENTS for envelope in created + finished)


@pytest.fixture
def delivery(store) -> Iterator[tuple]:
    """A sandbox app and a receiver app, each under uvicorn, with the seller as an account."""
    marketplace = new_marketplace()
    seller = marketplace.sellers[0]
    owner = new_tenant(store, "pushed")
    account = add_account(
        owner, account_input("pushed", app_id=seller.app_id, app_secret=seller.app_secret)
    )
    sandbox_app = create_sandbox_app(marketplace)
    sandbox_app.state.notifier = Notifier(marketplace, retry_delays=(0.05, 0.05))
    with (
        ThreadedServer(sandbox_app) as sandbox,
        ThreadedServer(create_receiver_app(store)) as receiver,
        httpx.Client(base_url=sandbox.base_url, timeout=10.0) as admin,
    ):
        url = f"{receiver.base_url}/flipkart/notifications/{account.id}"
        yield marketplace, seller, admin, url
        sandbox_app.state.notifier.close()


def wait_for(condition, timeout: float = DELIVERY_TIMEOUT_SECONDS):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return condition()


def test_sandbox_delivers_signed(store, delivery):
    marketplace, seller, admin, url = delivery
    subscribed = admin.put(
        "/_sandbox/notifications", json={"sellerId": seller.seller_id, "url": url}
    )
    assert subscribed.status_code == 200
    assert subscribed.json()["subscriptions"] == {seller.seller_id: url}

    order_id = place_order(marketplace)

    def stored_created():
        with store.operator_read() as session:
            rows = session.scalars(select(WebhookEvent)).all()
        return [
            row
            for row in rows
            if row.event_type == "shipment_created"
            and row.payload["attributes"]["orderItems"][0]["orderId"] == order_id
        ]

    stored = wait_for(stored_created)
    status = admin.get("/_sandbox/notifications").json()
    assert len(stored) == 1, status
    assert status["sent"] >= 1
    assert status["failed"] == 0


def test_rejected_delivery_counted(store, delivery):
    marketplace, seller, admin, url = delivery
    wrong_account = url.rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    admin.put("/_sandbox/notifications", json={"sellerId": seller.seller_id, "url": wrong_account})

    place_order(marketplace)

    assert wait_for(lambda: admin.get("/_sandbox/notifications").json()["failed"] >= 1)
    with store.operator_read() as session:
        assert session.scalars(select(WebhookEvent)).all() == []


def test_unsubscribe_stops(delivery):
    _, seller, admin, url = delivery
    admin.put("/_sandbox/notifications", json={"sellerId": seller.seller_id, "url": url})

    removed = admin.request(
        "DELETE", "/_sandbox/notifications", json={"sellerId": seller.seller_id}
    )
    again = admin.request("DELETE", "/_sandbox/notifications", json={"sellerId": seller.seller_id})

    assert removed.json()["subscriptions"] == {}
    assert again.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"url": "http://127.0.0.1:1/x"},
        {"sellerId": "nobody", "url": "http://127.0.0.1:1/x"},
        {"sellerId": None, "url": "http://127.0.0.1:1/x"},
        {"sellerId": "SELLER", "url": "ftp://127.0.0.1/x"},
        {"sellerId": "SELLER", "url": 5},
    ],
)
def test_subscription_validated(delivery, body):
    _, seller, admin, _ = delivery
    if body.get("sellerId") == "SELLER":
        body = {**body, "sellerId": seller.seller_id}

    response = admin.put("/_sandbox/notifications", json=body)

    assert response.status_code == 400
    assert admin.get("/_sandbox/notifications").json()["subscriptions"] == {}


def test_subscription_loopback_only(marketplace):
    remote = TestClient(create_sandbox_app(marketplace), client=("10.1.2.3", 40000))
    seller_id = marketplace.sellers[0].seller_id

    response = remote.put(
        "/_sandbox/notifications", json={"sellerId": seller_id, "url": "http://10.1.2.3/x"}
    )

    assert response.status_code == 403
