"""Schedules at 08:00 IST: daily reports of yesterday, weekly on Mondays, monthly on the 1st."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg

from orchestration.defs.reports_schedule.jobs import (
    scheduled_reports_job,
    scheduled_reports_run_config,
)
from orchestration.defs.sync.jobs import TENANT_TAG
from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
from orchestration.defs.sync.schedules import SCHEDULE_TIME_ZONE
from sellerops.models.base import utc_now
from sellerops.scheduled_reports import Frequency, last_complete_period
from sellerops.services.provisioning import list_tenants

CRONS = {
    Frequency.DAILY: "0 8 * * *",
    Frequency.WEEKLY: "0 8 * * 1",
    Frequency.MONTHLY: "0 8 1 * *",
}


def report_requests(
    context: dg.ScheduleEvaluationContext,
    frequency: Frequency,
    operational_store: OperationalStoreResource,
    warehouse: WarehouseResource,
) -> Iterator[dg.RunRequest | dg.SkipReason]:
    """Yield one run per tenant with a published warehouse, for the period before the tick.

    The period comes from the tick's scheduled time, not the clock, so a late or repeated
    tick requests the same period; the run key makes Dagster start it once.
    """
    tick = context.scheduled_execution_time or utc_now()
    period = last_complete_period(frequency, tick)
    with operational_store.open() as store:
        slugs = [tenant.slug for tenant in list_tenants(store)]
    ready = [slug for slug in slugs if warehouse.paths(slug).published.exists()]
    if not ready:
        yield dg.SkipReason(
            f"No tenant has a published warehouse yet, so there is no {frequency.value} report "
            f"of {period.label}."
        )
        return
    for slug in ready:
        yield dg.RunRequest(
            run_key=f"{frequency.value}-report:{slug}:{period.start.isoformat()}",
            run_config=scheduled_reports_run_config(slug, frequency.value, period.start),
            tags={TENANT_TAG: slug},
        )


@dg.schedule(
    job=scheduled_reports_job,
    cron_schedule=CRONS[Frequency.DAILY],
    execution_timezone=SCHEDULE_TIME_ZONE,
    description="Every day at 08:00 IST: each tenant's report of yesterday, stored and emailed.",
)
def daily_reports_schedule(
    context: dg.ScheduleEvaluationContext,
    operational_store: OperationalStoreResource,
    warehouse: WarehouseResource,
):
    yield from report_requests(context, Frequency.DAILY, operational_store, warehouse)


@dg.schedule(
    job=scheduled_reports_job,
    cron_schedule=CRONS[Frequency.WEEKLY],
    execution_timezone=SCHEDULE_TIME_ZONE,
    description="Mondays at 08:00 IST: each tenant's report of the week to Sunday.",
)
def weekly_reports_schedule(
    context: dg.ScheduleEvaluationContext,
    operational_store: OperationalStoreResource,
    warehouse: WarehouseResource,
):
    yield from report_requests(context, Frequency.WEEKLY, operational_store, warehouse)


@dg.schedule(
    job=scheduled_reports_job,
    cron_schedule=CRONS[Frequency.MONTHLY],
    execution_timezone=SCHEDULE_TIME_ZONE,
    description="On the 1st at 08:00 IST: each tenant's report of the previous month.",
)
def monthly_reports_schedule(
    context: dg.ScheduleEvaluationContext,
    operational_store: OperationalStoreResource,
    warehouse: WarehouseResource,
):
    yield from report_requests(context, Frequency.MONTHLY, operational_store, warehouse)
