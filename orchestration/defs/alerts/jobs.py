"""The alerts job: evaluate a tenant's rules on its published warehouse, then deliver."""

import dagster as dg
from pydantic import Field

from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
from sellerops.alerts import RunFailure, WarehouseRows
from sellerops.alerts.warehouse import read_published_rows
from sellerops.errors import NotFoundError
from sellerops.services.alerts import deliver_due, run_alerts

ALERTS_STEP = "tenant_alerts"


class AlertRunConfig(dg.Config):
    """The tenant to serve and, when a failed run triggered this one, that run's details."""

    tenant_slug: str
    evaluate: bool = Field(
        default=True, description="Evaluate the rules; False only delivers due messages."
    )
    failed_account_id: str = ""
    failed_run_id: str = ""
    failed_job_name: str = ""
    failure_message: str = ""


@dg.op(name=ALERTS_STEP)
def tenant_alerts(
    context: dg.OpExecutionContext,
    config: AlertRunConfig,
    operational_store: OperationalStoreResource,
    warehouse: WarehouseResource,
) -> dg.Output[None]:
    """Raise new alerts for one tenant and deliver every due message, as its first owner."""
    failures = []
    if config.failed_run_id:
        failures.append(
            RunFailure(
                config.failed_account_id,
                config.failed_run_id,
                config.failed_job_name,
                config.failure_message,
            )
        )

    with operational_store.open() as store:
        actor = operational_store.actor(store, config.tenant_slug)
        if not config.evaluate:
            report = deliver_due(actor)
            context.log.info("Tenant %s: delivered due messages: %s", config.tenant_slug, report)
            return dg.Output(None, metadata={"sent": report.sent, "retried": report.retried})

        try:
            rows = read_published_rows(warehouse.root(), config.tenant_slug, failures)
        except NotFoundError:
            context.log.warning(
                "Tenant %s has no published warehouse yet; only run failures are checked",
                config.tenant_slug,
            )
            rows = WarehouseRows(run_failures=tuple(failures))
        result = run_alerts(actor, rows)

    context.log.info(
        "Tenant %s: %d condition(s), %d new alert(s), %s",
        config.tenant_slug,
        result.candidates,
        result.raised,
        result.dispatch,
    )
    return dg.Output(
        None,
        metadata={
            "conditions": result.candidates,
            "new_alerts": result.raised,
            "sent": result.dispatch.sent,
            "retried": result.dispatch.retried,
            "failed": result.dispatch.failed,
            "held": result.dispatch.held,
        },
    )


@dg.job(description="Evaluate a tenant's alert rules and deliver its due messages.")
def alerts_job() -> None:
    tenant_alerts()


def alerts_run_config(tenant_slug: str, **values: object) -> dict[str, object]:
    """Return the run config of `alerts_job` for one tenant."""
    return {"ops": {ALERTS_STEP: {"config": {"tenant_slug": tenant_slug, **values}}}}
