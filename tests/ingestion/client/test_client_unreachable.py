"""An unreachable or failing Seller API on 127.0.0.1: one typed error with a clear message.

The servers are real sockets: a port nothing listens on, and a small HTTP server that responds
to every request with 503.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ingestion.client import (
    ConnectError,
    FlipkartClient,
    FlipkartError,
    MemoryTokenStore,
    RetryBudgetExhausted,
    RetryPolicy,
    ServerError,
    ShipmentFilter,
    Token,
)
from sellerops.errors import SellerOpsError

APP_ID = "app-unreachable"
APP_SECRET = "secret-Unreachable-42"
ACCESS_TOKEN = "tok-Unreachable-ACCESS-7781"
FAST_POLICY = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0, total_budget=5.0)


@pytest.fixture
def closed_port() -> int:
    """Return a loopback port that was just free, so connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Always503(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._unavailable()

    def do_POST(self) -> None:
        self._unavailable()

    def _unavailable(self) -> None:
        body = b'{"errorCode": "SERVICE_UNAVAILABLE", "errorMessage": "Try later"}'
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    """Serve 503 for every request on 127.0.0.1; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Always503)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def client_for(base_url: str, *, stored_token: bool) -> FlipkartClient:
    """Build a client for `base_url`; with `stored_token` it skips the token request."""
    store = MemoryTokenStore()
    if stored_token:
        store.save(Token(ACCESS_TOKEN, expires_at=datetime.now(UTC) + timedelta(days=30)))
    return FlipkartClient(
        "local",
        APP_ID,
        APP_SECRET,
        base_url=base_url,
        token_store=store,
        retry_policy=FAST_POLICY,
    )


def read_queue(client: FlipkartClient) -> None:
    with client:
        list(client.shipments.filter(ShipmentFilter(type="preDispatch", states=("APPROVED",))))


def test_closed_port_raises_typed_error(closed_port: int) -> None:
    client = client_for(f"http://127.0.0.1:{closed_port}", stored_token=True)

    with pytest.raises(RetryBudgetExhausted) as caught:
        read_queue(client)

    error = caught.value
    assert isinstance(error, SellerOpsError)
    assert isinstance(error, FlipkartError)
    assert isinstance(error.last_error, ConnectError)
    assert error.attempts == FAST_POLICY.max_attempts


def test_closed_port_message_names_request_and_host(closed_port: int) -> None:
    client = client_for(f"http://127.0.0.1:{closed_port}", stored_token=True)

    with pytest.raises(RetryBudgetExhausted) as caught:
        read_queue(client)

    message = str(caught.value)
    assert "did not complete POST /v3/shipments/filter after 3 attempts" in message
    assert f"could not connect to http://127.0.0.1:{closed_port}" in message
    assert "environment and base URL" in message


def test_closed_port_message_has_no_secret(closed_port: int) -> None:
    client = client_for(f"http://127.0.0.1:{closed_port}", stored_token=True)

    with pytest.raises(RetryBudgetExhausted) as caught:
        read_queue(client)

    message = str(caught.value)
    assert ACCESS_TOKEN not in message
    assert APP_SECRET not in message


def test_closed_port_token_request(closed_port: int) -> None:
    client = client_for(f"http://127.0.0.1:{closed_port}", stored_token=False)

    with pytest.raises(RetryBudgetExhausted) as caught:
        read_queue(client)

    message = str(caught.value)
    assert "did not complete token request (client_credentials)" in message
    assert APP_SECRET not in message


def test_repeated_503_names_status(failing_server: str) -> None:
    client = client_for(failing_server, stored_token=True)

    with pytest.raises(RetryBudgetExhausted) as caught:
        read_queue(client)

    error = caught.value
    assert isinstance(error.last_error, ServerError)
    assert "HTTP 503 [SERVICE_UNAVAILABLE]" in str(error)
    assert ACCESS_TOKEN not in str(error)
