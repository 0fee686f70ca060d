"""OAuth: token requests, the token cache, single-flight renewal and secret hiding."""

from __future__ import annotations

import base64
import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from client_fakes import APP_ID, APP_SECRET, HOST, TOKEN_PATH, TokenIssuer, make_client

from ingestion.client import MemoryTokenStore, Token, TokenError, TokenProvider


def ok_api(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"shipments": []})


def test_token_request_exact() -> None:
    client, issuer = make_client(ok_api)

    client.shipments.get(shipment_ids=["s1"])

    request = issuer.calls[0]
    expected_basic = base64.b64encode(f"{APP_ID}:{APP_SECRET}".encode()).decode()
    assert len(issuer.calls) == 1
    assert request.method == "GET"
    assert f"{request.url.scheme}://{request.url.host}{request.url.path}" == f"{HOST}{TOKEN_PATH}"
    assert dict(request.url.params) == {"grant_type": "client_credentials", "scope": "Seller_Api"}
    assert request.headers["Authorization"] == f"Basic {expected_basic}"
    assert request.content == b""


def test_api_call_uses_bearer() -> None:
    seen: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"shipments": []})

    client, _ = make_client(api)
    client.shipments.get(shipment_ids=["s1"])

    assert seen[0].headers["Authorization"] == "Bearer token-1"


def test_token_reused_until_margin() -> None:
    client, issuer = make_client(ok_api)

    client.shipments.get(shipment_ids=["a"])
    client.shipments.get(shipment_ids=["b"])

    assert len(issuer.calls) == 1


def test_token_renewed_inside_margin() -> None:
    client, issuer = make_client(ok_api, tokens=TokenIssuer(expires_in=200))

    client.shipments.get(shipment_ids=["a"])
    client.shipments.get(shipment_ids=["b"])

    assert len(issuer.calls) == 2


class RefusingIssuer(TokenIssuer):
    """A token endpoint that rejects the app secret."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        body = {"error": "unauthorized", "error_description": "Bad credentials"}
        return httpx.Response(401, json=body)


def test_token_error_bad_credentials() -> None:
    client, issuer = make_client(ok_api, tokens=RefusingIssuer())

    with pytest.raises(TokenError) as caught:
        client.shipments.get(shipment_ids=["a"])

    assert len(issuer.calls) == 1
    assert caught.value.status_code == 401
    assert caught.value.error == "unauthorized"
    assert caught.value.error_description == "Bad credentials"
    assert APP_SECRET not in str(caught.value)


def test_authorize_url_has_state() -> None:
    client, _ = make_client(ok_api)

    url = client.oauth.authorize_url("https://seller.example/callback", state="st-42")

    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{HOST}/oauth-service/oauth/authorize"
    assert query == {
        "client_id": APP_ID,
        "redirect_uri": "https://seller.example/callback",
        "response_type": "code",
        "scope": "Seller_Api",
        "state": "st-42",
    }


def test_code_exchange_query() -> None:
    client, issuer = make_client(ok_api)

    client.oauth.exchange_code("code-9", "https://seller.example/callback", "st-42")

    assert dict(issuer.calls[0].url.params) == {
        "redirect_uri": "https://seller.example/callback",
        "grant_type": "authorization_code",
        "state": "st-42",
        "code": "code-9",
    }


def test_refresh_grant_used_when_refresh_token_cached() -> None:
    expired = Token(
        access_token="old",
        expires_at=datetime.now(UTC) - timedelta(seconds=1),
        refresh_token="refresh-1",
    )
    client, issuer = make_client(ok_api, token_store=MemoryTokenStore(expired))

    client.shipments.get(shipment_ids=["a"])

    assert dict(issuer.calls[0].url.params) == {
        "grant_type": "refresh_token",
        "refresh_token": "refresh-1",
    }


def test_rejected_token_refreshed() -> None:
    stored = Token(
        access_token="partner-access",
        expires_at=datetime.now(UTC) + timedelta(days=30),
        refresh_token="refresh-7",
    )

    def api(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] == "Bearer partner-access":
            return httpx.Response(401, json={"error": "invalid_token"})
        return httpx.Response(200, json={"shipments": []})

    client, issuer = make_client(api, token_store=MemoryTokenStore(stored))
    client.shipments.get(shipment_ids=["a"])

    assert len(issuer.calls) == 1
    assert dict(issuer.calls[0].url.params) == {
        "grant_type": "refresh_token",
        "refresh_token": "refresh-7",
    }


def test_repr_hides_secrets() -> None:
    token = Token("acc-secret", datetime.now(UTC), refresh_token="ref-secret")
    client, _ = make_client(ok_api)

    assert "acc-secret" not in repr(token)
    assert "ref-secret" not in repr(token)
    assert APP_SECRET not in repr(client)
    assert APP_SECRET not in repr(client.oauth._credentials)


def test_invalid_token_single_renewal_across_threads() -> None:
    """Eight threads get 401 invalid_token at once; one token request serves all retries."""
    barrier = threading.Barrier(8)
    api_calls: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        presented = request.headers["Authorization"].removeprefix("Bearer ")
        api_calls.append(presented)
        if presented == "token-1":
            barrier.wait(timeout=5)
            body = {
                "error": "invalid_token",
                "error_description": f"Invalid access token: {presented}",
            }
            return httpx.Response(401, json=body)
        return httpx.Response(200, json={"shipments": []})

    client, issuer = make_client(api)
    client.tokens.get()
    failures: list[BaseException] = []

    def work(number: int) -> None:
        try:
            client.shipments.get(shipment_ids=[f"s{number}"])
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert failures == []
    assert len(issuer.calls) == 2
    assert api_calls.count("token-1") == 8
    assert api_calls.count("token-2") == 8


def test_invalidate_ignores_replaced_token() -> None:
    issued = iter(["t1", "t2", "t3"])

    def renew(previous: Token | None) -> Token:
        return Token(next(issued), datetime.now(UTC) + timedelta(days=1))

    provider = TokenProvider(renew)
    first = provider.get()
    provider.invalidate(first)
    second = provider.get()
    provider.invalidate(first)

    assert second.access_token == "t2"
    assert provider.get().access_token == "t2"


def test_store_saves_new_token() -> None:
    store = MemoryTokenStore()
    client, _ = make_client(ok_api, token_store=store)

    client.shipments.get(shipment_ids=["a"])

    saved = store.load()
    assert saved is not None
    assert saved.access_token == "token-1"
    assert saved.expires_at.tzinfo is not None
