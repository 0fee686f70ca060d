"""Raw landing assets: the operational copy and the Flipkart sync of one seller account."""

import dagster as dg

from ingestion.warehouse.operational import copy_operational
from ingestion.warehouse.raw_schema import ensure_raw_schema
from ingestion.warehouse.sync import sync_account
from orchestration.defs.sync.checks import (
    batch_check_results,
    batch_check_specs,
    stream_metadata,
    stream_summary,
)
from orchestration.defs.sync.config import SyncConfig
from orchestration.defs.sync.copy_rows import location_rows, profile_row, sku_rows
from orchestration.defs.sync.cursors import StoreCursors
from orchestration.defs.sync.partitions import parse_partition_key, seller_accounts
from orchestration.defs.sync.resources import (
    FlipkartClientResource,
    OperationalStoreResource,
    WarehouseResource,
)
from orchestration.pools import WAREHOUSE_POOL
from sellerops.services.account_profile import account_profile
from sellerops.services.catalog import list_skus

RAW_GROUP = "raw"

# Raw tables the Flipkart sync writes, with the sync-report stream whose counts each records.
SYNCED_TABLES = {
    "shipments": "shipments",
    "shipment_status_history": "shipments",
    "shipment_details": "shipment_details",
    "invoices": "invoices",
    "returns": "returns",
    "listings": "listings",
    "sync_log": None,
}
OPERATIONAL_TABLES = ("account_profile", "account_locations", "sku_master")


def raw_key(table: str) -> dg.AssetKey:
    """Return the asset key of a raw table; dbt sources map onto the same keys."""
    return dg.AssetKey([RAW_GROUP, table])


@dg.multi_asset(
    name="operational_copy",
    specs=[
        dg.AssetSpec(
            raw_key(table),
            group_name=RAW_GROUP,
            kinds={"duckdb"},
            description=f"Copy of the operational store's {table.replace('_', ' ')}.",
        )
        for table in OPERATIONAL_TABLES
    ],
    partitions_def=seller_accounts,
    pool=WAREHOUSE_POOL,
)
def operational_copy(
    context: dg.AssetExecutionContext,
    operational_store: OperationalStoreResource,
    warehouse: WarehouseResource,
):
    """Copy the account's profile and locations and the tenant's SKU master into the warehouse."""
    partition = parse_partition_key(context.partition_key)

    with operational_store.open() as store:
        actor = operational_store.actor(store, partition.tenant_slug)
        profile = account_profile(actor, partition.account_id)
        skus = list_skus(actor)
    context.log.info(
        "Partition %s: copying %d locations and %d SKUs",
        partition.key,
        len(profile.locations),
        len(skus),
    )

    with warehouse.writer(partition.tenant_slug) as connection:
        # dbt reads every raw table, including report tables no upload has filled yet.
        ensure_raw_schema(connection)
        copy_operational(connection, profile_row(profile), location_rows(profile), sku_rows(skus))

    counts = {
        "account_profile": 1,
        "account_locations": len(profile.locations),
        "sku_master": len(skus),
    }
    for table, rows in counts.items():
        yield dg.MaterializeResult(asset_key=raw_key(table), metadata={"rows": rows})


@dg.multi_asset(
    name="flipkart_sync",
    specs=[
        dg.AssetSpec(
            raw_key(table),
            group_name=RAW_GROUP,
            kinds={"duckdb"},
            description=f"Flipkart {table.replace('_', ' ')} of each account, upserted by key.",
        )
        for table in SYNCED_TABLES
    ],
    check_specs=batch_check_specs(
        [raw_key(table) for table in SYNCED_TABLES if SYNCED_TABLES[table]]
    ),
    partitions_def=seller_accounts,
    pool=WAREHOUSE_POOL,
)
def flipkart_sync(
    context: dg.AssetExecutionContext,
    config: SyncConfig,
    operational_store: OperationalStoreResource,
    flipkart: FlipkartClientResource,
    warehouse: WarehouseResource,
):
    """Pull the account's changes from the Flipkart API, validate each batch and land it raw."""
    partition = parse_partition_key(context.partition_key)
    since, until = config.window()

    with operational_store.open() as store:
        actor = operational_store.actor(store, partition.tenant_slug)
        cursors = StoreCursors(actor, partition.account_id)
        with (
            flipkart.open_client(actor, partition.account_id) as client,
            warehouse.writer(partition.tenant_slug) as connection,
        ):
            report = sync_account(
                client,
                connection,
                account_id=partition.account_id,
                cursors=cursors,
                mode=config.mode,
                since=since,
                until=until,
            )

    context.log.info(
        "Partition %s: %s sync in %.1f s, %s",
        partition.key,
        config.mode,
        report.seconds,
        stream_summary(report),
    )
    for table, stream in SYNCED_TABLES.items():
        yield dg.MaterializeResult(
            asset_key=raw_key(table), metadata=stream_metadata(report, stream)
        )
    yield from batch_check_results(
        {raw_key(table): stream for table, stream in SYNCED_TABLES.items() if stream}, report
    )
