"""Landing real sandbox records: idempotent upserts, hash rules, status history, redaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import duckdb
import pytest

from ingestion.client import full_pull
from ingestion.client.pull import PullResult
from ingestion.client.records.shipments import Shipment
from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.batches import Batch, details_batch, shipment_batch
from ingestion.warehouse.landing import LandingContext, merge_batch, unresolved_records
from ingestion.warehouse.operational import (
    AccountProfileRow,
    LocationRow,
    SkuRow,
    copy_operational,
)
from ingestion.warehouse.validation import RecordFailure, validate_batch
from tests.ingestion.warehouse.conftest import seller_client

NOW = datetime(2026, 11, 30, 4, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def pulled(sandbox: SandboxServer) -> Iterator[PullResult]:
    with seller_client(sandbox) as client:
        yield full_pull(client)


def _context(batch_id: str, server_time: datetime = NOW) -> LandingContext:
    return LandingContext("acct-1", batch_id, NOW, server_time, "full")


def _hashes(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(
        connection.execute("SELECT shipment_id, payload_hash FROM raw.shipments").fetchall()
    )


def test_same_payload_twice_changes_nothing(
    pulled: PullResult, warehouse: duckdb.DuckDBPyConnection
) -> None:
    shipments = list(pulled.shipments.values())
    first = merge_batch(warehouse, shipment_batch(shipments), _context("b1"))
    hashes = _hashes(warehouse)
    second = merge_batch(warehouse, shipment_batch(shipments), _context("b2"))

    assert first == len(shipments)
    assert second == 0
    assert _hashes(warehouse) == hashes
    batches = warehouse.execute("SELECT DISTINCT batch_id FROM raw.shipments").fetchall()
    assert batches == [("b1",)]


def test_newer_payload_replaces_older_never(
    pulled: PullResult, warehouse: duckdb.DuckDBPyConnection
) -> None:
    shipment = next(iter(pulled.shipments.values()))
    newer = shipment.model_copy(
        update={"updated_at": shipment.updated_at + timedelta(hours=1), "hold": True}
    )
    older = shipment.model_copy(
        update={"updated_at": shipment.updated_at - timedelta(hours=1), "hold": True}
    )

    merge_batch(warehouse, shipment_batch([shipment]), _context("b1"))
    assert merge_batch(warehouse, shipment_batch([older]), _context("b2")) == 0
    assert merge_batch(warehouse, shipment_batch([newer]), _context("b3")) == 1
    stored = warehouse.execute("SELECT batch_id, payload->>'$.hold' FROM raw.shipments").fetchone()
    assert stored == ("b3", "true")


def test_status_history_is_insert_only(
    pulled: PullResult, warehouse: duckdb.DuckDBPyConnection
) -> None:
    shipment = next(s for s in pulled.shipments.values() if s.order_items[0].status == "DELIVERED")
    approved_item = shipment.order_items[0].model_copy(update={"status": "APPROVED"})
    approved = shipment.model_copy(
        update={
            "order_items": [approved_item],
            "updated_at": shipment.updated_at - timedelta(days=1),
        }
    )
    later = NOW + timedelta(hours=5)

    merge_batch(warehouse, shipment_batch([approved]), _context("b1"))
    merge_batch(warehouse, shipment_batch([shipment]), _context("b2", later))
    merge_batch(warehouse, shipment_batch([shipment]), _context("b3", later + timedelta(hours=1)))

    history = warehouse.execute(
        "SELECT status, observed_at, batch_id FROM raw.shipment_status_history ORDER BY observed_at"
    ).fetchall()
    assert [row[0] for row in history] == ["APPROVED", "DELIVERED"]
    assert [row[1] for row in history] == [NOW, later]
    assert [row[2] for row in history] == ["b1", "b2"]


def test_no_buyer_data_reaches_duckdb(
    pulled: PullResult, warehouse: duckdb.DuckDBPyConnection
) -> None:
    details = list(pulled.details.values())
    merge_batch(warehouse, details_batch(details), _context("b1"))
    payloads = [
        row[0] for row in warehouse.execute("SELECT payload FROM raw.shipment_details").fetchall()
    ]
    stored = "\n".join(payloads)
    stored_values = set()
    for payload in payloads:
        stored_values |= set(_strings(json.loads(payload)))

    names, lines = set(), set()
    for record in details:
        for address in (record.delivery_address, record.billing_address):
            assert address is not None
            names |= {address.first_name, address.last_name}
            lines |= {address.address_line1, address.address_line2, address.contact_number}
    names.discard(None)
    lines.discard(None)
    assert len(lines) > len(details)
    assert [line for line in lines if line in stored] == []
    assert names & stored_values == set()
    for key in ("buyerDetails", "billingAddress", "addressLine1", "contactNumber", "firstName"):
        assert key not in stored

    region = json.loads(payloads[0])["deliveryAddress"]
    assert sorted(region) == ["city", "pinCode", "state", "stateCode"]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_copy_operational_replaces_rows(warehouse: duckdb.DuckDBPyConnection) -> None:
    profile = AccountProfileRow("acct-1", "Shop", "GOLD", "NON_FBF", "33ABC", "33")
    first_skus = [SkuRow("SKU-1", cost_price=Decimal("12.345")), SkuRow("SKU-2")]
    copy_operational(
        warehouse, profile, [LocationRow("LOC1", "Chennai", "600001", "33")], first_skus
    )
    copy_operational(
        warehouse,
        profile,
        [LocationRow("LOC2", "Madurai", "625001", "33")],
        [SkuRow("SKU-1", gst_rate=Decimal("18"), cost_price=Decimal("10.005"), weight_g=250)],
    )

    assert warehouse.execute("SELECT location_id FROM raw.account_locations").fetchall() == [
        ("LOC2",)
    ]
    assert warehouse.execute(
        "SELECT sku, gst_rate, cost_price, weight_g FROM raw.sku_master"
    ).fetchall() == [("SKU-1", Decimal("18.00"), Decimal("10.01"), 250)]
    assert warehouse.execute("SELECT count(*) FROM raw.account_profile").fetchone() == (1,)


def _with_item(shipment: Shipment, **changes: object) -> Shipment:
    first = shipment.order_items[0].model_copy(update=changes)
    return shipment.model_copy(update={"order_items": [first, *shipment.order_items[1:]]})


def test_null_payment_type_fails_record(pulled: PullResult) -> None:
    shipments = list(pulled.shipments.values())[:5]
    shipments[2] = _with_item(shipments[2], payment_type=None)

    result = validate_batch(shipment_batch(shipments))

    assert not result.success
    assert result.table_failures == []
    [(row, [failure])] = result.failures_by_record().items()
    assert row == 2
    assert (failure.column, failure.value) == ("items.payment_type", None)
    assert failure.expectation == "expect_column_values_to_not_be_null"


def test_unknown_status_fails_record(pulled: PullResult) -> None:
    shipments = list(pulled.shipments.values())[:5]
    shipments[0] = _with_item(shipments[0], status="LOST_IN_TRANSIT")

    result = validate_batch(shipment_batch(shipments))

    assert list(result.failures_by_record()) == [0]
    columns = {failure.column for failure in result.record_failures}
    assert columns == {"records.status", "items.status"}
    assert {failure.value for failure in result.record_failures} == {"LOST_IN_TRANSIT"}


def test_missing_column_fails_batch(pulled: PullResult) -> None:
    batch = shipment_batch(list(pulled.shipments.values())[:5])
    broken = Batch(batch.table, batch.rows.drop_columns(["shipment_kind"]), items=batch.items)

    result = validate_batch(broken)

    assert not result.success
    assert any("expect_table_columns_to_match_set" in item for item in result.table_failures)


def test_set_aside_record_resolved_by_refetch(
    pulled: PullResult, warehouse: duckdb.DuckDBPyConnection
) -> None:
    shipments = list(pulled.shipments.values())[:3]
    failure = RecordFailure(
        1, "items.status", "LOST_IN_TRANSIT", "expect_column_values_to_be_in_set"
    )
    batch = shipment_batch(shipments)

    changed = merge_batch(warehouse, batch, _context("b1"), failures={1: [failure]})

    set_aside = shipments[1].shipment_id
    assert changed == 2
    assert set_aside not in _hashes(warehouse)
    [summary] = unresolved_records(warehouse, "acct-1", "shipments")
    assert summary == f"shipment_id {set_aside!r} of batch b1: items.status='LOST_IN_TRANSIT'"
    logged = warehouse.execute(
        "SELECT rows_in, rows_changed, rows_rejected FROM raw.sync_log WHERE batch_id = 'b1'"
    ).fetchone()
    assert logged == (3, 2, 1)

    merge_batch(warehouse, batch, _context("b2"))

    assert unresolved_records(warehouse, "acct-1", "shipments") == []
    assert set_aside in _hashes(warehouse)
    resolved = warehouse.execute(
        "SELECT report->>'$.resolved_by', json_array_length(payloads) FROM raw.rejected_batches"
    ).fetchall()
    assert resolved == [("b2", 1)]
