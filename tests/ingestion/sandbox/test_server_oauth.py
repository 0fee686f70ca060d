"""OAuth routes of the sandbox server and the bearer-token check on API calls."""

from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from ingestion.sandbox.server import ServerSettings, create_app
from ingestion.sandbox.simulation import Marketplace, SimConfig

TOKEN_PATH = "/oauth-service/oauth/token"
AUTHORIZE_PATH = "/oauth-service/oauth/authorize"
FILTER_PATH = "/sellers/v3/shipments/filter"
FILTER_BODY = {"filter": {"type": "preDispatch"}}
CALLBACK = "https://partner.example/callback"


@pytest.fixture(scope="module")
def marketplace() -> Marketplace:
    return Marketplace(SimConfig(seed=11, sellers=2, history_days=3, orders_per_day=10, speed=0))


@pytest.fixture
def client(marketplace) -> TestClient:
    return TestClient(create_app(marketplace), follow_redirects=False)


@pytest.fixture
def seller(marketplace):
    return marketplace.sellers[0]


def client_credentials(client, seller, **params):
    query = {"grant_type": "client_credentials", "scope": "Seller_Api", **params}
    return client.get(TOKEN_PATH, params=query, auth=(seller.app_id, seller.app_secret))


def test_client_credentials_response(client, seller):
    response = client_credentials(client, seller)
    body = response.json()

    assert response.status_code == 200
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 5183999
    assert body["scope"] == "Seller_Api"


def test_token_lifetime_configurable(marketplace, seller):
    app = create_app(marketplace, settings=ServerSettings(access_token_lifetime=90))
    body = client_credentials(TestClient(app), seller).json()

    assert body["expires_in"] == 90


def test_token_post_form(client, seller):
    form = {
        "grant_type": "client_credentials",
        "client_id": seller.app_id,
        "client_secret": seller.app_secret,
    }
    response = client.post(TOKEN_PATH, data=form)

    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"


def test_token_unknown_client(client):
    response = client.get(
        TOKEN_PATH, params={"grant_type": "client_credentials"}, auth=("ghost-app", "x")
    )

    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "error_description": "No client with requested id: ghost-app",
    }


def test_token_bad_secret(client, seller):
    response = client.get(
        TOKEN_PATH, params={"grant_type": "client_credentials"}, auth=(seller.app_id, "wrong")
    )

    assert response.status_code == 401
    assert response.json() == {"error": "unauthorized", "error_description": "Bad credentials"}


def test_token_without_credentials(client):
    response = client.get(TOKEN_PATH, params={"grant_type": "client_credentials"})

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_token_unsupported_grant(client, seller):
    response = client_credentials(client, seller, grant_type="password")

    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_token_invalid_scope(client, seller):
    response = client_credentials(client, seller, scope="Admin_Api")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_token_counts_grants_per_app(client, seller):
    client_credentials(client, seller)
    client_credentials(client, seller)
    grants = client.get("/_sandbox/stats").json()["token_grants"]

    assert grants[seller.app_id]["client_credentials"] == 2


def test_authorization_code_flow(client, seller):
    authorize = client.get(
        AUTHORIZE_PATH,
        params={
            "client_id": seller.app_id,
            "redirect_uri": CALLBACK,
            "response_type": "code",
            "scope": "Seller_Api",
            "state": "xyz",
        },
    )
    location = urlsplit(authorize.headers["location"])
    query = parse_qs(location.query)
    exchange = client.get(
        TOKEN_PATH,
        params={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": CALLBACK,
            "state": "xyz",
        },
        auth=(seller.app_id, seller.app_secret),
    )
    grant = exchange.json()
    refreshed = client.get(
        TOKEN_PATH,
        params={"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]},
        auth=(seller.app_id, seller.app_secret),
    )

    assert authorize.status_code == 302
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    assert query["state"] == ["xyz"]
    assert exchange.status_code == 200
    assert list(grant) == ["access_token", "token_type", "refresh_token", "expires_in", "scope"]
    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] != grant["access_token"]


def test_authorization_code_single_use(client, seller):
    authorize = client.get(
        AUTHORIZE_PATH,
        params={"client_id": seller.app_id, "redirect_uri": CALLBACK, "response_type": "code"},
    )
    code = parse_qs(urlsplit(authorize.headers["location"]).query)["code"][0]
    params = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
    first = client.get(TOKEN_PATH, params=params, auth=(seller.app_id, seller.app_secret))
    second = client.get(TOKEN_PATH, params=params, auth=(seller.app_id, seller.app_secret))

    assert first.status_code == 200
    assert second.status_code == 400
    assert second.json()["error"] == "invalid_grant"


def test_authorize_rejects_plain_http_redirect(client, seller):
    response = client.get(
        AUTHORIZE_PATH,
        params={
            "client_id": seller.app_id,
            "redirect_uri": "http://partner.example/cb",
            "response_type": "code",
        },
    )

    assert response.status_code == 400


def test_api_without_token(client):
    response = client.post(FILTER_PATH, json=FILTER_BODY)

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_api_with_unknown_token(client):
    response = client.post(
        FILTER_PATH, json=FILTER_BODY, headers={"Authorization": "Bearer not-a-token"}
    )

    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_token",
        "error_description": "Invalid access token: not-a-token",
    }


def test_api_with_revoked_token(client, seller):
    token = client_credentials(client, seller).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    before = client.post(FILTER_PATH, json=FILTER_BODY, headers=headers)
    client.post("/_sandbox/tokens/expire")
    after = client.post(FILTER_PATH, json=FILTER_BODY, headers=headers)

    assert before.status_code == 200
    assert after.status_code == 401
    assert after.json()["error_description"] == f"Invalid access token: {token}"


def test_api_with_expired_token(marketplace, seller):
    app = create_app(marketplace, settings=ServerSettings(access_token_lifetime=0))
    client = TestClient(app)
    token = client_credentials(client, seller).json()["access_token"]
    response = client.post(
        FILTER_PATH, json=FILTER_BODY, headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 401
