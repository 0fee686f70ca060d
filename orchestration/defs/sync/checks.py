"""Blocking asset checks that fail loudly when validation rejected a raw batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import dagster as dg

from ingestion.warehouse.sync import StreamReport, SyncReport

CHECK_NAME = "batch_accepted"


def batch_check_specs(keys: Iterable[dg.AssetKey]) -> list[dg.AssetCheckSpec]:
    """Return one blocking check per landed raw table, so dbt never builds on a rejected batch."""
    return [
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=key,
            blocking=True,
            description=(
                "Fails when great-expectations rejected this stream's batch; the batch stays "
                "in raw.rejected_batches with its report and the stream's cursor does not move."
            ),
        )
        for key in keys
    ]


def stream_metadata(report: SyncReport, stream: str | None) -> dict[str, Any]:
    """Return the counts of `stream` (or of the whole sync when None) as asset metadata."""
    metadata: dict[str, Any] = {"mode": report.mode, "server_time": report.server_time.isoformat()}
    if stream is None:
        metadata["batch_id"] = report.batch_id
        metadata["issues"] = len(report.issues)
        return metadata

    counts = report.streams.get(stream)
    if counts is None:
        metadata["fetched"] = False
        return metadata
    metadata.update(
        batch_id=counts.batch_id,
        rows_in=counts.rows_in,
        rows_changed=counts.changed,
        rows_rejected=counts.rejected,
        issues=counts.issues,
        merged=counts.merged,
    )
    return metadata


def stream_summary(report: SyncReport) -> str:
    """Return '<stream> <in>/<changed>/<rejected>' for each stream, for one log line."""
    parts = [
        f"{name} {counts.rows_in} in/{counts.changed} changed/{counts.rejected} rejected"
        for name, counts in sorted(report.streams.items())
    ]
    return ", ".join(parts) or "no streams fetched"


def batch_check_results(
    stream_by_key: Mapping[dg.AssetKey, str], report: SyncReport
) -> Iterator[dg.AssetCheckResult]:
    """Yield one result per checked table: failed, naming batch id and expectations, or passed."""
    for key, stream in stream_by_key.items():
        counts = report.streams.get(stream)
        if counts is None or not counts.failed_expectations:
            yield dg.AssetCheckResult(asset_key=key, check_name=CHECK_NAME, passed=True)
            continue
        yield _failed(key, stream, counts)


def _failed(key: dg.AssetKey, stream: str, counts: StreamReport) -> dg.AssetCheckResult:
    expectations = "; ".join(counts.failed_expectations)
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=CHECK_NAME,
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"Validation rejected {stream} batch {counts.batch_id} ({counts.rejected} rows): "
            f"{expectations}. The rows are in raw.rejected_batches; fix the data or the "
            f"expectation and sync again."
        ),
        metadata={
            "rejected_batch_id": counts.batch_id,
            "rows_rejected": counts.rejected,
            "failed_expectations": list(counts.failed_expectations),
        },
    )
