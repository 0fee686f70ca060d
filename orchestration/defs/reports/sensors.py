"""A sensor that requests one import run per new file in the tenants' upload inboxes."""

import dagster as dg

from ingestion.reports import file_digest
from orchestration.defs.reports.assets import import_report_job, imported_reports
from orchestration.defs.reports.inbox import dropped_files
from orchestration.defs.sync.jobs import TENANT_TAG
from orchestration.defs.sync.resources import OperationalStoreResource

CHECK_INTERVAL_SECONDS = 30


@dg.sensor(
    job=import_report_job,
    minimum_interval_seconds=CHECK_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Imports each report file dropped in <data_dir>/uploads/<tenant>/inbox/<account>/.",
)
def report_inbox_sensor(
    context: dg.SensorEvaluationContext, operational_store: OperationalStoreResource
) -> dg.SensorResult:
    data_dir = operational_store.settings().data_dir
    requests = []

    for dropped in dropped_files(data_dir):
        file_hash = file_digest(dropped.path)
        # The same bytes for one account are one import; Dagster skips a run key it has seen.
        run_key = f"{dropped.tenant_slug}/{dropped.account_id}/{file_hash}"
        config = {
            "tenant_slug": dropped.tenant_slug,
            "account_id": dropped.account_id,
            "file_path": str(dropped.path.resolve()),
        }
        requests.append(
            dg.RunRequest(
                run_key=run_key,
                run_config={"ops": {imported_reports.op.name: {"config": config}}},
                tags={TENANT_TAG: dropped.tenant_slug},
            )
        )

    context.log.info("Report inbox: %d files waiting", len(requests))
    return dg.SensorResult(run_requests=requests)
