"""The server's clock as read from the `Date` header of its responses."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx


class ServerClock:
    """Latest server time seen in a `Date` response header.

    Catch-up queries compare the server's own `updatedAt` stamps, so "changed since the pull
    began" must be measured on the server's clock, not this machine's, which may be skewed
    (or, against the sandbox, simulated and running at another speed). The header has
    one-second resolution; callers subtract an overlap.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: datetime | None = None

    def observe(self, response: httpx.Response) -> None:
        """Remember the response's `Date` if it is newer than what was seen so far."""
        header = response.headers.get("Date")
        if not header:
            return
        try:
            seen = parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return
        if seen.tzinfo is None:
            seen = seen.replace(tzinfo=UTC)

        with self._lock:
            if self._latest is None or seen > self._latest:
                self._latest = seen

    def now(self) -> datetime:
        """Return the latest server time seen, or this machine's clock before any response."""
        with self._lock:
            latest = self._latest
        return latest if latest is not None else datetime.now(UTC)
