"""Token responses and secrets: odd lifetimes, malformed tokens, redacted error text."""

from __future__ import annotations

import logging
import random

import httpx
import pytest
from client_fakes import APP_ID, HOST, TokenIssuer, make_client

from ingestion.client import (
    FlipkartClient,
    InvalidRequestError,
    InvalidResponseError,
    NotFoundError,
    RetryBudgetExhausted,
    TokenError,
)
from ingestion.client.redact import Redactor

EMPTY_PAGE = {"shipments": []}


class RawTokens(TokenIssuer):
    """Token responses with a fixed raw body, counting the requests."""

    def __init__(self, body: bytes, status: int = 200) -> None:
        super().__init__()
        self.body = body
        self.status = status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        headers = {"Content-Type": "application/json"}
        return httpx.Response(self.status, content=self.body, headers=headers)


def token_body(expires_in: bytes | None, access_token: bytes = b'"tok-ACCESS-123456"') -> bytes:
    body = b'{"access_token":' + access_token
    if expires_in is not None:
        body += b',"expires_in":' + expires_in
    return body + b"}"


@pytest.mark.parametrize(
    "expires_in",
    [None, b"0", b"-5", b"true", b'"abc"', b"[1]", b'"NaN"', b"1e400", b"null"],
)
def test_bad_lifetime_one_token_request(
    expires_in: bytes | None, caplog: pytest.LogCaptureFixture
) -> None:
    tokens = RawTokens(token_body(expires_in))
    client, _ = make_client(lambda request: httpx.Response(200, json=EMPTY_PAGE), tokens=tokens)

    with caplog.at_level(logging.WARNING, logger="ingestion.client"):
        for _ in range(3):
            client.shipments.get(shipment_ids=["S1"])

    warnings = [record for record in caplog.records if "expires_in" in record.getMessage()]
    assert len(tokens.calls) == 1
    assert len(warnings) == 1


@pytest.mark.parametrize(
    "access_token", ['"t\\u00f6k-123456789"', '"tok-123456789 "', '"tok-123456789\\n"', "17"]
)
def test_malformed_token_not_sent(access_token: str) -> None:
    sent: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=EMPTY_PAGE)

    tokens = RawTokens(token_body(b"3600", access_token.encode()))
    client, _ = make_client(api, tokens=tokens)

    with pytest.raises(InvalidResponseError, match="malformed access_token") as caught:
        client.shipments.get(shipment_ids=["S1"])
    assert "123456789" not in str(caught.value)
    assert sent == []


def test_token_error_field_redacted() -> None:
    secret = "app-secret-XYZ"
    body = b'{"error":"bad app-secret-XYZ","error_description":"secret app-secret-XYZ"}'
    client, _ = make_client(lambda request: httpx.Response(200), tokens=RawTokens(body, 401))

    with pytest.raises(TokenError) as caught:
        client.tokens.get()
    assert secret not in str(caught.value)
    assert secret not in (caught.value.error or "")


def test_header_error_hides_token() -> None:
    token = "tok-ACCESS-123456"

    def reject_header(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/oauth-service"):
            return httpx.Response(200, json={"access_token": token, "expires_in": 3600})
        raise httpx.LocalProtocolError(f"Illegal header value b'Bearer {token}\\n'")

    client = FlipkartClient(
        "local",
        APP_ID,
        "app-secret-XYZ",
        base_url=HOST,
        transport=httpx.MockTransport(reject_header),
    )

    with pytest.raises(InvalidRequestError) as caught:
        client.shipments.get(shipment_ids=["S1"])
    assert token not in str(caught.value)
    assert "base URL" not in str(caught.value)


def test_short_secret_not_replaced_in_text(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="ingestion.client"):
        redactor = Redactor(["e"])

    assert redactor.text("Shipment S1 not found") == "Shipment S1 not found"
    assert "too short to be redacted" in caplog.text


def test_short_app_secret_message_intact() -> None:
    def missing(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/oauth-service"):
            return httpx.Response(200, json={"access_token": "tok-123456789", "expires_in": 3600})
        return httpx.Response(404, json={"errorMessage": "Shipment S1 not found"})

    client = FlipkartClient(
        "local", APP_ID, "e", base_url=HOST, transport=httpx.MockTransport(missing)
    )

    with pytest.raises(NotFoundError, match="Shipment S1 not found"):
        client.shipments.get(shipment_ids=["S1"])


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf"])
def test_unusable_retry_after_uses_backoff(value: str) -> None:
    def throttle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429, json={"errorMessage": "slow down"}, headers={"Retry-After": value}
        )

    sleeps: list[float] = []
    client, _ = make_client(throttle, sleeps=sleeps, rng=random.Random(7))

    with pytest.raises(RetryBudgetExhausted):
        client.shipments.get(shipment_ids=["S1"])
    assert len(sleeps) == 3
    assert all(delay > 0 for delay in sleeps)
