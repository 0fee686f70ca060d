"""`sync_account`: pull one seller account's changes and land them in its warehouse file.

Mode `full` pulls the whole history (first sync, nightly rebuild). Mode `incremental` reads
what changed since each stream's cursor, minus an overlap. Mode `backfill` pulls an
order-date range and leaves the cursors alone. Every stream is validated, then merged in its
own transaction, and a cursor moves only after all its streams committed cleanly. Records that
fail validation are set aside and the rest merged, so one unknown value does not hold back the
cursor; a stream's report lists every record still set aside, which fails its asset check.
A batch that fails as a whole (a missing column) is rejected and its cursor stays.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

import duckdb

from ingestion.client.client import FlipkartClient
from ingestion.client.pull_documents import PullIssue
from ingestion.client.records.filters import ShipmentFilter
from ingestion.warehouse.batches import Batch
from ingestion.warehouse.collect import Collected, collect_changes, collect_history
from ingestion.warehouse.landing import (
    LandingContext,
    merge_batch,
    reject_batch,
    unresolved_records,
)
from ingestion.warehouse.raw_schema import API_TABLES, ensure_raw_schema
from ingestion.warehouse.validation import validate_batch

logger = logging.getLogger("ingestion.warehouse")

MODES = ("full", "incremental", "backfill")
DEFAULT_OVERLAP = timedelta(minutes=30)
# Each cursor and the raw streams that must all commit before it moves.
CURSOR_STREAMS = {
    "shipments": ("shipments", "shipment_details", "invoices"),
    "returns": ("returns",),
    "listings": ("listings",),
}


class Cursors(Protocol):
    """Sync cursors of one account, kept in the operational store."""

    def get(self, stream: str) -> datetime | None: ...

    def advance(self, stream: str, cursor_at: datetime, batch_id: str) -> None: ...


@dataclass
class StreamReport:
    """Counts of one stream's batch; `merged` is False when it was rejected or not fetched.

    `rejected` counts the records this batch rejected or set aside; `unresolved` summarizes
    every record of the stream still set aside, from this batch or an earlier one, and
    `failed_expectations` names those too.
    """

    batch_id: str
    rows_in: int = 0
    changed: int = 0
    rejected: int = 0
    issues: int = 0
    merged: bool = False
    failed_expectations: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


@dataclass
class SyncReport:
    """The outcome of one `sync_account` run."""

    account_id: str
    mode: str
    batch_id: str
    server_time: datetime
    streams: dict[str, StreamReport] = field(default_factory=dict)
    issues: list[PullIssue] = field(default_factory=list)
    cursors_advanced: dict[str, datetime] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rejected_streams(self) -> list[str]:
        return [name for name, stream in self.streams.items() if stream.failed_expectations]

    @property
    def succeeded(self) -> bool:
        """True when every stream merged, with no record set aside and no per-item issue."""
        clean = all(
            stream.merged and not stream.failed_expectations for stream in self.streams.values()
        )
        return clean and not self.issues


def sync_account(
    client: FlipkartClient,
    connection: duckdb.DuckDBPyConnection,
    *,
    account_id: str,
    cursors: Cursors,
    mode: str,
    since: datetime | None = None,
    until: datetime | None = None,
    overlap: timedelta = DEFAULT_OVERLAP,
    batch_id: str | None = None,
) -> SyncReport:
    """Sync one account in `mode` and return counts, issues and the cursors moved."""
    _check_arguments(mode, since, until)
    batch_id = batch_id or uuid.uuid4().hex
    started = time.perf_counter()
    ensure_raw_schema(connection)

    server_time = read_server_time(client)

    if mode == "incremental":
        since_by_stream = {stream: cursors.get(stream) for stream in ("shipments", "returns")}
        if None in since_by_stream.values():
            logger.info("Account %s has no sync cursor yet; running a full sync.", account_id)
            mode = "full"
    if mode == "incremental":
        collected = collect_changes(
            client,
            shipments_since=since_by_stream["shipments"] - overlap,
            returns_since=since_by_stream["returns"] - overlap,
            server_time=server_time,
        )
    else:
        collected = collect_history(
            client,
            since=since,
            until=until,
            server_time=server_time,
            with_listings=mode == "full",
        )

    report = SyncReport(account_id, mode, batch_id, server_time, issues=list(collected.issues))
    fetched_at = datetime.now(UTC)
    for stream, batch in collected.batches.items():
        context = LandingContext(
            account_id=account_id,
            batch_id=f"{batch_id}-{stream}",
            fetched_at=fetched_at,
            server_time=server_time,
            mode=mode,
            window_from=collected.windows.get(stream, (None, None))[0],
            window_to=collected.windows.get(stream, (None, None))[1],
        )
        issue_count = collected.issue_count(stream)
        report.streams[stream] = _land(connection, batch, context, issue_count)
    for stream in collected.failed_streams:
        report.streams[stream] = StreamReport(batch_id=f"{batch_id}-{stream}")
    for stream in API_TABLES:
        if stream not in report.streams:
            _report_unfetched(connection, report, stream)

    if mode != "backfill":
        _advance_cursors(cursors, report, collected)
    report.seconds = time.perf_counter() - started
    _log_report(report)
    return report


def read_server_time(client: FlipkartClient) -> datetime:
    """Return the server's current time from the Date header of a fresh one-item request.

    The clock keeps the last Date seen, which may be old when the client's token is cached,
    and the cursor must be the server's time when this sync began.
    """
    client.tokens.get()
    probe = ShipmentFilter(type="preDispatch", page_size=1)
    next(iter(client.shipments.filter_pages(probe)), None)
    return client.server_clock.now()


def _land(
    connection: duckdb.DuckDBPyConnection, batch: Batch, context: LandingContext, issue_count: int
) -> StreamReport:
    stream = StreamReport(batch_id=context.batch_id, rows_in=batch.row_count, issues=issue_count)
    validation = validate_batch(batch)
    if validation.table_failures:
        reject_batch(connection, batch, context, validation.report)
        stream.rejected = batch.row_count
        stream.failed_expectations = validation.failed_expectations
        return stream

    failures = validation.failures_by_record()
    stream.changed = merge_batch(
        connection, batch, context, issue_count=issue_count, failures=failures
    )
    stream.merged = True
    stream.rejected = len(failures)
    _add_unresolved(connection, stream, context.account_id, batch.stream)
    return stream


def _report_unfetched(
    connection: duckdb.DuckDBPyConnection, report: SyncReport, stream: str
) -> None:
    # A stream this mode does not fetch (listings in an incremental sync) still reports the
    # records an earlier sync set aside, so its asset check keeps failing until they resolve.
    counts = StreamReport(batch_id=f"{report.batch_id}-{stream}", merged=True)
    _add_unresolved(connection, counts, report.account_id, stream)
    if counts.unresolved:
        report.streams[stream] = counts


def _add_unresolved(
    connection: duckdb.DuckDBPyConnection, counts: StreamReport, account_id: str, stream: str
) -> None:
    counts.unresolved = unresolved_records(connection, account_id, stream)
    counts.failed_expectations += [
        f"{stream}: set aside in raw.rejected_batches, unresolved: {summary}"
        for summary in counts.unresolved
    ]


def _advance_cursors(cursors: Cursors, report: SyncReport, collected: Collected) -> None:
    for cursor, streams in CURSOR_STREAMS.items():
        reports = [report.streams.get(stream) for stream in streams]
        clean = all(item is not None and item.merged and not item.issues for item in reports)
        if not clean:
            logger.warning(
                "Cursor %s of account %s not advanced: a batch was rejected, not fetched or "
                "has per-item issues; the next sync reads the same window again.",
                cursor,
                report.account_id,
            )
            continue
        cursors.advance(cursor, report.server_time, report.streams[streams[0]].batch_id)
        report.cursors_advanced[cursor] = report.server_time


def _check_arguments(mode: str, since: datetime | None, until: datetime | None) -> None:
    if mode not in MODES:
        raise ValueError(f"Unknown sync mode {mode!r}; use one of {MODES}.")
    if mode == "backfill" and (since is None or until is None):
        raise ValueError("A backfill needs both since and until (order dates, aware datetimes).")
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.tzinfo is None:
            raise ValueError(f"{name}={moment.isoformat()} has no time zone; pass it aware.")


def _log_report(report: SyncReport) -> None:
    for name, stream in report.streams.items():
        logger.info(
            "Sync %s of account %s, %s: %d in, %d changed, %d rejected, %d issues",
            report.mode,
            report.account_id,
            name,
            stream.rows_in,
            stream.changed,
            stream.rejected,
            stream.issues,
        )
    logger.info(
        "Sync %s of account %s done in %.1f s; cursors advanced: %s",
        report.mode,
        report.account_id,
        report.seconds,
        ", ".join(sorted(report.cursors_advanced)) or "none",
    )
