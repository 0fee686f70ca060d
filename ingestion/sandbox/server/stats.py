"""Request counters of the sandbox, by route template and status, for `/_sandbox/stats`."""

import threading
from collections import Counter


class RequestStats:
    """Thread-safe tally of requests: `"POST /sellers/v3/shipments/filter"` -> status -> count."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, Counter[str]] = {}

    def record(self, route: str, status: int | str) -> None:
        """Count one request; `status` is the HTTP status, or "dropped" for a cut response."""
        with self._lock:
            counter = self._counts.get(route)
            if counter is None:
                counter = self._counts[route] = Counter()
            counter[str(status)] += 1

    def snapshot(self) -> dict[str, dict[str, int]]:
        """Return the counts by route and status, ready for JSON."""
        with self._lock:
            return {
                route: dict(sorted(counter.items()))
                for route, counter in sorted(self._counts.items())
            }

    def total(self) -> int:
        with self._lock:
            return sum(sum(counter.values()) for counter in self._counts.values())

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
