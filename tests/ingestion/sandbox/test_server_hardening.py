"""Hostile input to the sandbox server: clock and fault settings, forged page tokens, bodies."""

import base64
import json
from datetime import datetime

import pytest
from starlette.testclient import TestClient

from ingestion.sandbox.server import create_app
from ingestion.sandbox.server.faults import FaultProfile
from ingestion.sandbox.simulation import Marketplace, SimConfig
from ingestion.sandbox.simulation.config import IST

FILTER_PATH = "/sellers/v3/shipments/filter"
SHIPMENTS_PATH = "/sellers/v3/shipments"
RETURNS_PATH = "/sellers/v2/returns"
DEEP_BODY = b"[" * 100_000 + b"]" * 100_000
JSON_ROUTES = [
    ("POST", FILTER_PATH),
    ("POST", f"{SHIPMENTS_PATH}/labels"),
    ("POST", f"{SHIPMENTS_PATH}/dispatch"),
    ("POST", f"{SHIPMENTS_PATH}/cancel"),
    ("POST", f"{SHIPMENTS_PATH}/manifest"),
    ("POST", "/sellers/listings/v3/details"),
    ("POST", "/sellers/listings/v3/search"),
    ("POST", "/sellers/listings/v3/update/inventory"),
    ("POST", "/sellers/orders/sandbox/test_orders"),
    ("PUT", "/_sandbox/faults"),
    ("PUT", "/_sandbox/clock"),
]


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    return Marketplace(SimConfig(seed=5, sellers=2, history_days=20, orders_per_day=15, speed=0))


@pytest.fixture(scope="module")
def client(api_client) -> TestClient:
    return api_client


def tiny_marketplace(**overrides) -> Marketplace:
    config = {"seed": 3, "sellers": 1, "history_days": 1, "orders_per_day": 2, "speed": 0}
    return Marketplace(SimConfig(**{**config, **overrides}))


def forge(payload) -> str:
    raw = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def shipment_token(seller_id: str, **changes) -> str:
    payload = {
        "kind": "shipments",
        "sellerId": seller_id,
        "query": {"filter": {"type": "postDispatch"}, "sort": {}},
        "offset": 0,
        "pageSize": 5,
    }
    return forge({**payload, **changes})


def first_error(response) -> dict:
    return response.json()["errors"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"speed": NaN}', "NaN"),
        (b'{"speed": 1e400}', "speed"),
        (b'{"speed": 1e300}', "speed"),
        (b'{"speed": true}', "speed"),
        (b'{"speed": -1}', "speed"),
        (b'{"advance_seconds": Infinity}', "Infinity"),
        (b'{"advance_seconds": 1e300}', "advance_seconds"),
        (b'{"advance_seconds": 31557601}', "advance_seconds"),
        (b'{"advance_seconds": "60"}', "advance_seconds"),
    ],
)
def test_clock_rejects_value(body, field):
    client = TestClient(create_app(tiny_marketplace()))
    response = client.put("/_sandbox/clock", content=body)

    assert response.status_code == 400
    assert field in first_error(response)["errorMessage"]
    assert client.get("/_sandbox/health").status_code == 200
    assert client.get("/_sandbox/clock").json()["speed"] == 0


def test_clock_rejects_bad_speed_with_good_advance():
    client = TestClient(create_app(tiny_marketplace()))
    before = client.get("/_sandbox/clock").json()["now"]
    response = client.put("/_sandbox/clock", json={"speed": 1e7, "advance_seconds": 60})

    assert response.status_code == 400
    assert client.get("/_sandbox/clock").json()["now"] == before


def test_clock_stops_before_year_limit():
    start = datetime(8999, 6, 1, tzinfo=IST)
    client = TestClient(create_app(tiny_marketplace(start=start, orders_per_day=0)))
    response = client.put("/_sandbox/clock", json={"advance_seconds": 31_000_000})

    assert response.status_code == 400
    assert "9000-01-01" in first_error(response)["errorMessage"]
    assert client.get("/_sandbox/health").status_code == 200


def test_clock_accepts_limits():
    client = TestClient(create_app(tiny_marketplace(orders_per_day=0)))
    response = client.put("/_sandbox/clock", json={"speed": 1e6, "advance_seconds": 86_400})

    assert response.status_code == 200
    assert response.json()["speed"] == 1e6


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"error_statuses": [], "error_burst_rate": 1}, "error_statuses"),
        ({"error_statuses": 5}, "error_statuses"),
        ({"error_statuses": [True]}, "error_statuses"),
        ({"error_statuses": ["500"]}, "error_statuses"),
        (b'{"slow_rate": 1, "slow_seconds": 1e400}', "slow_seconds"),
        ({"slow_seconds": -0.5}, "slow_seconds"),
        ({"slow_seconds": 1e9}, "slow_seconds"),
        ({"token_expiry_requests": 0.5}, "token_expiry_requests"),
        ({"token_expiry_seconds": "10"}, "token_expiry_seconds"),
        ({"error_burst_length": 2.5}, "error_burst_length"),
        ({"error_burst_length": 0}, "error_burst_length"),
        ({"state_change_steps": 10**9}, "state_change_steps"),
        ({"retry_after_seconds": "1"}, "retry_after_seconds"),
        ({"drop_rate": "0.1"}, "drop_rate"),
        ({"drop_rate": True}, "drop_rate"),
        ({"name": []}, "name"),
        ({"name": {"a": 1}}, "name"),
        ({"name": ""}, "name"),
        ({"seed": []}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"profile": {"seed": "7"}}, "seed"),
    ],
)
def test_faults_reject_field(client, body, field):
    if isinstance(body, bytes):
        response = client.put("/_sandbox/faults", content=body)
    else:
        response = client.put("/_sandbox/faults", json=body)
    message = first_error(response)["errorMessage"]

    assert response.status_code == 400
    assert f"field {field} must be" in message
    assert client.get("/_sandbox/faults").json()["name"] == "none"


@pytest.mark.parametrize(
    "body",
    [
        b'{"slow_rate": 1, "slow_seconds": NaN}',
        DEEP_BODY,
        b'{"profile": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        json.dumps("{" * 50_000).encode(),
        json.dumps('{"a": ' + "[" * 50_000).encode(),
    ],
)
def test_faults_reject_malformed(client, body):
    response = client.put("/_sandbox/faults", content=body)

    assert response.status_code == 400
    assert "errors" in response.json()


def test_profile_rejects_nan():
    with pytest.raises(ValueError, match="slow_seconds"):
        FaultProfile(slow_seconds=float("nan"))


def test_profile_keeps_statuses_tuple():
    assert FaultProfile(error_statuses=[502]).error_statuses == (502,)


@pytest.mark.parametrize(
    "changes",
    [
        {"query": {"filter": [], "sort": {}}},
        {"query": {"filter": {"type": "postDispatch"}, "sort": "x"}},
        {"query": {"filter": {"type": "postDispatch"}, "sort": []}},
        {"query": {"filter": {"type": 5}, "sort": {}}},
        {"query": {"filter": {"type": "postDispatch", "orderDate": 1}, "sort": {}}},
        {"query": {"filter": {"type": "postDispatch"}, "sort": {}, "extra": 1}},
        {"query": []},
        {"pageSize": 100_000},
        {"pageSize": 2.5},
        {"pageSize": True},
        {"offset": True},
        {"offset": -1},
        {"kind": ["shipments"]},
    ],
)
def test_forged_shipment_token(client, seller, changes):
    token = shipment_token(seller.seller_id, **changes)
    response = client.get(FILTER_PATH, params={"next_token": token})

    assert response.status_code == 400
    assert first_error(response)["errorCode"] == "INVALID_PAGE_TOKEN"
    assert "Invalid next_token" in first_error(response)["errorMessage"]


@pytest.mark.parametrize(
    "payload",
    [[1], "text", b"[" * 20_000 + b"]" * 20_000, {"kind": "shipments"}],
)
def test_forged_token_payload(client, payload):
    response = client.get(FILTER_PATH, params={"next_token": forge(payload)})

    assert response.status_code == 400
    assert first_error(response)["errorCode"] == "INVALID_PAGE_TOKEN"


def test_token_without_sort_uses_default(client, seller):
    token = shipment_token(seller.seller_id, query={"filter": {"type": "postDispatch"}})
    response = client.get(FILTER_PATH, params={"next_token": token})

    assert response.status_code == 200
    assert len(response.json()["shipments"]) == 5


@pytest.mark.parametrize(
    "changes",
    [
        {"query": {"source": ["courier_return"]}},
        {"query": {"source": "courier_return", "limit": "9"}},
        {"query": {"source": "courier_return", "locationId": 5}},
        {"pageSize": 1000},
    ],
)
def test_forged_returns_token(client, seller, changes):
    payload = {
        "kind": "returns",
        "sellerId": seller.seller_id,
        "query": {"source": "courier_return"},
        "offset": 0,
        "pageSize": 25,
    }
    response = client.get(f"{RETURNS_PATH}/search/{forge({**payload, **changes})}")

    assert response.status_code == 400
    assert first_error(response)["errorCode"] == "INVALID_PAGE_TOKEN"


@pytest.mark.parametrize(
    "changes",
    [
        {"query": {"listing_status": "SOLD"}},
        {"query": {"listing_status": ["ACTIVE"]}},
        {"query": {}},
        {"pageSize": 10**6},
    ],
)
def test_forged_listing_token(client, seller, changes):
    payload = {
        "kind": "listings",
        "sellerId": seller.seller_id,
        "query": {"listing_status": None},
        "offset": 0,
        "pageSize": 500,
    }
    response = client.post(
        "/sellers/listings/v3/search", json={"page_id": forge({**payload, **changes})}
    )

    assert response.status_code == 400
    assert first_error(response)["errorCode"] == "INVALID_PAGE_TOKEN"


@pytest.mark.parametrize(("method", "path"), JSON_ROUTES)
def test_deep_body_rejected(client, method, path):
    response = client.request(method, path, content=DEEP_BODY)

    assert response.status_code == 400
    assert "nested too deeply" in first_error(response)["errorMessage"]


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_json_constant_rejected(client, constant):
    body = b'{"filter": {"type": "postDispatch"}, "pagination": {"pageSize": ' + constant + b"}}"
    response = client.post(FILTER_PATH, content=body)

    assert response.status_code == 400
    assert "not valid JSON" in first_error(response)["errorMessage"]


def test_handover_unknown_location(client):
    response = client.get(f"{SHIPMENTS_PATH}/handover/counts", params={"locationId": "LOC-x"})

    assert response.status_code == 400
    assert "LOC-x" in first_error(response)["errorMessage"]


@pytest.mark.parametrize(
    ("pickup_date", "fragment"),
    [
        ("nope", "params.pickupDate"),
        ({"from": "nope"}, "params.pickupDate.from"),
        ({"from": "2026-12-01T10:00:00"}, "no UTC offset"),
        ({"from": "2026-12-02T10:00:00+05:30", "to": "2026-12-01T10:00:00+05:30"}, "starts after"),
        ({"after": "2026-12-01T10:00:00+05:30"}, "unknown keys"),
    ],
)
def test_manifest_rejects_pickup_date(client, pickup_date, fragment):
    params = {"vendorGroupCode": "Ekart Logistics", "pickupDate": pickup_date}
    response = client.post(f"{SHIPMENTS_PATH}/manifest", json={"params": params})

    assert response.status_code == 400
    assert fragment in first_error(response)["errorMessage"]


def test_manifest_rejects_is_mps_text(client):
    params = {"vendorGroupCode": "Ekart Logistics", "is_mps": "no"}
    response = client.post(f"{SHIPMENTS_PATH}/manifest", json={"params": params})

    assert response.status_code == 400
    assert "is_mps" in first_error(response)["errorMessage"]


def test_manifest_accepts_pickup_window(client, seller):
    params = {
        "vendorGroupCode": "Ekart Logistics",
        "pickupDate": {"from": "2026-12-01T10:00:00.000+05:30", "to": "2026-12-01T12:00:00Z"},
        "locationId": seller.location_ids[0],
        "is_mps": False,
    }
    response = client.post(f"{SHIPMENTS_PATH}/manifest", json={"params": params})

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(("reprint", "status"), [("maybe", 400), ("1", 400), ("true", 200)])
def test_label_only_reprint(client, marketplace, seller, reprint, status):
    shipment_id = marketplace.find_shipments(seller.seller_id, type="postDispatch")[0]
    path = f"{SHIPMENTS_PATH}/{shipment_id}/labelOnly/pdf"
    response = client.post(path, params={"reprint": reprint})

    assert response.status_code == status


def test_returns_rejects_both_date_kinds(client):
    params = {
        "source": "courier_return",
        "createdAfter": "2026-11-01T00:00:00Z",
        "modifiedAfter": "2026-11-01T00:00:00Z",
    }
    response = client.get(RETURNS_PATH, params=params)

    assert response.status_code == 400
    assert "not both" in first_error(response)["errorMessage"]


def test_returns_accepts_one_date_kind(client):
    params = {"source": "courier_return", "createdAfter": "2026-11-01T00:00:00Z"}

    assert client.get(RETURNS_PATH, params=params).status_code == 200


def test_cancellation_type_needs_cancelled(client):
    body = {"filter": {"type": "preDispatch", "cancellationType": "sellerCancellation"}}
    response = client.post(FILTER_PATH, json=body)

    assert response.status_code == 400
    assert "cancellationType" in first_error(response)["errorMessage"]


def test_cancellation_type_with_cancelled(client):
    body = {"filter": {"type": "cancelled", "cancellationType": "buyerCancellation"}}

    assert client.post(FILTER_PATH, json=body).status_code == 200


@pytest.mark.parametrize(
    ("sort", "fragment"),
    [
        ([], "sort must be an object"),
        ("dispatchByDate", "sort must be an object"),
        ({"field": "price"}, "sort.field"),
        ({"field": ["orderDate"]}, "sort.field"),
        ({"order": "up"}, "sort.order"),
        ({"field": "orderDate", "direction": "asc"}, "unknown keys"),
    ],
)
def test_sort_rejected(client, sort, fragment):
    body = {"filter": {"type": "postDispatch"}, "sort": sort}
    response = client.post(FILTER_PATH, json=body)

    assert response.status_code == 400
    assert fragment in first_error(response)["errorMessage"]


def test_sort_null_uses_default(client):
    body = {"filter": {"type": "postDispatch"}, "sort": None}

    assert client.post(FILTER_PATH, json=body).status_code == 200
