"""Bad configuration and secrets in errors: clear messages, no retries, nothing leaked."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from client_fakes import APP_ID, APP_SECRET, HOST

from ingestion.client import (
    Environment,
    FlipkartClient,
    InvalidRequestError,
    RetryBudgetExhausted,
    TokenError,
)


@pytest.mark.parametrize("url", ["127.0.0.1:8765", "ftp://127.0.0.1", "http://", "not a url"])
def test_local_url_without_scheme_or_host(url: str) -> None:
    with pytest.raises(ValueError, match="Invalid sandbox URL"):
        Environment.local(url)


def test_local_url_with_path_rejected() -> None:
    with pytest.raises(ValueError, match="only the scheme, host and port"):
        Environment.local("http://127.0.0.1:8765/sellers")


@pytest.mark.parametrize("name", ["production", "sandbox"])
def test_base_url_only_for_local(name: str) -> None:
    with pytest.raises(ValueError, match="applies only to the 'local' environment"):
        Environment.named(name, "http://127.0.0.1:8765")


def test_unsupported_scheme_not_retried() -> None:
    attempts: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.UnsupportedProtocol("Request URL has an unsupported protocol", request=request)

    client = FlipkartClient(
        "local", APP_ID, APP_SECRET, base_url=HOST, transport=httpx.MockTransport(refuse)
    )
    with pytest.raises(InvalidRequestError, match="not retried"):
        client.tokens.get()
    assert len(attempts) == 1


def test_connect_error_names_host() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    client = FlipkartClient(
        "local",
        APP_ID,
        APP_SECRET,
        base_url=HOST,
        transport=httpx.MockTransport(refuse),
        sleep=lambda seconds: None,
    )
    with pytest.raises(RetryBudgetExhausted, match=re.escape("http://flipkart.test")):
        client.tokens.get()


def _echo_grant_error(request: httpx.Request) -> httpx.Response:
    # Flipkart-style token errors echo the rejected value back in the description.
    value = request.url.params.get("refresh_token") or request.url.params.get("code")
    return httpx.Response(
        400, json={"error": "invalid_grant", "error_description": f"Invalid grant: {value}"}
    )


def test_refresh_token_hidden_in_error() -> None:
    client = FlipkartClient(
        "local", APP_ID, APP_SECRET, base_url=HOST, transport=httpx.MockTransport(_echo_grant_error)
    )
    with pytest.raises(TokenError) as raised:
        client.oauth.refresh("REFRESH-SECRET-123")
    assert "REFRESH-SECRET-123" not in str(raised.value)


def test_authorization_code_hidden_in_error() -> None:
    client = FlipkartClient(
        "local", APP_ID, APP_SECRET, base_url=HOST, transport=httpx.MockTransport(_echo_grant_error)
    )
    with pytest.raises(TokenError) as raised:
        client.oauth.exchange_code("CODE-SECRET-456", "https://partner.test/back", "state-1")
    assert "CODE-SECRET-456" not in str(raised.value)


def test_httpx_url_logging_quieted(caplog: pytest.LogCaptureFixture) -> None:
    """httpx would log the token request URL, refresh token included, at INFO."""
    logging.getLogger("httpx").setLevel(logging.NOTSET)
    caplog.set_level(logging.INFO)
    client = FlipkartClient(
        "local", APP_ID, APP_SECRET, base_url=HOST, transport=httpx.MockTransport(_echo_grant_error)
    )
    with pytest.raises(TokenError):
        client.oauth.refresh("REFRESH-SECRET-789")
    assert "REFRESH-SECRET-789" not in caplog.text
