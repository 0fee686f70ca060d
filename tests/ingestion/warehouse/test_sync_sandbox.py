"""Full and incremental syncs against a sandbox seller over HTTP, checked against its truth."""

from __future__ import annotations

import json
from collections import Counter
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


def test_unknown_state_set_aside_rest_merged(
    sandbox: SandboxServer, warehouse: duckdb.DuckDBPyConnection, monkeypatch, caplog
) -> None:
    """Shipments in a state validation does not know are set aside; the rest merge."""
    truth = seller_truth(sandbox)["shipments"]
    state = Counter(value["state"] for value in truth.values()).most_common(1)[0][0]
    known = [status for status in validation.ORDER_ITEM_STATUSES if status != state]
    monkeypatch.setattr(validation, "ORDER_ITEM_STATUSES", known)
    cursors = MemoryCursors()
    with seller_client(sandbox) as client:
        report = sync_account(
            client, warehouse, account_id=ACCOUNT, cursors=cursors, mode="full", batch_id="run1"
        )

    shipments = report.streams["shipments"]
    in_state = sorted(key for key, value in truth.items() if value["state"] == state)
    assert shipments.merged
    assert shipments.rejected == len(in_state) > 0
    assert not report.succeeded
    assert report.rejected_streams == ["shipments"]
    assert len(shipments.unresolved) == len(in_state)
    assert cursors.values["shipments"] == report.server_time
    assert _ids(warehouse, "shipments", "shipment_id") == sorted(set(truth) - set(in_state))

    kept = warehouse.execute(
        "SELECT report->>'$.record_id', report->'$.failures' FROM raw.rejected_batches "
        "WHERE account_id = ? AND stream = 'shipments' ORDER BY 1",
        [ACCOUNT],
    ).fetchall()
    assert [record_id for record_id, _failures in kept] == in_state
    failures = json.loads(kept[0][1])
    assert {"column": "items.status", "value": state} in [
        {"column": item["column"], "value": item["value"]} for item in failures
    ]
    logged = warehouse.execute(
        "SELECT rows_in, rows_rejected FROM raw.sync_log WHERE batch_id = 'run1-shipments'"
    ).fetchone()
    assert logged == (shipments.rows_in, len(in_state))
    warnings = [
        record.getMessage() for record in caplog.records if "Set aside" in record.getMessage()
    ]
    assert len(warnings) == 1
    assert sum(record_id in warnings[0] for record_id in in_state) == min(len(in_state), 20)

    monkeypatch.undo()
    with seller_client(sandbox) as client:
        again = sync_account(
            client, warehouse, account_id=ACCOUNT, cursors=cursors, mode="full", batch_id="run2"
        )

    assert again.succeeded, again
    assert again.streams["shipments"].unresolved == []
    assert _ids(warehouse, "shipments", "shipment_id") == sorted(truth)
    resolved_by = warehouse.execute(
        "SELECT DISTINCT report->>'$.resolved_by' FROM raw.rejected_batches "
        "WHERE stream = 'shipments'"
    ).fetchall()
    assert resolved_by == [("run2-shipments",)]


def test_set_aside_listing_reported_later(
    sandbox: SandboxServer, warehouse: duckdb.DuckDBPyConnection, monkeypatch
) -> None:
    """Listings set aside by a full sync are still reported by a backfill, which skips them."""
    monkeypatch.setattr(validation, "MAX_AMOUNT", 1)
    cursors = MemoryCursors()
    with seller_client(sandbox) as client:
        full = sync_account(client, warehouse, account_id=ACCOUNT, cursors=cursors, mode="full")
        monkeypatch.undo()
        now = client.server_clock.now()
        backfill = sync_account(
            client,
            warehouse,
            account_id=ACCOUNT,
            cursors=MemoryCursors(),
            mode="backfill",
            since=now - timedelta(days=2),
            until=now,
        )

    set_aside = full.streams["listings"].rejected
    listings = backfill.streams["listings"]
    assert set_aside > 0
    assert listings.rows_in == 0
    assert len(listings.unresolved) == set_aside
    assert len(listings.failed_expectations) == set_aside
    assert not backfill.succeeded


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
