"""Partition keys, sync config, the rejected-batch check and the tenant write lock."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import dagster as dg
import pytest

from ingestion.warehouse.sync import StreamReport, SyncReport
from ingestion.warehouse.tenant_lock import tenant_write_lock
from orchestration.defs.sync.checks import batch_check_results, stream_metadata
from orchestration.defs.sync.config import IST, SyncConfig
from orchestration.defs.sync.partitions import AccountPartition, parse_partition_key

SERVER_TIME = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)


def rejected_report() -> SyncReport:
    report = SyncReport("acc-1", "incremental", "batch-7", SERVER_TIME)
    report.streams["returns"] = StreamReport(
        batch_id="batch-7-returns",
        rows_in=2,
        rejected=2,
        failed_expectations=["returns.records: expect_column_values_to_be_in_set(source)"],
    )
    report.streams["listings"] = StreamReport(batch_id="batch-7-listings", rows_in=5, merged=True)
    return report


def test_partition_key_round_trip() -> None:
    partition = AccountPartition("acme-co", "0f3c9a")
    assert parse_partition_key(partition.key) == partition


@pytest.mark.parametrize("key", ["acme", ".0f3c", "acme.", ""])
def test_partition_key_malformed(key: str) -> None:
    with pytest.raises(ValueError, match="malformed"):
        parse_partition_key(key)


def test_backfill_window_is_ist_days() -> None:
    since, until = SyncConfig(mode="backfill", since="2026-11-01", until="2026-11-30").window()
    assert since == datetime(2026, 11, 1, tzinfo=IST)
    assert until == datetime(2026, 12, 1, tzinfo=IST)
    assert since.astimezone(UTC) == datetime(2026, 10, 31, 18, 30, tzinfo=UTC)


def test_incremental_has_no_window() -> None:
    assert SyncConfig().window() == (None, None)


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        (None, "2026-11-30", "needs both"),
        ("2026-11-30", "2026-11-01", "before since"),
        ("30/11/2026", "2026-12-01", "not a date"),
    ],
)
def test_backfill_window_invalid(since: str | None, until: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SyncConfig(mode="backfill", since=since, until=until).window()


def test_rejected_batch_fails_its_check() -> None:
    keys = {
        dg.AssetKey(["raw", "returns"]): "returns",
        dg.AssetKey(["raw", "listings"]): "listings",
    }

    results = {
        result.asset_key.path[-1]: result for result in batch_check_results(keys, rejected_report())
    }

    assert results["listings"].passed
    assert not results["returns"].passed
    assert results["returns"].severity == dg.AssetCheckSeverity.ERROR
    assert "batch-7-returns" in results["returns"].description
    assert "expect_column_values_to_be_in_set(source)" in results["returns"].description


def test_stream_metadata_counts() -> None:
    metadata = stream_metadata(rejected_report(), "listings")
    assert metadata["rows_in"] == 5
    assert metadata["merged"] is True


def test_second_writer_waits_for_lock(tmp_path) -> None:
    path = tmp_path / "acme.duckdb"
    order: list[str] = []

    def second_writer() -> None:
        with tenant_write_lock(path):
            order.append("second")

    with tenant_write_lock(path):
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.5)
        order.append("first")
    thread.join(timeout=5)

    assert order == ["first", "second"]
