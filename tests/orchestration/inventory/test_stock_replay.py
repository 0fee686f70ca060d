"""Order events rejected for a SKU missing from the master, booked by `--replay-stock`."""

from __future__ import annotations

import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import delete

from ingestion.warehouse.stock_copy import save_watermark
from orchestration.defs.inventory.records import apply_synced_events, synced_records
from orchestration.defs.sync.assets import flipkart_sync
from orchestration.defs.sync.partitions import seller_accounts
from orchestration.defs.sync.resources import WarehouseResource
from sellerops.inventory.events import order_events
from sellerops.models import Sku
from sellerops.services import act_as
from sellerops.services.catalog import MASTER_FIELDS, SkuInput, list_skus, upsert_skus
from sellerops.services.stock import apply_order_events, stock_levels

pytestmark = pytest.mark.xdist_group("orchestration")

SLUG = "replay"
PROJECT_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def replayed(pipeline):
    partition = pipeline.provision(SLUG)
    owner = act_as(pipeline.store, SLUG, f"owner@{SLUG}.example")
    warehouse = WarehouseResource(data_dir=str(pipeline.data_dir))
    pipeline.instance.add_dynamic_partitions(seller_accounts.name, [partition.key])

    synced = dg.materialize(
        [flipkart_sync],
        partition_key=partition.key,
        resources={**pipeline.definitions.resources, **pipeline.resources},
        instance=pipeline.instance,
    )
    assert synced.success

    # The SKU ordered most often leaves the master before the ledger reads its orders.
    with warehouse.writer(SLUG) as connection:
        records = synced_records(connection, partition.account_id, None)
    events = order_events(records.shipments, records.returns)
    sku = Counter(event.sku for event in events).most_common(1)[0][0]
    master = next(view for view in list_skus(owner) if view.sku == sku)
    with pipeline.store.write(owner.tenant_id) as session:
        session.execute(delete(Sku).where(Sku.tenant_id == owner.tenant_id, Sku.sku == sku))

    with warehouse.writer(SLUG) as connection:
        first = apply_synced_events(owner, connection, partition.account_id)
        # Later syncs land newer records and move the watermark past the rejected ones, so
        # an incremental run no longer reads them. The frozen sandbox lands nothing newer.
        save_watermark(connection, partition.account_id, datetime.now(UTC))
    levels_before = [level for level in stock_levels(owner) if level.sku == sku]

    upsert_skus(
        owner, [SkuInput(**{name: getattr(master, name) for name in ("sku", *MASTER_FIELDS)})]
    )
    child = subprocess.run(
        [*pipeline.pipeline_command(SLUG), "--replay-stock"],
        env=pipeline.child_environment(),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    levels_after = [level for level in stock_levels(owner) if level.sku == sku]

    # Applying the SKU's events once more books nothing if the replay booked them all.
    leftover = apply_order_events(owner, [event for event in events if event.sku == sku])
    return sku, first, levels_before, child, levels_after, leftover


def test_missing_sku_rejected(replayed):
    sku, first, levels_before, *_ = replayed
    reasons = [reason for event, reason in first.result.rejected if event.sku == sku]

    assert reasons
    assert levels_before == []


def test_rejection_names_replay_command(replayed):
    sku, first, *_ = replayed
    reason = next(reason for event, reason in first.result.rejected if event.sku == sku)

    assert "sellerops pipeline run --tenant" in reason
    assert "--replay-stock" in reason


def test_replay_run_succeeds(replayed):
    *_, child, _levels_after, _leftover = replayed

    assert child.returncode == 0, child.stdout + child.stderr


def test_replay_books_added_sku(replayed):
    *_, levels_after, _leftover = replayed

    assert levels_after
    assert any(level.reserved > 0 or level.on_hand < 0 for level in levels_after)


def test_replay_leaves_nothing_unbooked(replayed):
    *_, leftover = replayed

    assert leftover.applied == 0
    assert leftover.rejected == []


def test_replay_run_prints_step_lines(replayed):
    *_, child, _levels_after, _leftover = replayed
    lines = child.stdout.splitlines()

    assert lines[0].startswith("Seller accounts to run: 1. dbt and Dagster log to ")
    assert any("raw__stock_levels" in line and "stock events" in line for line in lines)
    assert "dbt build" not in child.stdout
    assert len(lines) < 20
