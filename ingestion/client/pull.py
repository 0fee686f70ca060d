"""`full_pull`: read every shipment, its details and invoice, and every return of a seller."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ingestion.client.client import FlipkartClient
from ingestion.client.errors import PullNotSettledError
from ingestion.client.pull_documents import DocumentFetcher, PullIssue
from ingestion.client.pull_rounds import (
    DEFAULT_MAX_ROUNDS,
    SearchPlan,
    SettlingCollector,
    Window,
    make_windows,
)
from ingestion.client.records.details import ShipmentDetails
from ingestion.client.records.filters import CANCELLATION_TYPES, DateRange, ShipmentFilter
from ingestion.client.records.invoices import Invoice
from ingestion.client.records.returns import RETURN_SOURCES, ReturnItem
from ingestion.client.records.shipments import Shipment, filter_type_of

logger = logging.getLogger("ingestion.client")

DEFAULT_HISTORY = timedelta(days=400)
DEFAULT_WINDOW = timedelta(days=7)
# Covers clock skew between this machine and Flipkart in the "modified since" catch-up.
DEFAULT_OVERLAP = timedelta(minutes=5)
# Upper bound of catch-up queries, far enough ahead that records changed while a query pages
# are still returned by it.
_OPEN_END = timedelta(days=1)

ShipmentKind = tuple[str, str | None]
SHIPMENT_KINDS: tuple[ShipmentKind, ...] = (
    ("preDispatch", None),
    ("postDispatch", None),
    *(("cancelled", cancellation_type) for cancellation_type in CANCELLATION_TYPES),
)


@dataclass
class PullResult:
    """Everything one full pull collected, keyed by Flipkart id."""

    shipments: dict[str, Shipment] = field(default_factory=dict)
    details: dict[str, ShipmentDetails] = field(default_factory=dict)
    invoices: dict[str, Invoice] = field(default_factory=dict)
    returns: dict[str, ReturnItem] = field(default_factory=dict)
    issues: list[PullIssue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    elapsed_seconds: float = 0.0


def full_pull(
    client: FlipkartClient,
    *,
    until: datetime | None = None,
    since: datetime | None = None,
    location_id: str | None = None,
    window: timedelta = DEFAULT_WINDOW,
    detail_workers: int = 4,
    query_workers: int = 4,
    overlap: timedelta = DEFAULT_OVERLAP,
    max_rounds: int = DEFAULT_MAX_ROUNDS,
    now: Callable[[], datetime] | None = None,
) -> PullResult:
    """Pull all shipments (with details and invoices) and returns, each exactly once.

    Shipments are read in orderDate windows from `since` (default 400 days before `until`)
    to `until` (default now), returns in createdDate windows; then catch-up rounds on
    modified dates repair what offset paging skipped while the server changed data.

    `now` returns the server's current time. By default it is read from the `Date` header of
    the server's responses (after a token request, so there is one), because the catch-up
    compares the server's own timestamps and this machine's clock may differ from it. If the
    `Date` values seen during the pull show that the start time was read from a wrong `Date`,
    the pull runs once more with the corrected clock, and raises PullNotSettledError if the
    clock still disagrees.
    """
    options = {
        "until": until,
        "since": since,
        "location_id": location_id,
        "window": window,
        "detail_workers": detail_workers,
        "query_workers": query_workers,
        "overlap": overlap,
        "max_rounds": max_rounds,
        "now": now,
    }
    with _collector_paused():
        result, started_at = _full_pull(client, **options)
        if now is not None or _start_agrees(client, started_at):
            return result

        logger.warning(
            "The server time read when the pull began disagrees with later Date headers; "
            "pulling again with the corrected server time."
        )
        result, started_at = _full_pull(client, **options)
        if not _start_agrees(client, started_at):
            raise PullNotSettledError(
                "The Date headers of the server's responses disagree by more than a day, so "
                "the pull cannot tell the server's time. Check the clock of the server or of "
                "any proxy in between, then run the pull again."
            )
        return result


def _start_agrees(client: FlipkartClient, started_at: tuple[datetime, datetime]) -> bool:
    reading, read_at = started_at
    return client.server_clock.agrees_with(reading, read_at)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector during a pull, then age what it allocated.

    A pull allocates over a million GC-tracked objects (one pydantic model is several), and
    every automatic collection would scan the ones still alive again. With the collector
    running, a 20,000-shipment pull spent about half of its CPU time in it (measured with
    `make bench` on 2 cores). Records hold no reference cycles, so nothing needs collecting.
    When the pull ends, `gc.freeze()` followed by `gc.unfreeze()` moves every tracked object
    into the oldest generation without scanning it (CPython 3.11 and later), where the next
    full collection looks at it as it would at any long-lived data. Cyclic garbage made during
    the pull is collected then too. The pause is process-wide: other threads see it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _full_pull(
    client: FlipkartClient,
    *,
    until: datetime | None,
    since: datetime | None,
    location_id: str | None,
    window: timedelta,
    detail_workers: int,
    query_workers: int,
    overlap: timedelta,
    max_rounds: int,
    now: Callable[[], datetime] | None,
) -> tuple[PullResult, tuple[datetime, datetime]]:
    """Run one pull and also return the server time it started from and the local time then."""
    started_clock = time.perf_counter()
    started_requests = client.transport.request_count
    if now is None:
        client.tokens.get()
        now = client.server_clock.now
    read_at = datetime.now(UTC)
    reading = now()
    # The Date header has one-second resolution and may lag the first page by up to a second.
    pull_start = reading - timedelta(seconds=1)
    until = until or pull_start
    since = since or until - DEFAULT_HISTORY
    _require_aware(until=until, since=since)
    changed_since = pull_start - overlap
    windows = make_windows(since, until, window)

    fetcher = DocumentFetcher(client.shipments, detail_workers)
    try:
        shipments = SettlingCollector(
            _shipment_plan(client, location_id, now),
            windows,
            workers=query_workers,
            max_rounds=max_rounds,
            on_new_version=fetcher.offer,
        )
        shipments.run(changed_since)
        returns = SettlingCollector(
            _return_plan(client, location_id),
            windows,
            workers=query_workers,
            max_rounds=max_rounds,
        )
        returns.run(changed_since)
    finally:
        fetcher.finish()

    result = PullResult(
        shipments=shipments.records,
        details=fetcher.details,
        invoices=fetcher.invoices,
        returns=returns.records,
        issues=fetcher.issues,
        requests=client.transport.request_count - started_requests,
        elapsed_seconds=time.perf_counter() - started_clock,
    )
    result.counts = {
        "shipments": len(result.shipments),
        "details": len(result.details),
        "invoices": len(result.invoices),
        "returns": len(result.returns),
        "windows": len(windows),
        "shipment_rounds": shipments.rounds,
        "return_rounds": returns.rounds,
        "windows_repulled": shipments.windows_repulled + returns.windows_repulled,
        "issues": len(result.issues),
    }
    logger.info(
        "Full pull done: %d shipments, %d details, %d invoices, %d returns, %d requests in %.1f s",
        result.counts["shipments"],
        result.counts["details"],
        result.counts["invoices"],
        result.counts["returns"],
        result.requests,
        result.elapsed_seconds,
    )
    return result, (reading, read_at)


def _shipment_plan(
    client: FlipkartClient, location_id: str | None, now: Callable[[], datetime]
) -> SearchPlan:
    def query_window(kind: ShipmentKind, window: Window) -> Iterator[list[Shipment]]:
        criteria = _shipment_filter(
            kind, location_id, order_date=DateRange(start=window.start, end=window.end)
        )
        return client.shipments.filter_pages(
            criteria.model_copy(update={"sort_field": "orderDate"})
        )

    def query_changed(kind: ShipmentKind, since: datetime) -> Iterator[list[Shipment]]:
        # max(): a start read from a wrong Date header may lie ahead of the corrected clock.
        end = max(now(), since) + _OPEN_END
        criteria = _shipment_filter(
            kind, location_id, modified_date=DateRange(start=since, end=end)
        )
        return client.shipments.filter_pages(
            criteria.model_copy(update={"sort_field": "modifiedDate"})
        )

    return SearchPlan(
        name="shipments",
        kinds=SHIPMENT_KINDS,
        query_window=query_window,
        query_changed=query_changed,
        key=lambda shipment: shipment.shipment_id,
        version=lambda shipment: shipment.updated_at,
        window_time=lambda shipment: shipment.order_date,
        moved=lambda held, seen: filter_type_of(held) != filter_type_of(seen),
        kind_of=_shipment_kind,
    )


def _shipment_kind(shipment: Shipment) -> ShipmentKind | None:
    """Return the search kind of a shipment; None for cancelled ones (cancellation type unknown)."""
    filter_type = filter_type_of(shipment)
    return None if filter_type == "cancelled" else (filter_type, None)


def _shipment_filter(
    kind: ShipmentKind, location_id: str | None, **dates: DateRange
) -> ShipmentFilter:
    filter_type, cancellation_type = kind
    return ShipmentFilter(
        type=filter_type,
        cancellation_type=cancellation_type,
        location_id=location_id,
        **dates,
    )


def _return_plan(client: FlipkartClient, location_id: str | None) -> SearchPlan:
    def query_window(source: str, window: Window) -> Iterator[list[ReturnItem]]:
        return client.returns.search_pages(
            source, created_after=window.start, created_before=window.end, location_id=location_id
        )

    def query_changed(source: str, since: datetime) -> Iterator[list[ReturnItem]]:
        return client.returns.search_pages(source, modified_after=since, location_id=location_id)

    return SearchPlan(
        name="returns",
        kinds=RETURN_SOURCES,
        query_window=query_window,
        query_changed=query_changed,
        key=lambda item: item.return_id,
        version=lambda item: item.updated_date,
        window_time=lambda item: item.created_date,
        # The sort order of the returns search is not documented, so any change may have
        # reordered the pages and every changed return counts as moved.
        moved=lambda held, seen: held.updated_date != seen.updated_date,
    )


def _require_aware(**moments: datetime) -> None:
    for name, moment in moments.items():
        if moment.tzinfo is None:
            raise ValueError(
                f"{name}={moment.isoformat()} has no time zone; pass an aware datetime."
            )
