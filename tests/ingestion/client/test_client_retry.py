"""Retry policy: delay schedule, Retry-After, budget, and which requests are repeated."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from client_fakes import make_client

from ingestion.client import (
    CancelRequest,
    ConnectError,
    RateLimitError,
    RetryBudgetExhausted,
    RetryPolicy,
    ServerError,
)
from ingestion.client.errors import ConnectionDroppedError, RequestTimeoutError
from ingestion.client.retry import (
    RequestSafety,
    compute_delay,
    is_retryable,
    parse_retry_after,
)


class UpperBound:
    """A jitter source that always returns the top of the range."""

    def uniform(self, low: float, high: float) -> float:
        return high


class Midpoint:
    def uniform(self, low: float, high: float) -> float:
        return (low + high) / 2


POLICY = RetryPolicy(max_attempts=8, base_delay=0.5, max_delay=4.0, total_budget=60.0)


@pytest.mark.parametrize(
    ("attempt", "retry_after", "expected"),
    [
        (1, None, 0.5),
        (2, None, 1.0),
        (3, None, 2.0),
        (4, None, 4.0),
        (5, None, 4.0),
        (30, None, 4.0),
        (1, 7.0, 7.0),
        (3, 0.0, 2.0),
        (2, 500.0, 60.0),
    ],
)
def test_delay_schedule(attempt: int, retry_after: float | None, expected: float) -> None:
    assert compute_delay(attempt, retry_after, UpperBound(), POLICY) == expected


def test_delay_full_jitter() -> None:
    assert compute_delay(3, None, Midpoint(), POLICY) == 1.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("3", 3.0),
        ("2.5", 2.5),
        ("-4", None),
        ("0", 0.0),
        ("nan", None),
        ("inf", None),
        ("Fri, 04 Dec 2026 10:00:30 GMT", 30.0),
        ("Fri, 04 Dec 2026 09:59:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    now = datetime(2026, 12, 4, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after(header, now=now) == expected


@pytest.mark.parametrize(
    ("error", "safety", "expected"),
    [
        (
            RateLimitError(status_code=429, method="POST", path="/p"),
            RequestSafety.NON_IDEMPOTENT,
            True,
        ),
        (ConnectError("x", method="POST", path="/p"), RequestSafety.NON_IDEMPOTENT, True),
        (
            ServerError(status_code=500, method="POST", path="/p"),
            RequestSafety.NON_IDEMPOTENT,
            False,
        ),
        (RequestTimeoutError("x", method="POST", path="/p"), RequestSafety.NON_IDEMPOTENT, False),
        (
            ConnectionDroppedError("x", method="POST", path="/p"),
            RequestSafety.NON_IDEMPOTENT,
            False,
        ),
        (ServerError(status_code=503, method="GET", path="/p"), RequestSafety.IDEMPOTENT, True),
        (RequestTimeoutError("x", method="GET", path="/p"), RequestSafety.IDEMPOTENT, True),
        (ConnectionDroppedError("x", method="GET", path="/p"), RequestSafety.IDEMPOTENT, True),
    ],
)
def test_retryable_table(error, safety: RequestSafety, expected: bool) -> None:
    assert is_retryable(error, safety) is expected


def failing_then_ok(statuses: list[int], ok_body: dict, headers: dict | None = None):
    calls: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) <= len(statuses):
            return httpx.Response(statuses[len(calls) - 1], headers=headers or {}, json={})
        return httpx.Response(200, json=ok_body)

    return api, calls


def cancel_request() -> CancelRequest:
    return CancelRequest(
        shipment_id="s1",
        location_id="LOC1",
        cancellation_group_ids=["grp1"],
        reason="not_enough_inventory",
    )


def test_action_not_retried_after_500() -> None:
    api, calls = failing_then_ok([500], {"shipments": []})
    client, _ = make_client(api)

    with pytest.raises(ServerError):
        client.shipments.cancel([cancel_request()])

    assert len(calls) == 1


def test_action_retried_after_429() -> None:
    ok = {"shipments": [{"shipmentId": "s1", "status": "SUCCESS"}]}
    api, calls = failing_then_ok([429], ok, headers={"Retry-After": "2"})
    sleeps: list[float] = []
    client, _ = make_client(api, sleeps=sleeps)

    result = client.shipments.cancel([cancel_request()])

    assert len(calls) == 2
    assert sleeps == [2.0]
    assert [item.id for item in result.succeeded] == ["s1"]


def test_action_retried_after_connect_error() -> None:
    calls: list[int] = []

    def api(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"shipments": [{"shipmentId": "s1", "status": "SUCCESS"}]})

    client, _ = make_client(api)
    client.shipments.cancel([cancel_request()])

    assert len(calls) == 2


def test_action_not_retried_after_drop() -> None:
    calls: list[int] = []

    def api(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.RemoteProtocolError("peer closed", request=request)

    client, _ = make_client(api)

    with pytest.raises(ConnectionDroppedError):
        client.shipments.cancel([cancel_request()])
    assert len(calls) == 1


def test_backoff_sleeps_follow_schedule() -> None:
    api, calls = failing_then_ok([503, 503, 503], {"shipments": []})
    sleeps: list[float] = []
    policy = RetryPolicy(max_attempts=5, base_delay=0.01, max_delay=0.03)
    client, _ = make_client(api, policy=policy, sleeps=sleeps, rng=UpperBound())

    client.shipments.get(shipment_ids=["s1"])

    assert len(calls) == 4
    assert sleeps == [0.01, 0.02, 0.03]


def test_read_retried_after_5xx() -> None:
    api, calls = failing_then_ok([500, 503], {"shipments": []})
    sleeps: list[float] = []
    client, _ = make_client(api, sleeps=sleeps)

    assert client.shipments.get(shipment_ids=["s1"]) == []
    assert len(calls) == 3
    assert len(sleeps) == 2


def test_attempts_exhausted() -> None:
    api, calls = failing_then_ok([503] * 10, {})
    client, _ = make_client(api, policy=RetryPolicy(max_attempts=3, base_delay=0.0))

    with pytest.raises(RetryBudgetExhausted) as caught:
        client.shipments.get(shipment_ids=["s1"])

    assert caught.value.attempts == 3
    assert isinstance(caught.value.last_error, ServerError)
    assert len(calls) == 3


def test_retry_after_beyond_budget_stops() -> None:
    api, calls = failing_then_ok([429] * 3, {}, headers={"Retry-After": "90"})
    policy = RetryPolicy(max_attempts=5, total_budget=30.0)
    sleeps: list[float] = []
    client, _ = make_client(api, policy=policy, sleeps=sleeps)

    with pytest.raises(RetryBudgetExhausted) as caught:
        client.shipments.get(shipment_ids=["s1"])

    assert caught.value.attempts == 1
    assert isinstance(caught.value.last_error, RateLimitError)
    assert sleeps == []
    assert len(calls) == 1


def test_client_error_not_retried() -> None:
    api, calls = failing_then_ok([400], {})
    client, _ = make_client(api)

    with pytest.raises(Exception) as caught:
        client.shipments.get(shipment_ids=["s1"])

    assert type(caught.value).__name__ == "BadRequestError"
    assert len(calls) == 1
