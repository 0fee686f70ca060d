"""The stock assets: the ledger and its warehouse copy after a sync, then the stock push."""

from __future__ import annotations

import dagster as dg
import pytest

from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.inventory.assets import listed_stock
from orchestration.defs.sync.resources import FlipkartClientResource
from sellerops.services import act_as, build_client
from sellerops.services.stock import receive_stock, stock_levels

pytestmark = pytest.mark.xdist_group("orchestration")

SLUG = "stockcover"
RECEIVED = 500


@pytest.fixture(scope="module")
def stocked(pipeline):
    partition = pipeline.provision(SLUG)
    owner = act_as(pipeline.store, SLUG, f"owner@{SLUG}.example")
    seller_id = pipeline.server.credentials()[0]["seller_id"]
    location_id = pipeline.server.credentials()[0]["locations"][0]["locationId"]
    sku = sorted(pipeline.server.truth(seller_id)["sellers"][seller_id]["skus"])[0]
    receive_stock(owner, sku, location_id, RECEIVED, "opening")

    run = pipeline.run(partition)
    return pipeline, partition, owner, sku, location_id, run


def test_sync_run_succeeds(stocked):
    *_, run = stocked

    assert run.success, run.problems


def test_levels_copied_to_warehouse(stocked):
    pipeline, _partition, owner, sku, location_id, _run = stocked
    level = next(
        level
        for level in stock_levels(owner)
        if (level.sku, level.location_id) == (sku, location_id)
    )

    connection = open_warehouse(warehouse_paths(pipeline.data_dir, SLUG).published, read_only=True)
    try:
        row = connection.execute(
            "SELECT on_hand, available, days_of_cover, reorder_quantity FROM marts.stock_cover "
            "WHERE sku = ? AND location_id = ?",
            [sku, location_id],
        ).fetchone()
    finally:
        connection.close()

    assert row[0] == level.on_hand
    assert row[1] == level.available
    assert row[3] >= 0


def test_ledger_applied_synced_orders(stocked):
    _pipeline, _partition, owner, *_ = stocked

    levels = stock_levels(owner)

    assert any(level.reserved > 0 or level.on_hand < 0 for level in levels)


def test_push_sets_listing(stocked):
    pipeline, partition, owner, sku, location_id, _run = stocked
    resources = {**pipeline.resources, "flipkart": FlipkartClientResource()}

    result = dg.materialize(
        [listed_stock],
        partition_key=partition.key,
        resources=resources,
        instance=pipeline.instance,
    )

    level = next(
        level
        for level in stock_levels(owner)
        if (level.sku, level.location_id) == (sku, location_id)
    )
    with build_client(owner, partition.account_id) as client:
        listing = client.listings.get([sku]).available[sku]
    inventory = next(loc.inventory for loc in listing.locations if loc.id == location_id)
    assert result.success
    assert inventory == max(level.available - level.safety_buffer, 0)
    assert inventory > 0
