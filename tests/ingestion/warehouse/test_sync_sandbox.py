"""Full and incremental syncs against a sandbox seller over HTTP, checked against its truth."""

from __future__ import annotations

from datetime import timedelta

import duckdb

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse import validation
from ingestion.warehouse.sync import sync_account
from tests.ingestion.warehouse.conftest import MemoryCursors, seller_client, seller_truth

ACCOUNT = "acct-1"


def _ids(connection: duckdb.DuckDBPyConnection, table: str, key: str) -> list[str]:
    rows = connection.execute(
        f"SELECT {key} FROM raw.{table} WHERE account_id = ? ORDER BY {key}",  # noqa: S608
        [ACCOUNT],
    ).fetchall()
    return [row[0] for row in rows]


def test_full_then_incremental_matches_truth(
    sandbox: SandboxServer, warehouse: duckdb.DuckDBPyConnection
) -> None:
    """Every truth shipment and return is landed exactly once, before and after time passes."""
    cursors = MemoryCursors()
    with seller_client(sandbox) as client:
        full = sync_account(client, warehouse, account_id=ACCOUNT, cursors=cursors, mode="full")
        truth = seller_truth(sandbox)
        assert full.succeeded, full
        assert _ids(warehouse, "shipments", "shipment_id") == sorted(truth["shipments"])
        assert _ids(warehouse, "returns", "return_id") == sorted(truth["returns"])
        assert _ids(warehouse, "shipment_details", "shipment_id") == sorted(truth["shipments"])
        assert set(cursors.values) == {"shipments", "returns", "listings"}
        assert cursors.values["shipments"] == full.server_time

        sandbox.clock(advance_seconds=20 * 3600)
        incremental = sync_account(
            client, warehouse, account_id=ACCOUNT, cursors=cursors, mode="incremental"
        )
        truth = seller_truth(sandbox)

    assert incremental.mode == "incremental"
    assert incremental.succeeded, incremental
    assert incremental.streams["shipments"].changed > 0
    assert _ids(warehouse, "shipments", "shipment_id") == sorted(truth["shipments"])
    assert _ids(warehouse, "returns", "return_id") == sorted(truth["returns"])
    assert cursors.values["shipments"] == incremental.server_time
    assert incremental.server_time > full.server_time

    states = dict(
        warehouse.execute(
            "SELECT shipment_id, status FROM raw.shipments WHERE account_id = ?", [ACCOUNT]
        ).fetchall()
    )
    assert states == {key: value["state"] for key, value in truth["shipments"].items()}

    # Shipments that moved on during the 20 hours have more than one recorded status.
    moved = warehouse.execute(
        "SELECT count(*) FROM (SELECT shipment_id FROM raw.shipment_status_history "
        "GROUP BY shipment_id HAVING count(*) > 1)"
    ).fetchone()[0]
    assert moved > 0
    log = warehouse.execute(
        "SELECT count(*), count(DISTINCT batch_id), max(server_time) FROM raw.sync_log"
    ).fetchone()
    assert log[0] == log[1] == 10
    assert log[2] == incremental.server_time


def test_rejected_batch_kept_cursor_still(
    sandbox: SandboxServer, warehouse: duckdb.DuckDBPyConnection, monkeypatch
) -> None:
    """A shipment batch with an unknown payment type is set aside and its cursor stays put."""
    monkeypatch.setattr(validation, "PAYMENT_TYPES", ["PREPAID"])
    cursors = MemoryCursors()
    with seller_client(sandbox) as client:
        report = sync_account(
            client, warehouse, account_id=ACCOUNT, cursors=cursors, mode="full", batch_id="run1"
        )

    shipments = report.streams["shipments"]
    assert report.rejected_streams == ["shipments"]
    assert not shipments.merged
    assert shipments.rejected == shipments.rows_in > 0
    assert any("payment_type" in failure for failure in shipments.failed_expectations)
    assert "shipments" not in cursors.values
    assert "returns" in cursors.values
    assert _ids(warehouse, "shipments", "shipment_id") == []

    kept = warehouse.execute(
        "SELECT stream, row_count, json_array_length(payloads), report->>'$.stream' "
        "FROM raw.rejected_batches WHERE batch_id = 'run1-shipments'"
    ).fetchone()
    assert kept == ("shipments", shipments.rows_in, shipments.rows_in, "shipments")
    logged = warehouse.execute(
        "SELECT rows_in, rows_changed, rows_rejected FROM raw.sync_log "
        "WHERE batch_id = 'run1-shipments'"
    ).fetchone()
    assert logged == (shipments.rows_in, 0, shipments.rows_in)


def test_backfill_leaves_cursors(
    sandbox: SandboxServer, warehouse: duckdb.DuckDBPyConnection
) -> None:
    """A backfill lands the order-date range and moves no cursor."""
    cursors = MemoryCursors()
    with seller_client(sandbox) as client:
        client.tokens.get()
        now = client.server_clock.now()
        report = sync_account(
            client,
            warehouse,
            account_id=ACCOUNT,
            cursors=cursors,
            mode="backfill",
            since=now - timedelta(days=5),
            until=now,
        )

    assert report.streams["shipments"].rows_in > 0
    assert "listings" not in report.streams
    assert cursors.values == {}
    assert report.cursors_advanced == {}
