"""The asset that imports one dropped report file through the report-import service."""

from pathlib import Path

import dagster as dg
from pydantic import Field

from ingestion.reports import MissingColumnError, ReportFileError
from orchestration.defs.sync.resources import OperationalStoreResource
from orchestration.pools import WAREHOUSE_POOL
from sellerops.services.report_imports import import_report

REPORTS_GROUP = "reports"


class ReportFileConfig(dg.Config):
    """The dropped file to import and whose seller account it is."""

    tenant_slug: str = Field(description="Slug of the tenant whose inbox contains the file.")
    account_id: str = Field(description="Id of the seller account the report belongs to.")
    file_path: str = Field(description="Absolute path of the dropped file.")
    report_type: str | None = Field(
        default=None,
        description="settlement, pnl, orders or returns; default: detected from the headers.",
    )


@dg.asset(
    name="imported_reports",
    group_name=REPORTS_GROUP,
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
)
def imported_reports(
    context: dg.AssetExecutionContext,
    config: ReportFileConfig,
    operational_store: OperationalStoreResource,
) -> dg.MaterializeResult:
    """Seller Hub report files imported from the upload inbox into the raw report tables."""
    path = Path(config.file_path)

    with operational_store.open() as store:
        actor = operational_store.actor(store, config.tenant_slug)
        try:
            result = import_report(actor, config.account_id, path, config.report_type)
        except (ReportFileError, MissingColumnError) as error:
            # The service kept a copy and marked the upload failed, so the inbox is cleared.
            path.unlink(missing_ok=True)
            raise dg.Failure(description=f"{path.name}: {error}") from error

    path.unlink(missing_ok=True)
    context.log.info(
        "Tenant %s account %s: %s upload %s, %d rows read, %d loaded, %d rejected%s",
        config.tenant_slug,
        config.account_id,
        result.report_type,
        result.upload_id,
        result.rows_read,
        result.rows_loaded,
        result.rows_rejected,
        " (already imported)" if result.already_imported else "",
    )
    return dg.MaterializeResult(
        metadata={
            "upload_id": result.upload_id,
            "report_type": result.report_type or "",
            "file_hash": result.file_hash,
            "rows_read": result.rows_read,
            "rows_loaded": result.rows_loaded,
            "rows_rejected": result.rows_rejected,
            "already_imported": result.already_imported,
        }
    )


import_report_job = dg.define_asset_job(
    "import_report",
    selection=[imported_reports],
    description="Import one report file dropped in a tenant's upload inbox.",
)
