"""The scheduled-reports job: generate one tenant's reports of a period, then email them."""

from datetime import date

import dagster as dg
from pydantic import Field

from orchestration.defs.sync.resources import OperationalStoreResource
from sellerops.scheduled_reports import parse_frequency, period_starting
from sellerops.services.scheduled_reports import run_scheduled_reports

REPORTS_STEP = "tenant_scheduled_reports"
# Emails that failed for a reason that may pass (a 4xx reply, a dropped connection) fail the
# step, so Dagster runs it again: stored reports are reused and only unsent emails go out.
EMAIL_RETRY = dg.RetryPolicy(max_retries=3, delay=120, backoff=dg.Backoff.EXPONENTIAL)


class ScheduledReportConfig(dg.Config):
    """The tenant and the period of its reports."""

    tenant_slug: str
    frequency: str = Field(description="daily, weekly or monthly.")
    period_start: str = Field(
        description="First IST day of the period, YYYY-MM-DD: a Monday for weekly reports, "
        "the 1st for monthly ones."
    )


@dg.op(name=REPORTS_STEP, retry_policy=EMAIL_RETRY)
def tenant_scheduled_reports(
    context: dg.OpExecutionContext,
    config: ScheduledReportConfig,
    operational_store: OperationalStoreResource,
) -> dg.Output[None]:
    """Generate the tenant's reports of the period and email them, as its first owner."""
    period = period_starting(
        parse_frequency(config.frequency), date.fromisoformat(config.period_start)
    )
    with operational_store.open() as store:
        actor = operational_store.actor(store, config.tenant_slug)
        result = run_scheduled_reports(actor, period)

    if result.skipped is not None:
        context.log.warning(
            "Tenant %s: %s report of %s skipped: %s",
            config.tenant_slug,
            period.frequency.value,
            period.label,
            result.skipped,
        )
        return dg.Output(None, metadata={"reports": 0, "skipped": result.skipped})

    sending = result.sending
    context.log.info(
        "Tenant %s: %d %s report(s) of %s; emails: %d sent, %d to retry, %d failed",
        config.tenant_slug,
        len(result.reports),
        period.frequency.value,
        period.label,
        sending.sent,
        sending.retried,
        sending.failed,
    )
    if sending.failed:
        context.log.warning(
            "Tenant %s: %d report email(s) failed for good; the delivery log on the Reports "
            "page has the errors",
            config.tenant_slug,
            sending.failed,
        )
    if sending.retried:
        raise dg.Failure(
            f"{sending.retried} report email(s) of tenant {config.tenant_slug!r} failed for a "
            f"reason that may pass; the step runs again and sends only those.",
            metadata={"sent": sending.sent, "retried": sending.retried},
        )
    return dg.Output(
        None,
        metadata={
            "reports": len(result.reports),
            "report_ids": ", ".join(report.id for report in result.reports),
            "period": period.label,
            "sent": sending.sent,
            "failed": sending.failed,
        },
    )


@dg.job(description="Generate a tenant's scheduled reports of one period and email them.")
def scheduled_reports_job() -> None:
    tenant_scheduled_reports()


def scheduled_reports_run_config(
    tenant_slug: str, frequency: str, period_start: date
) -> dict[str, object]:
    """Return the run config of `scheduled_reports_job` for one tenant and period."""
    values = {
        "tenant_slug": tenant_slug,
        "frequency": frequency,
        "period_start": period_start.isoformat(),
    }
    return {"ops": {REPORTS_STEP: {"config": values}}}
