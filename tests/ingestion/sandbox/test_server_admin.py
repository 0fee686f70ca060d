"""Admin endpoints of the sandbox server and every fault kind, observed through routes."""

import time

import pytest
from starlette.testclient import TestClient

from ingestion.sandbox.server import create_app
from ingestion.sandbox.server.middleware import ConnectionDropped
from ingestion.sandbox.simulation import Marketplace, SimConfig

FILTER_PATH = "/sellers/v3/shipments/filter"
POST_DISPATCH = {"filter": {"type": "postDispatch"}, "pagination": {"pageSize": 5}}


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    return Marketplace(SimConfig(seed=2, sellers=2, history_days=5, orders_per_day=12, speed=0))


@pytest.fixture
def client(marketplace) -> TestClient:
    return TestClient(create_app(marketplace))


def authorise(client: TestClient, seller) -> None:
    grant = client.get(
        "/oauth-service/oauth/token",
        params={"grant_type": "client_credentials"},
        auth=(seller.app_id, seller.app_secret),
    ).json()
    client.headers["Authorization"] = f"Bearer {grant['access_token']}"


def with_faults(marketplace, profile) -> TestClient:
    client = TestClient(create_app(marketplace, faults=profile))
    authorise(client, marketplace.sellers[0])
    return client


def test_health(client):
    body = client.get("/_sandbox/health").json()

    assert body["status"] == "ok"
    assert body["sellers"] == 2


def test_admin_rejects_remote_client(marketplace):
    remote = TestClient(create_app(marketplace), client=("10.1.2.3", 40000))
    response = remote.get("/_sandbox/credentials")

    assert response.status_code == 403


def test_credentials(client, marketplace):
    rows = client.get("/_sandbox/credentials").json()

    assert [row["app_id"] for row in rows] == [seller.app_id for seller in marketplace.sellers]
    assert rows[0]["app_secret"] == marketplace.sellers[0].app_secret
    assert rows[0]["location_ids"] == list(marketplace.sellers[0].location_ids)


def test_faults_get_default(client):
    assert client.get("/_sandbox/faults").json()["name"] == "none"


def test_faults_put_name(client):
    body = client.put("/_sandbox/faults", json="heavy").json()

    assert body["name"] == "heavy"
    assert client.get("/_sandbox/faults").json()["name"] == "heavy"


def test_faults_put_profile_key(client):
    assert client.put("/_sandbox/faults", json={"profile": "light"}).json()["name"] == "light"


def test_faults_put_custom(client):
    body = client.put("/_sandbox/faults", json={"name": "mine", "drop_rate": 0.5}).json()

    assert body["name"] == "mine"
    assert body["drop_rate"] == 0.5


def test_faults_put_invalid(client):
    response = client.put("/_sandbox/faults", json={"drop_rate": 3})

    assert response.status_code == 400
    assert "between 0 and 1" in response.json()["errors"][0]["errorMessage"]


def test_tokens_expire(client, marketplace):
    authorise(client, marketplace.sellers[0])
    revoked = client.post("/_sandbox/tokens/expire").json()
    response = client.post(FILTER_PATH, json=POST_DISPATCH)

    assert revoked == {"revoked": 1}
    assert response.status_code == 401


def test_stats_by_route_and_status(client, marketplace):
    authorise(client, marketplace.sellers[0])
    client.post(FILTER_PATH, json=POST_DISPATCH)
    client.post(FILTER_PATH, json={"filter": {}})
    stats = client.get("/_sandbox/stats").json()

    assert stats["requests"][f"POST {FILTER_PATH}"] == {"200": 1, "400": 1}
    assert stats["requests"]["GET /oauth-service/oauth/token"] == {"200": 1}
    assert stats["token_grants"][marketplace.sellers[0].app_id]["total"] == 1


def test_stats_reset(client, marketplace):
    authorise(client, marketplace.sellers[0])
    stats = client.delete("/_sandbox/stats").json()

    assert stats["token_grants"] == {}


def test_stats_unmatched_route(client):
    client.get("/nowhere")

    assert client.get("/_sandbox/stats").json()["requests"]["GET (no route)"] == {"404": 1}


def test_clock_advance(client):
    before = client.get("/_sandbox/clock").json()
    after = client.put("/_sandbox/clock", json={"advance_seconds": 3600}).json()

    assert after["now"] > before["now"]


def test_clock_speed(client):
    body = client.put("/_sandbox/clock", json={"speed": 0}).json()

    assert body["speed"] == 0


def test_clock_invalid(client):
    response = client.put("/_sandbox/clock", json={"speed": -1})

    assert response.status_code == 400


def test_truth_for_one_seller(client, marketplace):
    seller_id = marketplace.sellers[0].seller_id
    body = client.get("/_sandbox/truth", params={"seller_id": seller_id})

    assert body.status_code == 200
    assert body.json() == marketplace.truth(seller_id)


def test_truth_unknown_seller(client):
    assert client.get("/_sandbox/truth", params={"seller_id": "nobody"}).status_code == 404


def test_fault_rate_limit_with_retry_after(marketplace):
    client = with_faults(marketplace, {"rate_limit_rate": 1.0})
    response = client.post(FILTER_PATH, json=POST_DISPATCH)
    faults = client.get("/_sandbox/stats").json()["faults"]

    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert faults["rate_limit"] == 1


def test_fault_rate_limit_without_retry_after(marketplace):
    client = with_faults(marketplace, {"rate_limit_no_retry_after_rate": 1.0})
    response = client.post(FILTER_PATH, json=POST_DISPATCH)

    assert response.status_code == 429
    assert "retry-after" not in response.headers


def test_fault_error_burst(marketplace):
    profile = {"error_burst_rate": 0.5, "error_burst_length": 3, "error_statuses": [500]}
    client = with_faults(marketplace, profile)
    statuses = [client.post(FILTER_PATH, json=POST_DISPATCH).status_code for _ in range(40)]
    first = statuses.index(500)

    assert statuses[first : first + 3] == [500, 500, 500]


def test_fault_dropped_connection(marketplace):
    client = with_faults(marketplace, {"drop_rate": 1.0})

    with pytest.raises(ConnectionDropped):
        client.post(FILTER_PATH, json=POST_DISPATCH)
    assert client.get("/_sandbox/stats").json()["faults"]["dropped_connection"] == 1


def test_fault_slow_response(marketplace):
    client = with_faults(marketplace, {"slow_rate": 1.0, "slow_seconds": 0.3})
    started = time.perf_counter()
    response = client.post(FILTER_PATH, json=POST_DISPATCH)

    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_fault_token_expiry(marketplace):
    client = with_faults(marketplace, {"token_expiry_requests": 2})
    first = client.post(FILTER_PATH, json=POST_DISPATCH)
    second = client.post(FILTER_PATH, json=POST_DISPATCH)

    assert first.status_code == 200
    assert second.status_code == 401
    assert second.json()["error"] == "invalid_token"


def test_fault_state_change_between_pages(marketplace):
    client = with_faults(marketplace, {"state_change_rate": 1.0, "state_change_steps": 2})
    page = client.post(FILTER_PATH, json=POST_DISPATCH).json()
    version = marketplace.version
    client.get("/sellers" + page["nextPageUrl"])
    faults = client.get("/_sandbox/stats").json()["faults"]

    assert marketplace.version > version
    assert faults["state_change"] == 1


def test_faults_spare_token_and_admin(marketplace):
    client = TestClient(create_app(marketplace, faults={"rate_limit_rate": 1.0}))
    seller = marketplace.sellers[0]
    token = client.get(
        "/oauth-service/oauth/token",
        params={"grant_type": "client_credentials"},
        auth=(seller.app_id, seller.app_secret),
    )

    assert token.status_code == 200
    assert client.get("/_sandbox/health").status_code == 200
