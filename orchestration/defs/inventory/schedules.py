"""The stock push job, its schedule, and the sensor that pushes after every successful sync."""

from __future__ import annotations

import os

import dagster as dg

from orchestration.defs.inventory.assets import LISTED_STOCK_KEY
from orchestration.defs.sync.jobs import full_rebuild_job, incremental_job, tenant_tags
from orchestration.defs.sync.partitions import seller_accounts
from orchestration.defs.sync.schedules import SCHEDULE_TIME_ZONE, run_per_account

PUSH_CRON_VARIABLE = "SELLEROPS_STOCK_PUSH_CRON"
# Offset from the sync's quarter hours, so a push rarely waits behind a sync of the tenant.
DEFAULT_PUSH_CRON = "7,22,37,52 * * * *"
PARTITION_TAG = "dagster/partition"

stock_push_job = dg.define_asset_job(
    "stock_push",
    selection=dg.AssetSelection.assets(LISTED_STOCK_KEY),
    partitions_def=seller_accounts,
    description="Set Flipkart's listed stock to available minus safety buffer where it differs.",
)


@dg.schedule(
    job=stock_push_job,
    cron_schedule=os.environ.get(PUSH_CRON_VARIABLE) or DEFAULT_PUSH_CRON,
    execution_timezone=SCHEDULE_TIME_ZONE,
    description=f"Keep every account's listed stock in line with the ledger; cron from "
    f"{PUSH_CRON_VARIABLE}.",
)
def stock_push_schedule(context: dg.ScheduleEvaluationContext):
    yield from run_per_account(context)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[incremental_job, full_rebuild_job],
    request_job=stock_push_job,
    description="Push stock for an account as soon as its sync has moved the ledger.",
)
def push_after_sync(context: dg.RunStatusSensorContext):
    partition_key = context.dagster_run.tags.get(PARTITION_TAG)
    if partition_key is None:
        return dg.SkipReason(f"Run {context.dagster_run.run_id} has no partition to push for.")
    return dg.RunRequest(
        run_key=context.dagster_run.run_id,
        partition_key=partition_key,
        tags=dict(tenant_tags(partition_key)),
    )
