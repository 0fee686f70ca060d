"""Sensors: alert after each successful build and publish, and after each failed sync run."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.alerts.jobs import alerts_job, alerts_run_config
from orchestration.defs.sync.jobs import (
    backfill_job,
    full_rebuild_job,
    incremental_job,
    tenant_tags,
)
from orchestration.defs.sync.partitions import parse_partition_key

PARTITION_TAG = "dagster/partition"
BUILD_JOBS = [incremental_job, full_rebuild_job, backfill_job]
MAX_FAILURE_MESSAGE = 500


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=BUILD_JOBS,
    request_job=alerts_job,
    description="Evaluate the tenant's alert rules once its warehouse is rebuilt and published.",
)
def alerts_after_build(context: dg.RunStatusSensorContext):
    partition_key = context.dagster_run.tags.get(PARTITION_TAG)
    if partition_key is None:
        return dg.SkipReason(f"Run {context.dagster_run.run_id} has no partition to alert for.")
    partition = parse_partition_key(partition_key)
    return dg.RunRequest(
        run_key=context.dagster_run.run_id,
        run_config=alerts_run_config(partition.tenant_slug),
        tags=dict(tenant_tags(partition_key)),
    )


@dg.run_failure_sensor(
    monitored_jobs=BUILD_JOBS,
    request_job=alerts_job,
    description="Raise a sync-failure alert for the account whose run failed.",
)
def alerts_after_failure(context: dg.RunFailureSensorContext):
    run = context.dagster_run
    partition_key = run.tags.get(PARTITION_TAG)
    if partition_key is None:
        return dg.SkipReason(f"Run {run.run_id} has no partition to alert for.")
    partition = parse_partition_key(partition_key)
    message = context.failure_event.message or "the run failed"
    return dg.RunRequest(
        run_key=f"failure-{run.run_id}",
        run_config=alerts_run_config(
            partition.tenant_slug,
            failed_account_id=partition.account_id,
            failed_run_id=run.run_id,
            failed_job_name=run.job_name,
            failure_message=message[:MAX_FAILURE_MESSAGE],
        ),
        tags=dict(tenant_tags(partition_key)),
    )
