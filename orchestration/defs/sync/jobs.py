"""Jobs over the whole account graph: incremental sync, full rebuild and date-range backfill."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import dagster as dg

from orchestration.defs.sync.partitions import parse_partition_key, seller_accounts

# Runs carry the tenant so the run queue can admit one run per tenant at a time.
TENANT_TAG = "sellerops/tenant"
ACCOUNT_GRAPH = dg.AssetSelection.groups("raw", "warehouse", "intelligence")
SYNC_STEP = "flipkart_sync"


def tenant_tags(partition_key: str) -> Mapping[str, str]:
    """Return the run tags of a partition's run: its tenant slug."""
    return {TENANT_TAG: parse_partition_key(partition_key).tenant_slug}


def sync_run_config(mode: str) -> Callable[[str], Mapping[str, Any]]:
    """Return a function that gives each partition's run config for a sync `mode`."""

    def run_config(partition_key: str) -> Mapping[str, Any]:
        return {"ops": {SYNC_STEP: {"config": {"mode": mode}}}}

    return run_config


def account_job(name: str, mode: str, description: str) -> dg.UnresolvedAssetJobDefinition:
    """Define a job over the whole account graph whose sync step runs in `mode`."""
    return dg.define_asset_job(
        name,
        selection=ACCOUNT_GRAPH,
        description=description,
        config=dg.PartitionedConfig(
            partitions_def=seller_accounts,
            run_config_for_partition_key_fn=sync_run_config(mode),
            tags_for_partition_key_fn=tenant_tags,
        ),
    )


incremental_job = account_job(
    "incremental_sync",
    "incremental",
    "Sync each stream's changes since its cursor, rebuild the marts and publish.",
)
full_rebuild_job = account_job(
    "full_rebuild",
    "full",
    "Pull every shipment and return again, rebuild the marts and publish.",
)
backfill_job = account_job(
    "backfill",
    "backfill",
    "Pull the orders placed in a date range (set `since` and `until` in the flipkart_sync "
    "config), rebuild the marts and publish; cursors are not moved.",
)
