"""Response size limit and per-attempt deadline, against raw HTTP servers on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from client_fakes import APP_ID, APP_SECRET, make_client

from ingestion.client import (
    FlipkartClient,
    InvalidResponseError,
    RequestSafety,
    RequestTimeoutError,
    RetryPolicy,
)

TOKEN_BODY = b'{"access_token":"token-for-limits-1","expires_in":3600}'
PAGE_BODY = b'{"hasMore":false,"shipments":[]}'

Behaviour = Callable[[socket.socket], None]


def _head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
    return data


def _respond(conn: socket.socket, body: bytes) -> None:
    head = (
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}"
    )
    conn.sendall(head.encode() + b"\r\n\r\n" + body)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Behaviour], str]]:
    """Start an HTTP server of one request per connection; `behaviour` writes API responses."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()
    chosen: list[Behaviour] = []

    def handle(conn: socket.socket) -> None:
        with conn:
            try:
                head = _head(conn)
                if b"/oauth-service/" in head.split(b"\r\n")[0]:
                    _respond(conn, TOKEN_BODY)
                elif head:
                    chosen[0](conn)
            except OSError:
                pass  # the client hung up, which is what some tests expect

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    def start(behaviour: Behaviour) -> str:
        chosen.append(behaviour)
        threading.Thread(target=accept, daemon=True).start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    yield start
    stop.set()
    listener.close()


def _client(base_url: str, **options) -> FlipkartClient:
    return FlipkartClient(
        "local",
        APP_ID,
        APP_SECRET,
        base_url=base_url,
        retry_policy=RetryPolicy(max_attempts=1),
        sleep=lambda seconds: None,
        **options,
    )


def test_trickling_body_stops_at_deadline(raw_server) -> None:
    def trickle(conn: socket.socket) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(PAGE_BODY)}\r\n\r\n"
        conn.sendall(head.encode())
        for index in range(len(PAGE_BODY)):
            conn.sendall(PAGE_BODY[index : index + 1])
            time.sleep(0.2)

    client = _client(raw_server(trickle))
    client.tokens.get()
    started = time.monotonic()

    with pytest.raises(RequestTimeoutError, match="within 1 s"):
        client.transport.request(
            "POST", "/v3/shipments/filter", timeout=1.0, safety=RequestSafety.NON_IDEMPOTENT
        )
    assert time.monotonic() - started < 2.5


def test_endless_chunked_body_capped(raw_server) -> None:
    def endless(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b" " * 65536
        for _ in range(128):  # 8 MiB, then a proper end, so a client without a limit returns
            conn.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        conn.sendall(b"0\r\n\r\n")

    client = _client(raw_server(endless), max_response_bytes=1024 * 1024)

    with pytest.raises(InvalidResponseError, match="limit of 1048576 bytes"):
        client.shipments.get(shipment_ids=["S1"])


def test_declared_length_over_limit() -> None:
    def huge(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b" " * 5000)

    client, _ = make_client(huge, max_response_bytes=4096)

    with pytest.raises(InvalidResponseError, match="of 5000 bytes exceeds the limit of 4096"):
        client.shipments.get(shipment_ids=["S1"])


def test_streamed_body_over_limit() -> None:
    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b" " * 3000, b" " * 3000]))

    client, _ = make_client(streamed, max_response_bytes=4096)

    with pytest.raises(InvalidResponseError, match="max_response_bytes"):
        client.shipments.get(shipment_ids=["S1"])


def test_token_response_over_limit() -> None:
    def api(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=PAGE_BODY)

    client, _ = make_client(api, max_response_bytes=20)

    with pytest.raises(InvalidResponseError, match="limit of 20 bytes"):
        client.tokens.get()


def test_body_under_limit_read() -> None:
    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([PAGE_BODY[:10], PAGE_BODY[10:]]))

    client, _ = make_client(streamed, max_response_bytes=4096)

    assert client.shipments.get(shipment_ids=["S1"]) == []


def test_max_response_bytes_positive() -> None:
    with pytest.raises(ValueError, match="max_response_bytes"):
        _client("http://127.0.0.1:9", max_response_bytes=0)
