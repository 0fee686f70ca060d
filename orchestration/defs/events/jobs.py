"""The job a Flipkart notification starts: the account's synced streams and what reads them.

A notification means that shipments or returns of one account changed. The job runs the
incremental Flipkart sync, the stock ledger, the dbt models downstream of the synced tables with
their data tests, and the publish. It leaves out what those changes cannot alter and the
scheduled incremental sync runs anyway: the operational copy, the dbt seeds, models built only
from Seller Hub reports, dbt unit tests and the intelligence assets.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.sync.assets import RAW_GROUP, SYNCED_TABLES, raw_key
from orchestration.defs.sync.jobs import sync_run_config, tenant_tags
from orchestration.defs.sync.partitions import seller_accounts
from orchestration.defs.warehouse.project import WAREHOUSE_GROUP

TRIGGER_TAG = "sellerops/trigger"
NOTIFICATION_TRIGGER = "notification"
NOTIFICATION_TAGS = {TRIGGER_TAG: NOTIFICATION_TRIGGER}
# Everything in the raw and warehouse groups that reads the synced Flipkart tables. That is the
# sync itself, the stock ledger, the dbt models with their tests, and the publish.
NOTIFICATION_GRAPH = dg.AssetSelection.assets(
    *(raw_key(table) for table in SYNCED_TABLES)
).downstream() & dg.AssetSelection.groups(RAW_GROUP, WAREHOUSE_GROUP)


def is_notification_run(tags: dict[str, str]) -> bool:
    """Return whether a run with these tags was started by a notification."""
    return tags.get(TRIGGER_TAG) == NOTIFICATION_TRIGGER


notification_job = dg.define_asset_job(
    "notification_sync",
    selection=NOTIFICATION_GRAPH,
    description=(
        "Sync each stream's changes since its cursor, rebuild and test the models that read "
        "Flipkart's data, and publish; intelligence and Seller Hub-only models wait for the "
        "scheduled sync."
    ),
    tags=NOTIFICATION_TAGS,
    config=dg.PartitionedConfig(
        partitions_def=seller_accounts,
        run_config_for_partition_key_fn=sync_run_config("incremental"),
        tags_for_partition_key_fn=tenant_tags,
    ),
)
