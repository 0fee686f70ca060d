"""Logging: one INFO line per attempt with method, path, status, ms and attempt; no secrets."""

from __future__ import annotations

import logging

import httpx
import pytest
from client_fakes import APP_SECRET, make_client

from ingestion.client import AuthenticationError

DETAILS = {
    "shipments": [
        {
            "shipmentId": "s1",
            "deliveryAddress": {
                "firstName": "Asha",
                "lastName": "Rao",
                "addressLine1": "12 MG Road",
                "contactNumber": "9876543210",
                "city": "Bengaluru",
            },
        }
    ]
}


def test_info_line_fields(caplog: pytest.LogCaptureFixture) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json=DETAILS))

    with caplog.at_level(logging.INFO, logger="ingestion.client"):
        client.shipments.details(["s1"])

    api_lines = [
        record
        for record in caplog.records
        if getattr(record, "http_path", "").startswith("/sellers/v3")
    ]
    assert len(api_lines) == 1
    line = api_lines[0]
    assert line.levelno == logging.INFO
    assert line.http_method == "GET"
    assert line.http_path == "/sellers/v3/shipments/s1"
    assert line.http_status == 200
    assert line.attempt == 1
    assert line.duration_ms >= 0
    assert "GET /sellers/v3/shipments/s1 -> 200 in" in line.getMessage()
    assert "(attempt 1)" in line.getMessage()


def test_token_line_hides_query_values(caplog: pytest.LogCaptureFixture) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json=DETAILS))

    with caplog.at_level(logging.INFO, logger="ingestion.client"):
        client.oauth.exchange_code("secret-code-77", "https://seller.example/cb", "st")

    assert "secret-code-77" not in caplog.text
    assert "/oauth-service/oauth/token?code&grant_type&redirect_uri&state" in caplog.text


def test_debug_never_shows_secrets(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []

    def api(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            token = request.headers["Authorization"].removeprefix("Bearer ")
            body = {"error": "invalid_token", "error_description": f"Invalid access token: {token}"}
            return httpx.Response(401, json=body)
        return httpx.Response(200, json=DETAILS, headers={"Content-Type": "application/json"})

    client, _ = make_client(api)

    with caplog.at_level(logging.DEBUG, logger="ingestion.client"):
        client.shipments.details(["s1"])

    text = caplog.text
    for secret in (APP_SECRET, "token-1", "token-2", "Asha", "Rao", "12 MG Road", "9876543210"):
        assert secret not in text
    assert "Bengaluru" in text
    assert "[REDACTED]" in text


def test_error_message_hides_token() -> None:
    def api(request: httpx.Request) -> httpx.Response:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        body = {"error": "invalid_token", "error_description": f"Invalid access token: {token}"}
        return httpx.Response(401, json=body)

    client, issuer = make_client(api)

    with pytest.raises(AuthenticationError) as caught:
        client.shipments.details(["s1"])

    assert len(issuer.calls) == 2
    assert "token-2" not in str(caught.value)
    assert "token-1" not in str(caught.value)
    assert caught.value.is_invalid_token
