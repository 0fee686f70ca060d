"""Stock assets of one seller account: the ledger after each sync, and the listed stock pushed."""

import dagster as dg
from pydantic import Field

from ingestion.warehouse.raw_schema import ensure_raw_schema
from ingestion.warehouse.stock_copy import StockLevelRow, ensure_stock_tables, replace_stock_levels
from orchestration.defs.inventory.records import apply_synced_events
from orchestration.defs.sync.assets import RAW_GROUP, raw_key
from orchestration.defs.sync.partitions import parse_partition_key, seller_accounts
from orchestration.defs.sync.resources import (
    FlipkartClientResource,
    OperationalStoreResource,
    WarehouseResource,
)
from orchestration.pools import WAREHOUSE_POOL
from sellerops.services.stock import stock_levels
from sellerops.services.stock_push import push_available_stock

INVENTORY_GROUP = "inventory"
STOCK_LEVELS_KEY = raw_key("stock_levels")
LISTED_STOCK_KEY = dg.AssetKey([INVENTORY_GROUP, "listed_stock"])


class StockLedgerConfig(dg.Config):
    """Run configuration of the ledger step."""

    replay: bool = Field(
        default=False,
        description=(
            "Read every synced shipment and return again instead of those fetched since the "
            "last run, e.g. after adding SKUs whose events were rejected."
        ),
    )


@dg.asset(
    key=STOCK_LEVELS_KEY,
    group_name=RAW_GROUP,
    deps=[raw_key("shipments"), raw_key("returns")],
    partitions_def=seller_accounts,
    pool=WAREHOUSE_POOL,
    kinds={"duckdb"},
)
def stock_ledger(
    context: dg.AssetExecutionContext,
    config: StockLedgerConfig,
    operational_store: OperationalStoreResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Stock levels from the ledger after the synced orders and returns moved stock."""
    partition = parse_partition_key(context.partition_key)

    with operational_store.open() as store:
        actor = operational_store.actor(store, partition.tenant_slug)
        with warehouse.writer(partition.tenant_slug) as connection:
            ensure_raw_schema(connection)
            ensure_stock_tables(connection)
            applied = apply_synced_events(
                actor, connection, partition.account_id, replay=config.replay
            )
            levels = stock_levels(actor)
            rows = [
                StockLevelRow(
                    sku=level.sku,
                    location_id=level.location_id,
                    on_hand=level.on_hand,
                    reserved=level.reserved,
                    damaged=level.damaged,
                    available=level.available,
                    safety_buffer=level.safety_buffer,
                    low_stock_threshold=level.low_stock_threshold,
                )
                for level in levels
            ]
            copied = replace_stock_levels(connection, rows)

    result = applied.result
    context.log.info(
        "Partition %s: %d shipments and %d returns gave %d events: %d applied, "
        "%d already applied, %d rejected; %d stock levels copied to raw.stock_levels",
        partition.key,
        applied.shipments,
        applied.returns,
        applied.events,
        result.applied,
        result.skipped_duplicates,
        len(result.rejected),
        copied,
    )
    if result.rejected:
        reasons = sorted({reason for _event, reason in result.rejected})
        context.log.warning(
            "Partition %s: %d order events rejected, e.g. %s",
            partition.key,
            len(result.rejected),
            "; ".join(reasons[:3]),
        )
    return dg.MaterializeResult(
        metadata={
            "events": applied.events,
            "applied": result.applied,
            "already_applied": result.skipped_duplicates,
            "rejected": len(result.rejected),
            "stock_levels": copied,
        }
    )


@dg.asset(
    key=LISTED_STOCK_KEY,
    group_name=INVENTORY_GROUP,
    deps=[STOCK_LEVELS_KEY],
    partitions_def=seller_accounts,
    kinds={"python"},
)
def listed_stock(
    context: dg.AssetExecutionContext,
    operational_store: OperationalStoreResource,
    flipkart: FlipkartClientResource,
) -> dg.MaterializeResult:
    """Flipkart's listed stock, set to available minus safety buffer where it differed."""
    partition = parse_partition_key(context.partition_key)

    with operational_store.open() as store:
        actor = operational_store.actor(store, partition.tenant_slug)
        with flipkart.open_client(actor, partition.account_id) as client:
            report = push_available_stock(actor, partition.account_id, client=client)

    context.log.info(
        "Partition %s: %d listings pushed, %d failed",
        partition.key,
        len(report.pushed),
        len(report.failed),
    )
    for outcome in report.failed[:5]:
        context.log.warning(
            "Partition %s: push of %s at %s failed after %d tries: %s",
            partition.key,
            outcome.sku,
            outcome.location_id,
            outcome.attempts,
            outcome.error,
        )
    return dg.MaterializeResult(
        metadata={"pushed": len(report.pushed), "failed": len(report.failed)}
    )
