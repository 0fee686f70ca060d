"""A sensor that requests a sync of each account with new webhook events.

An account whose warehouse was published before gets `notification_job`, which rebuilds only
what Flipkart's changes reach. An account never published gets the whole incremental job,
because the smaller job builds on the seeds and models of an earlier complete build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import dagster as dg

from orchestration.defs.events.jobs import NOTIFICATION_TAGS, notification_job
from orchestration.defs.sync.jobs import incremental_job, tenant_tags
from orchestration.defs.sync.partitions import AccountPartition, seller_accounts
from orchestration.defs.sync.resources import OperationalStoreResource
from sellerops.services.webhook_events import mark_processed, pending_accounts

# A notification should reach the dashboard within a minute, so the sensor looks often; the
# 15-minute schedule stays the safety net for anything missed.
CHECK_INTERVAL_SECONDS = 5
EVENT_COUNT_TAG = "sellerops/webhook_events"
RUN_KEY_PREFIX = "webhook-"
PUBLISHED_KEY = dg.AssetKey("published_warehouse")


def sync_run_key(partition_key: str, event_ids: Sequence[str]) -> str:
    """Return the run key of the sync that covers these events of one partition.

    The same events always give the same key, so Dagster starts one run for them even when the
    sensor reads them twice.
    """
    digest = hashlib.sha256("\n".join([partition_key, *sorted(event_ids)]).encode()).hexdigest()
    return f"{RUN_KEY_PREFIX}{digest[:40]}"


@dg.sensor(
    jobs=[notification_job, incremental_job],
    minimum_interval_seconds=CHECK_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Starts a sync of each account with new Flipkart notifications: notification_sync, or "
        "incremental_sync for an account whose warehouse was never published."
    ),
)
def webhook_events_sensor(
    context: dg.SensorEvaluationContext, operational_store: OperationalStoreResource
) -> dg.SensorResult:
    existing = set(context.instance.get_dynamic_partitions(seller_accounts.name))
    published = context.instance.get_materialized_partitions(PUBLISHED_KEY)
    requests = []
    new_partitions = []

    with operational_store.open() as store:
        for account in pending_accounts(store):
            key = AccountPartition(account.tenant_slug, account.account_id).key
            run_key = sync_run_key(key, account.event_ids)
            if key not in existing:
                new_partitions.append(key)
            tags = {**tenant_tags(key), EVENT_COUNT_TAG: str(len(account.event_ids))}
            job = incremental_job
            if key in published:
                job = notification_job
                tags.update(NOTIFICATION_TAGS)
            requests.append(
                dg.RunRequest(run_key=run_key, partition_key=key, tags=tags, job_name=job.name)
            )
            # NOTE: events count as processed once their run is requested. A run that fails
            # does not bring them back; the scheduled sync picks up their changes instead.
            mark_processed(store, account.event_ids, run_key)

    context.log.info(
        "Webhook events: %d sync runs requested, %d new partitions",
        len(requests),
        len(new_partitions),
    )
    partition_requests = (
        [seller_accounts.build_add_request(new_partitions)] if new_partitions else []
    )
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=partition_requests)
