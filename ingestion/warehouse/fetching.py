"""Read what an incremental sync needs: records modified since a time, and every listing.

Searches by modified date page by offset, so a record that changes while a query pages can
shift the records after it and one of them is skipped. The changed record moves to the end
of the modified-date order, where the same query (left open at the end) returns it with an
`updatedAt` later than the pass began. Seeing such a record therefore starts another pass,
up to `MAX_PASSES`.

NOTE: a record that changes during the last pass and leaves for a kind already queried in
that pass is not seen by it. The next sync reads it, because its new `updatedAt` is later than
the cursor, and the nightly full sync repairs the record it may have shifted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import TypeVar

from ingestion.client.client import FlipkartClient
from ingestion.client.pull import SHIPMENT_KINDS
from ingestion.client.pull_documents import PullIssue
from ingestion.client.records.filters import DateRange, ShipmentFilter
from ingestion.client.records.listings import Listing
from ingestion.client.records.returns import RETURN_SOURCES, ReturnItem
from ingestion.client.records.shipments import Shipment

logger = logging.getLogger("ingestion.warehouse")

RecordT = TypeVar("RecordT")

MAX_PASSES = 5
# Upper bound of modified-date searches past the server's clock, so that a record changed
# while a query pages is still returned by it.
OPEN_END = timedelta(days=1)
# The server's Date header has whole seconds, so a pass start may lag the server by one.
_CLOCK_RESOLUTION = timedelta(seconds=1)


def changed_shipments(client: FlipkartClient, since: datetime) -> dict[str, Shipment]:
    """Return every shipment of every kind modified at or after `since`, newest version each."""

    def query(kind: tuple[str, str | None]) -> Callable[[], Iterator[list[Shipment]]]:
        def pages() -> Iterator[list[Shipment]]:
            end = max(client.server_clock.now(), since) + OPEN_END
            criteria = ShipmentFilter(
                type=kind[0],
                cancellation_type=kind[1],
                modified_date=DateRange(start=since, end=end),
                sort_field="modifiedDate",
            )
            return client.shipments.filter_pages(criteria)

        return pages

    return _settled(
        client,
        "shipments",
        [query(kind) for kind in SHIPMENT_KINDS],
        key=lambda shipment: shipment.shipment_id,
        version=lambda shipment: shipment.updated_at,
    )


def changed_returns(client: FlipkartClient, since: datetime) -> dict[str, ReturnItem]:
    """Return every customer and courier return modified after `since`, newest version each."""

    def query(source: str) -> Callable[[], Iterator[list[ReturnItem]]]:
        return lambda: client.returns.search_pages(source, modified_after=since)

    return _settled(
        client,
        "returns",
        [query(source) for source in RETURN_SOURCES],
        key=lambda item: item.return_id,
        version=lambda item: item.updated_date,
    )


def all_listings(client: FlipkartClient) -> tuple[dict[str, Listing], list[PullIssue]]:
    """Return every listing keyed by seller SKU, and issues for SKUs Flipkart did not return."""
    skus = [summary.sku_id for summary in client.listings.search() if summary.sku_id]
    if not skus:
        return {}, []

    issues = []
    lookup = client.listings.get(skus)
    for kind, entries in (("unavailable", lookup.unavailable), ("invalid", lookup.invalid)):
        if entries:
            ids = tuple(str(entry) for entry in entries)
            issues.append(PullIssue("listings", ids, f"Flipkart reported these SKUs {kind}."))
    return dict(lookup.available), issues


def _settled(
    client: FlipkartClient,
    name: str,
    queries: list[Callable[[], Iterator[list[RecordT]]]],
    *,
    key: Callable[[RecordT], str],
    version: Callable[[RecordT], datetime | None],
) -> dict[str, RecordT]:
    records: dict[str, RecordT] = {}
    for attempt in range(1, MAX_PASSES + 1):
        pass_start = client.server_clock.now() - _CLOCK_RESOLUTION
        changed_during_pass = 0

        for query in queries:
            for page in query():
                for record in page:
                    held = records.get(key(record))
                    moment = version(record)
                    if held is None or _not_older(moment, version(held)):
                        records[key(record)] = record
                    # A version already held was read before this pass began.
                    is_new = held is None or version(held) != moment
                    if is_new and moment is not None and moment > pass_start:
                        changed_during_pass += 1

        if not changed_during_pass:
            return records
        logger.info(
            "%s: %d records changed during pass %d; reading the changes again",
            name,
            changed_during_pass,
            attempt,
        )

    logger.warning(
        "%s still changed after %d passes; the next sync reads what this one may have missed.",
        name,
        MAX_PASSES,
    )
    return records


def _not_older(version: datetime | None, held: datetime | None) -> bool:
    if held is None:
        return True
    if version is None:
        return False
    return version >= held
