"""The report-upload registry as services return it: uploads and their rejected rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingestion.reports import RowError
from sellerops.errors import NotFoundError
from sellerops.models import ReportImportError, ReportUpload
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize

RECEIVED, LOADED, FAILED = "received", "loaded", "failed"


@dataclass(frozen=True)
class ImportResult:
    """One upload's outcome and rejected rows; `already_imported` marks a repeat that did nothing.

    `status` is `loaded` (possibly with rejected rows), `failed` (the reason in `error`) or
    `received` (an import still running or interrupted). `rows_read` counts every non-blank row
    below the header: the loaded, the rejected and the `rows_ignored` ones, which are the
    totals and footnotes after the last data row. `warnings` (such as a header name that
    names two differing columns) comes with the import that produced it, not with a repeat.
    """

    upload_id: str
    account_id: str
    file_hash: str
    file_name: str
    report_type: str | None
    status: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    errors: tuple[RowError, ...]
    error: str | None = None
    already_imported: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def rows_ignored(self) -> int:
        """Number of non-blank rows after the last data row, which were not read as data."""
        return self.rows_read - self.rows_loaded - self.rows_rejected


@dataclass(frozen=True)
class ReportUploadView:
    """A row of the upload registry, without its rejected rows."""

    id: str
    account_id: str
    file_hash: str
    file_name: str
    report_type: str | None
    status: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    error: str | None
    created_at: datetime
    loaded_at: datetime | None


def list_report_uploads(actor: Actor, account_id: str | None = None) -> list[ReportUploadView]:
    """Return the tenant's uploads, newest first, optionally of one seller account only."""
    authorize(actor, Action.REPORT_VIEW, object_type="report_upload", object_id=account_id)

    statement = select(ReportUpload).order_by(ReportUpload.created_at.desc(), ReportUpload.id)
    if account_id is not None:
        statement = statement.where(ReportUpload.account_id == account_id)
    with actor.store.read(actor.tenant_id) as session:
        return [_view(upload) for upload in session.scalars(statement).all()]


def get_report_upload(actor: Actor, upload_id: str) -> ImportResult:
    """Return one upload of the tenant with its rejected rows; raises `NotFoundError`."""
    authorize(actor, Action.REPORT_VIEW, object_type="report_upload", object_id=upload_id)

    with actor.store.read(actor.tenant_id) as session:
        upload = session.get(ReportUpload, upload_id)
        if upload is None:
            raise NotFoundError(
                f"No report upload {upload_id!r} in this tenant; list them with "
                f"`list_report_uploads`."
            )
        return upload_result(session, upload, already_imported=False)


def upload_result(
    session: Session,
    upload: ReportUpload,
    *,
    already_imported: bool,
    warnings: tuple[str, ...] = (),
) -> ImportResult:
    """Build the result of an upload row, reading its rejected rows in file order."""
    rows = session.scalars(
        select(ReportImportError)
        .where(ReportImportError.upload_id == upload.id)
        .order_by(ReportImportError.row_number, ReportImportError.id)
    ).all()
    errors = tuple(RowError(row.row_number, row.column, row.value, row.reason) for row in rows)
    return ImportResult(
        upload_id=upload.id,
        account_id=upload.account_id,
        file_hash=upload.file_hash,
        file_name=upload.file_name,
        report_type=upload.report_type,
        status=upload.status,
        rows_read=upload.rows_read,
        rows_loaded=upload.rows_loaded,
        rows_rejected=upload.rows_rejected,
        errors=errors,
        error=upload.error,
        already_imported=already_imported,
        warnings=warnings,
    )


def _view(upload: ReportUpload) -> ReportUploadView:
    return ReportUploadView(
        id=upload.id,
        account_id=upload.account_id,
        file_hash=upload.file_hash,
        file_name=upload.file_name,
        report_type=upload.report_type,
        status=upload.status,
        rows_read=upload.rows_read,
        rows_loaded=upload.rows_loaded,
        rows_rejected=upload.rows_rejected,
        error=upload.error,
        created_at=upload.created_at,
        loaded_at=upload.loaded_at,
    )
