"""Gather one sync's records from Flipkart and turn them into raw batches."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from ingestion.client.client import FlipkartClient
from ingestion.client.errors import FlipkartError
from ingestion.client.pull import full_pull
from ingestion.client.pull_documents import DocumentFetcher, PullIssue
from ingestion.warehouse.batches import (
    Batch,
    details_batch,
    invoice_batch,
    listing_batch,
    return_batch,
    shipment_batch,
)
from ingestion.warehouse.fetching import all_listings, changed_returns, changed_shipments

logger = logging.getLogger("ingestion.warehouse")

# The raw stream each kind of client issue belongs to.
_ISSUE_STREAMS = {"details": "shipment_details", "invoices": "invoices", "listings": "listings"}


@dataclass
class Collected:
    """Batches per raw stream, the client's per-item issues, and each stream's window."""

    batches: dict[str, Batch] = field(default_factory=dict)
    issues: list[PullIssue] = field(default_factory=list)
    windows: dict[str, tuple[datetime | None, datetime | None]] = field(default_factory=dict)
    failed_streams: list[str] = field(default_factory=list)
    """Streams whose download failed as a whole; they land nothing this run."""

    def issue_count(self, stream: str) -> int:
        """Return how many ids of `stream` the client reported problems for."""
        return sum(
            len(issue.ids) for issue in self.issues if _ISSUE_STREAMS.get(issue.kind) == stream
        )


def collect_history(
    client: FlipkartClient,
    *,
    since: datetime | None,
    until: datetime | None,
    server_time: datetime,
    with_listings: bool,
) -> Collected:
    """Pull shipments (with documents) and returns by order date, and optionally listings."""
    result = full_pull(client, since=since, until=until)
    collected = Collected(issues=list(result.issues))
    collected.batches = {
        "shipments": shipment_batch(result.shipments.values()),
        "shipment_details": details_batch(result.details.values()),
        "invoices": invoice_batch(result.invoices.values()),
        "returns": return_batch(result.returns.values()),
    }
    window = (since, until or server_time)
    for stream in ("shipments", "shipment_details", "invoices", "returns"):
        collected.windows[stream] = window

    if with_listings:
        _collect_listings(client, collected)
    return collected


def collect_changes(
    client: FlipkartClient,
    *,
    shipments_since: datetime,
    returns_since: datetime,
    server_time: datetime,
) -> Collected:
    """Read shipments and returns modified since the given times, their documents, and listings."""
    collected = Collected()
    shipments = changed_shipments(client, shipments_since)

    # Details for every changed shipment, invoices for those packed or later, 100 ids a call.
    fetcher = DocumentFetcher(client.shipments)
    try:
        for shipment in shipments.values():
            fetcher.offer(shipment)
    finally:
        fetcher.finish()
    collected.issues.extend(fetcher.issues)

    returns = changed_returns(client, returns_since)
    collected.batches = {
        "shipments": shipment_batch(shipments.values()),
        "shipment_details": details_batch(fetcher.details.values()),
        "invoices": invoice_batch(fetcher.invoices.values()),
        "returns": return_batch(returns.values()),
    }
    for stream in ("shipments", "shipment_details", "invoices"):
        collected.windows[stream] = (shipments_since, server_time)
    collected.windows["returns"] = (returns_since, server_time)

    _collect_listings(client, collected)
    return collected


def _collect_listings(client: FlipkartClient, collected: Collected) -> None:
    try:
        listings, issues = all_listings(client)
    except FlipkartError as error:
        logger.warning("Could not read the listings: %s", error)
        collected.issues.append(PullIssue("listings", (), f"Listings not read: {error}"))
        collected.failed_streams.append("listings")
        return
    collected.issues.extend(issues)
    collected.batches["listings"] = listing_batch(listings)
