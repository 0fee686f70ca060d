"""The delivery schedule: send retries and messages held for quiet hours between builds."""

from __future__ import annotations

import os

import dagster as dg

from orchestration.defs.alerts.jobs import alerts_job, alerts_run_config
from orchestration.defs.sync.jobs import TENANT_TAG
from orchestration.defs.sync.resources import OperationalStoreResource
from orchestration.defs.sync.schedules import SCHEDULE_TIME_ZONE
from sellerops.models.base import utc_now
from sellerops.notify.dispatcher import tenants_with_due_deliveries

DISPATCH_CRON_VARIABLE = "SELLEROPS_ALERT_DISPATCH_CRON"
# The first retry waits one minute, so a few minutes between passes keeps retries timely.
DEFAULT_DISPATCH_CRON = "*/5 * * * *"


@dg.schedule(
    job=alerts_job,
    cron_schedule=os.environ.get(DISPATCH_CRON_VARIABLE) or DEFAULT_DISPATCH_CRON,
    execution_timezone=SCHEDULE_TIME_ZONE,
    description=f"Deliver due alert messages of every tenant that has some; cron from "
    f"{DISPATCH_CRON_VARIABLE}.",
)
def alerts_dispatch_schedule(
    context: dg.ScheduleEvaluationContext, operational_store: OperationalStoreResource
):
    with operational_store.open() as store:
        tenants = tenants_with_due_deliveries(store, utc_now())
    if not tenants:
        return dg.SkipReason("No alert message is due.")
    return [
        dg.RunRequest(
            run_config=alerts_run_config(slug, evaluate=False),
            tags={TENANT_TAG: slug},
        )
        for slug in tenants
    ]
