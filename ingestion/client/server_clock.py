"""The server's clock as read from the `Date` header of its responses."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx

logger = logging.getLogger("ingestion.client")

# Number of recent `Date` values that vote on the server's offset from this machine's clock.
RECENT_DATES = 5
# Largest difference in offset between two `Date` values that still count as the same clock.
MAX_OFFSET_JUMP = timedelta(days=1)


class ServerClock:
    """Server time from the latest plausible `Date` response header.

    Catch-up queries compare the server's own `updatedAt` stamps, so "changed since the pull
    began" must be measured on the server's clock, not this machine's, which may be skewed
    (or, against the sandbox, simulated and running at another speed). The header has
    one-second resolution; callers subtract an overlap.

    One wrong `Date`, from a proxy with a broken clock for example, must not move the clock
    for good. So each value is kept with its offset from this machine's clock, and the last
    `RECENT_DATES` offsets vote: the reference is their median (of two middle values, the
    one nearer this machine's clock). `now()` returns the latest recent value whose offset is
    within `MAX_OFFSET_JUMP` of the reference. A real jump of the server clock is therefore
    followed once it is the majority of the recent values.
    """

    def __init__(self, local_now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._local_now = local_now
        self._lock = threading.Lock()
        self._recent: deque[tuple[datetime, timedelta]] = deque(maxlen=RECENT_DATES)
        self._ignored = 0

    def observe(self, response: httpx.Response) -> None:
        """Record the response's `Date`, if it has a readable one."""
        header = response.headers.get("Date")
        if not header:
            return
        try:
            seen = parsedate_to_datetime(header)
        except (TypeError, ValueError, IndexError):
            return
        if seen.tzinfo is None:
            seen = seen.replace(tzinfo=UTC)
        self.record(seen)

    def record(self, seen: datetime) -> None:
        """Record one server time reading (an aware datetime)."""
        offset = seen - self._local_now()
        with self._lock:
            self._recent.append((seen, offset))
            reference = _reference(self._recent)
            outlier = abs(offset - reference) > MAX_OFFSET_JUMP
            if outlier:
                self._ignored += 1
        # The first ignored value and every hundredth after it are logged.
        if outlier and self._ignored % 100 == 1:
            logger.warning(
                "Ignoring the server Date %s: it is more than %s away from the other recent "
                "Date values (%d ignored so far).",
                seen.isoformat(),
                MAX_OFFSET_JUMP,
                self._ignored,
            )

    def now(self) -> datetime:
        """Return the latest plausible server time seen, or this machine's clock before any."""
        with self._lock:
            if not self._recent:
                return self._local_now()
            reference = _reference(self._recent)
            plausible = [
                seen for seen, offset in self._recent if abs(offset - reference) <= MAX_OFFSET_JUMP
            ]
        return max(plausible)

    def agrees_with(self, reading: datetime, read_at: datetime) -> bool:
        """Tell whether `reading`, returned by `now()` at local time `read_at`, still fits the
        recent `Date` values, so that a decision made on it stays valid.
        """
        with self._lock:
            if not self._recent:
                return True
            reference = _reference(self._recent)
        return abs((reading - read_at) - reference) <= MAX_OFFSET_JUMP


def _reference(recent: deque[tuple[datetime, timedelta]]) -> timedelta:
    offsets = sorted(offset for _, offset in recent)
    middle = len(offsets) // 2
    if len(offsets) % 2:
        return offsets[middle]
    return min(offsets[middle - 1], offsets[middle], key=abs)
