"""The retry loop: run attempts under a `RetryPolicy` with injectable sleep, clock and jitter."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from ingestion.client.errors import FlipkartError, RetryBudgetExhausted
from ingestion.client.retry import (
    RandomSource,
    RequestSafety,
    RetryPolicy,
    compute_delay,
    default_rng,
    is_retryable,
)

logger = logging.getLogger("ingestion.client")

ResultT = TypeVar("ResultT")


class RetryRunner:
    """Repeat a callable while its failures are retryable and the policy allows it.

    `sleep` and `clock` default to `time.sleep` and `time.monotonic`; tests pass fakes so
    they never wait. The attempt callable receives the 1-based attempt number.
    """

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: RandomSource | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or default_rng()

    def run(
        self,
        attempt_call: Callable[[int], ResultT],
        safety: RequestSafety,
        *,
        description: str,
    ) -> ResultT:
        """Return the first successful result of `attempt_call`.

        Raises the error itself when it is not retryable, and `RetryBudgetExhausted` when
        attempts or the time budget run out.
        """
        started = self._clock()
        attempt = 0

        while True:
            attempt += 1
            try:
                return attempt_call(attempt)
            except FlipkartError as error:
                if not is_retryable(error, safety):
                    raise
                last_error = error

            elapsed = self._clock() - started
            if attempt >= self.policy.max_attempts:
                raise RetryBudgetExhausted(
                    last_error=last_error, attempts=attempt, elapsed=elapsed, request=description
                ) from last_error

            retry_after = getattr(last_error, "retry_after", None)
            delay = compute_delay(attempt, retry_after, self._rng, self.policy)
            if elapsed + delay > self.policy.total_budget:
                raise RetryBudgetExhausted(
                    last_error=last_error, attempts=attempt, elapsed=elapsed, request=description
                ) from last_error

            logger.warning(
                "Retrying %s in %.2f s after attempt %d failed: %s",
                description,
                delay,
                attempt,
                _describe(last_error),
            )
            self._sleep(delay)


def _describe(error: FlipkartError) -> str:
    """Name the error class, with the HTTP status when there is one (e.g. `ServerError 503`)."""
    status = getattr(error, "status_code", None)
    return f"{type(error).__name__} {status}" if status is not None else type(error).__name__
