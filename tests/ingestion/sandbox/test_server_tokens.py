"""The sandbox's OAuth token store: grants, expiry, revocation and codes."""

import pytest

from ingestion.sandbox.server.tokens import Client, OAuthError, TokenStore

CLIENT = Client("app-1", "secret-1", "seller-1")
OTHER = Client("app-2", "secret-2", "seller-2")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> TokenStore:
    return TokenStore([CLIENT, OTHER], access_lifetime=60, clock=clock)


def test_authenticate_unknown_client(store):
    with pytest.raises(OAuthError) as caught:
        store.authenticate("nobody", "x")

    assert caught.value.status == 401
    assert caught.value.body() == {
        "error": "unauthorized",
        "error_description": "No client with requested id: nobody",
    }


def test_authenticate_wrong_secret(store):
    with pytest.raises(OAuthError) as caught:
        store.authenticate("app-1", "wrong")

    assert caught.value.body() == {"error": "unauthorized", "error_description": "Bad credentials"}


def test_client_credentials_fields(store):
    grant = store.client_credentials(CLIENT)

    assert list(grant) == ["access_token", "token_type", "expires_in", "scope"]
    assert grant["token_type"] == "bearer"
    assert grant["expires_in"] == 60
    assert grant["scope"] == "Seller_Api"


def test_client_credentials_reuses_live_token(store, clock):
    first = store.client_credentials(CLIENT)
    clock.now += 20
    second = store.client_credentials(CLIENT)

    assert second["access_token"] == first["access_token"]
    assert second["expires_in"] == 40


def test_token_expires(store, clock):
    token = store.client_credentials(CLIENT)["access_token"]
    clock.now += 61

    assert store.seller_for(token) is None


def test_token_maps_to_seller(store):
    token = store.client_credentials(OTHER)["access_token"]

    assert store.seller_for(token) == "seller-2"


def test_revoke_all(store):
    token = store.client_credentials(CLIENT)["access_token"]
    revoked = store.revoke_all()
    renewed = store.client_credentials(CLIENT)["access_token"]

    assert revoked == 1
    assert store.seller_for(token) is None
    assert renewed != token


def test_grant_counts(store):
    store.client_credentials(CLIENT)
    store.client_credentials(CLIENT)

    assert store.grant_counts() == {"app-1": {"client_credentials": 2, "total": 2}}


def test_code_exchange_and_refresh(store):
    code = store.issue_code(CLIENT, "https://app.example/cb")
    grant = store.authorization_code(CLIENT, code, "https://app.example/cb")
    refreshed = store.refresh(CLIENT, grant["refresh_token"])

    assert store.seller_for(grant["access_token"]) is None
    assert store.seller_for(refreshed["access_token"]) == "seller-1"
    assert refreshed["refresh_token"] == grant["refresh_token"]


def test_code_single_use(store):
    code = store.issue_code(CLIENT, "https://app.example/cb")
    store.authorization_code(CLIENT, code, "https://app.example/cb")

    with pytest.raises(OAuthError, match="Invalid authorization code"):
        store.authorization_code(CLIENT, code, "https://app.example/cb")


def test_code_expires(store, clock):
    code = store.issue_code(CLIENT, "https://app.example/cb")
    clock.now += 301

    with pytest.raises(OAuthError, match="Invalid authorization code"):
        store.authorization_code(CLIENT, code, "https://app.example/cb")


def test_code_redirect_mismatch(store):
    code = store.issue_code(CLIENT, "https://app.example/cb")

    with pytest.raises(OAuthError, match="Redirect URI mismatch"):
        store.authorization_code(CLIENT, code, "https://evil.example/cb")


def test_code_of_other_client(store):
    code = store.issue_code(CLIENT, "https://app.example/cb")

    with pytest.raises(OAuthError) as caught:
        store.authorization_code(OTHER, code, "https://app.example/cb")

    assert caught.value.error == "invalid_grant"


def test_refresh_survives_revoke(store):
    code = store.issue_code(CLIENT, "https://app.example/cb")
    grant = store.authorization_code(CLIENT, code, "https://app.example/cb")
    store.revoke_all()
    refreshed = store.refresh(CLIENT, grant["refresh_token"])

    assert store.seller_for(refreshed["access_token"]) == "seller-1"


def test_refresh_unknown_token(store):
    with pytest.raises(OAuthError) as caught:
        store.refresh(CLIENT, "nope")

    assert caught.value.status == 400
    assert caught.value.error == "invalid_grant"
