"""ServerClock: one wrong `Date` header neither moves the clock nor empties a full pull."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
from client_fakes import BASE_TIME, FakeShipmentServer, TokenIssuer, make_client, shipment_payload

from ingestion.client import full_pull
from ingestion.client.server_clock import ServerClock

LOCAL = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


def clock_at(local: datetime = LOCAL) -> ServerClock:
    return ServerClock(local_now=lambda: local)


def test_one_future_date_ignored() -> None:
    clock = clock_at()
    clock.record(LOCAL)
    clock.record(LOCAL + timedelta(seconds=1))
    clock.record(FAR_FUTURE)

    assert clock.now() == LOCAL + timedelta(seconds=1)


def test_first_date_wrong_then_outvoted() -> None:
    clock = clock_at()
    clock.record(FAR_FUTURE)
    clock.record(LOCAL)

    assert clock.now() == LOCAL


def test_skewed_server_trusted_when_consistent() -> None:
    server_time = LOCAL - timedelta(days=30)
    clock = clock_at()
    clock.record(server_time)

    assert clock.now() == server_time


def test_real_jump_followed_by_majority() -> None:
    clock = clock_at()
    for second in range(3):
        clock.record(LOCAL + timedelta(seconds=second))
    jumped = LOCAL + timedelta(days=3)
    clock.record(jumped)
    clock.record(jumped + timedelta(seconds=1))
    assert clock.now() == LOCAL + timedelta(seconds=2)

    clock.record(jumped + timedelta(seconds=2))
    assert clock.now() == jumped + timedelta(seconds=2)


def test_agrees_with_detects_bad_reading() -> None:
    clock = clock_at()
    clock.record(LOCAL)

    assert clock.agrees_with(LOCAL, LOCAL)
    assert not clock.agrees_with(FAR_FUTURE, LOCAL)


class FutureDateTokens(TokenIssuer):
    """Token responses stamped with a `Date` in 2100, as a proxy with a broken clock would."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        response = super().__call__(request)
        response.headers["Date"] = format_datetime(FAR_FUTURE, usegmt=True)
        return response


def test_pull_survives_one_bad_date() -> None:
    server_time = BASE_TIME + timedelta(days=30)
    shipments = [
        shipment_payload(number, BASE_TIME + timedelta(days=number % 28), BASE_TIME)
        for number in range(40)
    ]
    server = FakeShipmentServer(shipments)

    def dated(request: httpx.Request) -> httpx.Response:
        response = server(request)
        response.headers["Date"] = format_datetime(server_time, usegmt=True)
        return response

    client, _ = make_client(dated, tokens=FutureDateTokens())

    result = full_pull(client, query_workers=1, detail_workers=1)

    assert set(result.shipments) == set(server.shipments)
    assert client.server_clock.now() == server_time
