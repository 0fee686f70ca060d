"""Collect every record of a windowed, offset-paged search exactly once while data changes.

Offset paging skips an unchanged record whenever another record before the cursor leaves the
result set. Window queries are sorted by a date that never changes (order or creation date),
so only a record that leaves its query kind (a shipment moving from preDispatch to cancelled,
say) can cause a skip, and only in its own window. Such a record was modified, so it shows up
in its new kind in a window query or in the catch-up query on "modified since the pull began".
Seeing one record in two kinds marks its window dirty; dirty windows are pulled again (all
kinds), and rounds repeat until a round observes no record move.

NOTE: a record that moves during the final round, after its new kind was already queried in
that round, is not seen by it; the next incremental sync by modified date reads it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from ingestion.client.errors import PullNotSettledError

logger = logging.getLogger("ingestion.client")

RecordT = TypeVar("RecordT")
KindT = TypeVar("KindT", bound=Hashable)

# Each round reads again only the result sets that a moved record left, so rounds are cheap. A
# small sandbox seller under the heavy fault profile, where shipments change while pages are
# read, needed at most 3 rounds in 12 measured pulls (seed 11, 20 days of orders).
DEFAULT_MAX_ROUNDS = 30


@dataclass(frozen=True, order=True)
class Window:
    """A date range [start, end]; neighbouring windows share their boundary instant."""

    start: datetime
    end: datetime


def make_windows(since: datetime, until: datetime, size: timedelta) -> list[Window]:
    """Split [since, until] into consecutive windows of `size` (the last may be shorter)."""
    if size <= timedelta(0):
        raise ValueError(f"window size must be positive, got {size}")
    windows = []
    start = since
    while start < until:
        end = min(start + size, until)
        windows.append(Window(start, end))
        start = end
    return windows


def window_of(moment: datetime | None, windows: Sequence[Window]) -> Window | None:
    """Return the window holding `moment`, or None when it lies outside all of them."""
    if moment is None:
        return None
    for window in windows:
        if window.start <= moment <= window.end:
            return window
    return None


@dataclass
class SearchPlan(Generic[RecordT, KindT]):
    """How to query one record family; see `SettlingCollector`."""

    name: str
    kinds: Sequence[KindT]
    query_window: Callable[[KindT, Window], Iterator[list[RecordT]]]
    query_changed: Callable[[KindT, datetime], Iterator[list[RecordT]]]
    key: Callable[[RecordT], str]
    version: Callable[[RecordT], datetime | None]
    window_time: Callable[[RecordT], datetime | None]
    moved: Callable[[RecordT, RecordT], bool]
    """Tell whether two observed versions of one record sit in different result sets."""
    kind_of: Callable[[RecordT], KindT | None] = lambda record: None
    """Return the kind whose result set contains this version of the record; None means any."""


class SettlingCollector(Generic[RecordT, KindT]):
    """Run a `SearchPlan` over `windows` until the collected set stops changing.

    `on_new_version` is called (from worker threads) for every record whose version was not
    held before, so dependent downloads can start while paging continues.
    """

    def __init__(
        self,
        plan: SearchPlan[RecordT, KindT],
        windows: Sequence[Window],
        *,
        workers: int = 4,
        max_rounds: int = DEFAULT_MAX_ROUNDS,
        on_new_version: Callable[[RecordT], None] | None = None,
    ) -> None:
        self.plan = plan
        self.windows = list(windows)
        self.workers = max(1, workers)
        self.max_rounds = max_rounds
        self.records: dict[str, RecordT] = {}
        self.rounds = 0
        self.windows_repulled = 0
        self._on_new_version = on_new_version
        self._lock = threading.Lock()
        # The older version of each record seen in two result sets: the set it left.
        self._moved: list[RecordT] = []

    def run(self, changed_since: datetime) -> dict[str, RecordT]:
        """Collect all records; `changed_since` is the pull start minus the clock-skew overlap."""
        self._pull_queries([(kind, window) for window in self.windows for kind in self.plan.kinds])
        self._catch_up(changed_since)
        dirty = self._take_dirty_queries()

        while dirty:
            self.rounds += 1
            if self.rounds > self.max_rounds:
                raise PullNotSettledError(
                    f"{self.plan.name}: records still moved between result sets after "
                    f"{self.max_rounds} catch-up rounds ({len(dirty)} queries dirty). The account "
                    "changes faster than it can be read; run the pull again or raise max_rounds."
                )
            self.windows_repulled += len({window for _, window in dirty})
            self._pull_queries(sorted(dirty, key=lambda query: (query[1], str(query[0]))))
            self._catch_up(changed_since)

            dirty = self._take_dirty_queries()
            logger.info(
                "%s catch-up round %d: %d window queries to run again",
                self.plan.name,
                self.rounds,
                len(dirty),
            )
        return self.records

    def _take_dirty_queries(self) -> set[tuple[KindT, Window]]:
        """Return the (kind, window) queries in which a moved record may have caused a skip.

        Only the result set that a record left can have shifted under a cursor, so only that
        set is read again. When the plan cannot tell the kind, every kind of the window is.
        """
        with self._lock:
            moved, self._moved = self._moved, []

        dirty: set[tuple[KindT, Window]] = set()
        for record in moved:
            window = window_of(self.plan.window_time(record), self.windows)
            if window is None:
                continue
            kind = self.plan.kind_of(record)
            kinds = self.plan.kinds if kind is None else (kind,)
            dirty.update((each, window) for each in kinds)
        return dirty

    def _pull_queries(self, queries: Iterable[tuple[KindT, Window]]) -> None:
        self._run_all(lambda query: self.plan.query_window(*query), list(queries))

    def _catch_up(self, changed_since: datetime) -> None:
        tasks = list(self.plan.kinds)
        self._run_all(lambda kind: self.plan.query_changed(kind, changed_since), tasks)

    def _run_all(self, query: Callable, tasks: list) -> None:
        def consume(task: object) -> None:
            for page in query(task):
                self._merge(page)

        if self.workers == 1 or len(tasks) <= 1:
            for task in tasks:
                consume(task)
            return
        with ThreadPoolExecutor(self.workers, thread_name_prefix="pull") as pool:
            # list() re-raises the first failure of any task.
            list(pool.map(consume, tasks))

    def _merge(self, page: list[RecordT]) -> None:
        fresh = []
        with self._lock:
            for record in page:
                key = self.plan.key(record)
                version = self.plan.version(record)
                held = self.records.get(key)
                held_version = self.plan.version(held) if held is not None else None

                if held is None or _not_older(version, held_version):
                    self.records[key] = record
                if held is None or version != held_version:
                    fresh.append(record)
                # Compared in both orders: a stale page merged after a newer one still
                # proves the record moved while some query was paging.
                if held is not None and self.plan.moved(held, record):
                    older = record if not _not_older(version, held_version) else held
                    self._moved.append(older)

        if self._on_new_version is not None:
            for record in fresh:
                self._on_new_version(record)


def _not_older(version: datetime | None, held: datetime | None) -> bool:
    if held is None:
        return True
    if version is None:
        return False
    return version >= held
