"""Retry policy: which requests may be repeated, after which failures, and how long to wait.

Flipkart documents no idempotency key, so whether a request may be sent twice depends on
what it does:

| Request                                          | Safety         | Retried after          |
|--------------------------------------------------|----------------|------------------------|
| every GET (filter next page, details, documents) | IDEMPOTENT     | 429, 5xx, timeout,     |
|                                                  |                | connect, dropped       |
| POST /v3/shipments/filter, /listings/v3/search   | IDEMPOTENT     | same as GET            |
| POST /v3/shipments/manifest, labelOnly/pdf       | IDEMPOTENT     | same as GET            |
| POST /listings/v3/update/inventory, update/price | IDEMPOTENT     | same as GET            |
| GET /oauth-service/oauth/token                   | IDEMPOTENT     | same as GET            |
| POST /v3/shipments/labels, /dispatch, /cancel    | NON_IDEMPOTENT | 429, connect error     |

Inventory and price updates set absolute values, so sending one twice has the same effect as
once. Generating labels, marking ready to dispatch and cancelling change state. After an
ambiguous 5xx, a timeout or a dropped connection the server may have run them, so they are
repeated only when the request provably was not processed (429, or no connection made).
A 401 `invalid_token` is handled separately by the transport: one token renewal, one retry.
"""

from __future__ import annotations

import enum
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol

from ingestion.client.errors import (
    ConnectError,
    ConnectionDroppedError,
    FlipkartError,
    RateLimitError,
    RequestTimeoutError,
    ServerError,
)

# Eight attempts span about a minute of backoff at most (0.5 s doubling, capped at 30 s), so a
# sync rides out a burst of 5xx or throttling instead of failing the whole run.
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_BASE_DELAY = 0.5
DEFAULT_MAX_DELAY = 30.0
DEFAULT_TOTAL_BUDGET = 120.0


class RequestSafety(enum.Enum):
    """Whether sending a request twice can change the outcome (see the module table)."""

    IDEMPOTENT = "idempotent"
    NON_IDEMPOTENT = "non_idempotent"


class RandomSource(Protocol):
    """The part of `random.Random` the jitter uses, so tests can pin it."""

    def uniform(self, a: float, b: float) -> float: ...


@dataclass(frozen=True)
class RetryPolicy:
    """Limits of the retry loop; delays and budget are in seconds.

    `total_budget` bounds the time from the first attempt to the start of the last one.
    """

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    base_delay: float = DEFAULT_BASE_DELAY
    max_delay: float = DEFAULT_MAX_DELAY
    total_budget: float = DEFAULT_TOTAL_BUDGET

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}.")
        if self.base_delay < 0 or self.max_delay < 0 or self.total_budget < 0:
            raise ValueError("base_delay, max_delay and total_budget must not be negative.")


DEFAULT_POLICY = RetryPolicy()
NO_RETRY = RetryPolicy(max_attempts=1)
# For reads a person waits for on a dashboard page: three attempts with at most 1.5 s of backoff
# between them, so an unreachable API shows an error within seconds, not after a minute.
INTERACTIVE_POLICY = RetryPolicy(max_attempts=3, base_delay=0.5, max_delay=2.0, total_budget=5.0)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Parse a Retry-After header (delta seconds or HTTP-date) into seconds from `now`.

    Returns None for a missing or unreadable header and for a negative, NaN or infinite
    number of seconds, and 0 for a date in the past.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()

    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None

    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (moment - current).total_seconds())


def backoff_cap(attempt: int, policy: RetryPolicy) -> float:
    """Return the upper bound of the wait after failed attempt number `attempt` (1-based)."""
    exponent = min(attempt - 1, 62)
    return min(policy.max_delay, policy.base_delay * (2**exponent))


def compute_delay(
    attempt: int,
    retry_after: float | None,
    rng: RandomSource,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> float:
    """Return the seconds to wait after failed attempt number `attempt` (1-based).

    Without Retry-After this is full jitter: uniform in [0, min(max_delay, base * 2**(n-1))].
    A positive Retry-After value wins over the backoff but never exceeds the total budget. A
    zero one falls back to the backoff, so a server cannot cause retries without any pause.
    """
    if retry_after is not None and retry_after > 0:
        return min(retry_after, policy.total_budget)
    return rng.uniform(0.0, backoff_cap(attempt, policy))


def is_retryable(error: FlipkartError, safety: RequestSafety) -> bool:
    """Decide whether `error` may be followed by another attempt of a request of `safety`."""
    if isinstance(error, (RateLimitError, ConnectError)):
        return True
    if safety is RequestSafety.NON_IDEMPOTENT:
        return False
    return isinstance(error, (ServerError, RequestTimeoutError, ConnectionDroppedError))


def default_rng() -> random.Random:
    """Return the jitter source used when the caller gives none."""
    return random.Random()
