"""Schedules: the incremental sync every few minutes and the nightly full rebuild."""

import os
from collections.abc import Iterator

import dagster as dg

from orchestration.defs.sync.jobs import full_rebuild_job, incremental_job, tenant_tags
from orchestration.defs.sync.partitions import seller_accounts

SYNC_CRON_VARIABLE = "SELLEROPS_SYNC_CRON"
DEFAULT_SYNC_CRON = "*/15 * * * *"
REBUILD_CRON = "30 2 * * *"  # 02:30 IST, when few orders arrive
SCHEDULE_TIME_ZONE = "Asia/Kolkata"


def run_per_account(context: dg.ScheduleEvaluationContext) -> Iterator[dg.RunRequest]:
    """Yield one run request per seller-account partition, tagged with its tenant.

    Dagster rejects a tick with several requests unless each has a run key, so the key is the
    partition and the tick's scheduled time.
    """
    keys = context.instance.get_dynamic_partitions(seller_accounts.name)
    if not keys:
        context.log.info("No seller-account partitions yet; the sensor adds them.")
    tick = context.scheduled_execution_time
    for key in keys:
        yield dg.RunRequest(
            run_key=f"{key}@{tick.isoformat() if tick else 'now'}",
            partition_key=key,
            tags=dict(tenant_tags(key)),
        )


@dg.schedule(
    job=incremental_job,
    cron_schedule=os.environ.get(SYNC_CRON_VARIABLE) or DEFAULT_SYNC_CRON,
    execution_timezone=SCHEDULE_TIME_ZONE,
    description=f"Incremental sync of every account; cron from {SYNC_CRON_VARIABLE}.",
)
def incremental_sync_schedule(context: dg.ScheduleEvaluationContext):
    yield from run_per_account(context)


@dg.schedule(
    job=full_rebuild_job,
    cron_schedule=REBUILD_CRON,
    execution_timezone=SCHEDULE_TIME_ZONE,
    description="Nightly full pull and rebuild of every account.",
)
def nightly_rebuild_schedule(context: dg.ScheduleEvaluationContext):
    yield from run_per_account(context)
