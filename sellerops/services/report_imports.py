"""Import a Seller Hub report file: store it by content hash, parse it, land it, record it.

The same bytes imported twice for one account are one upload. Once an upload is `loaded`, a
repeat changes nothing and returns the first result marked `already_imported`. An upload that
failed or was interrupted is imported again on a repeat, on the same registry row, because
landing replaces the file's rows.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import delete, insert, select

from ingestion.reports import RowError, file_digest
from ingestion.reports.grid import (
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    read_grids,
)
from ingestion.reports.report_types import (
    REPORT_TYPES,
    ParsedReport,
    detect_report_type,
    read_typed_report,
)
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from ingestion.warehouse.report_landing import land_report
from ingestion.warehouse.tenant_lock import tenant_write_lock
from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import ReportImportError, ReportUpload, Tenant, utc_now
from sellerops.models.report_upload import (
    MAX_COLUMN_NAME_LENGTH,
    MAX_ERROR_VALUE_LENGTH,
    MAX_FILE_NAME_LENGTH,
)
from sellerops.security.permissions import Action
from sellerops.security.text_input import has_control_characters
from sellerops.services.account_profile import lock_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.report_uploads import (
    FAILED,
    LOADED,
    RECEIVED,
    ImportResult,
    upload_result,
)

logger = logging.getLogger("sellerops.services")

UPLOADS_DIR = "uploads"
SUPPORTED_SUFFIXES = XLSX_SUFFIXES | CSV_SUFFIXES

# Ignored row numbers kept in the audit entry of an import, at most.
MAX_AUDITED_ROW_NUMBERS = 50


def import_report(
    actor: Actor, account_id: str, path: Path | str, report_type: str | None = None
) -> ImportResult:
    """Import the report at `path` for a seller account and return the counts and bad rows.

    `report_type` (one of `REPORT_TYPES`) overrides the type detected from the headers. A
    file that cannot be read as a report marks its upload `failed` with the message, and the
    reader's error (`ReportFileError`, `MissingColumnError`) is raised.
    """
    path = Path(path)
    file_name = safe_file_name(path.name)
    _check_input(path, report_type)
    authorize(actor, Action.REPORT_IMPORT, object_type="seller_account", object_id=account_id)

    data_dir = actor.store.settings.data_dir
    tenant_slug = _tenant_slug(actor)
    uploads = data_dir / UPLOADS_DIR / tenant_slug
    uploads.mkdir(mode=0o700, parents=True, exist_ok=True)
    incoming, file_hash = _copy_in(path, uploads)
    stored = uploads / f"{file_hash}{path.suffix.lower()}"

    warehouse = warehouse_paths(data_dir, tenant_slug).working
    try:
        with tenant_write_lock(warehouse):
            upload_id, repeat = _register(
                actor,
                account_id,
                file_hash,
                file_name,
                stored.relative_to(data_dir),
                incoming.stat().st_size,
            )
            if repeat is not None:
                logger.info("%s re-imported upload %s: already loaded", actor.label, upload_id)
                return repeat

            os.replace(incoming, stored)
            detected = report_type
            try:
                grids = read_grids(stored, file_name)
                detected = report_type or detect_report_type(file_name, grids)
                # Messages name the file as uploaded, not the stored copy.
                parsed = read_typed_report(Path(file_name), detected, grids)
                return _land(actor, upload_id, account_id, file_hash, file_name, parsed, warehouse)
            except Exception as error:
                _mark_failed(actor, upload_id, detected, error)
                raise
    finally:
        incoming.unlink(missing_ok=True)


def safe_file_name(name: str) -> str:
    """Return the base name of an uploaded file, without control characters, cut to fit."""
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join("_" if has_control_characters(char) else char for char in base)
    return cleaned[-MAX_FILE_NAME_LENGTH:] or "report"


def _check_input(path: Path, report_type: str | None) -> None:
    if report_type is not None and report_type not in REPORT_TYPES:
        raise InvalidInputError(
            f"Unknown report type {report_type!r}; use one of: {', '.join(REPORT_TYPES)}."
        )
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InvalidInputError(
            f"{path.name}: unsupported file type {path.suffix!r}; upload the Seller Hub report "
            f"as .xlsx or .csv."
        )
    if not path.is_file():
        raise InvalidInputError(f"Report file {path} does not exist or is not a file.")


def _tenant_slug(actor: Actor) -> str:
    with actor.store.read(actor.tenant_id) as session:
        tenant = session.get(Tenant, actor.tenant_id)
    if tenant is None:
        raise NotFoundError(f"Tenant {actor.tenant_id!r} no longer exists.")
    return tenant.slug


def _copy_in(path: Path, uploads: Path) -> tuple[Path, str]:
    """Copy the file beside the stored uploads (mode 0600) and hash the copy."""
    descriptor, name = tempfile.mkstemp(prefix=".incoming-", dir=uploads)
    incoming = Path(name)
    with os.fdopen(descriptor, "wb") as target, path.open("rb") as source:
        shutil.copyfileobj(source, target)
    return incoming, file_digest(incoming)


def _register(
    actor: Actor,
    account_id: str,
    file_hash: str,
    file_name: str,
    stored_path: Path,
    size_bytes: int,
) -> tuple[str, ImportResult | None]:
    """Return the upload id, and the earlier result when this file is already loaded."""
    with actor.store.write(actor.tenant_id) as session:
        lock_account(session, account_id)
        upload = session.scalars(
            select(ReportUpload).where(
                ReportUpload.account_id == account_id, ReportUpload.file_hash == file_hash
            )
        ).one_or_none()
        if upload is not None and upload.status == LOADED:
            return upload.id, upload_result(session, upload, already_imported=True)

        if upload is None:
            upload = ReportUpload(tenant_id=actor.tenant_id, account_id=account_id)
            session.add(upload)
        else:
            session.execute(
                delete(ReportImportError)
                .where(ReportImportError.upload_id == upload.id)
                .execution_options(synchronize_session=False)
            )
        upload.file_hash = file_hash
        upload.file_name = file_name
        upload.stored_path = stored_path.as_posix()
        upload.size_bytes = size_bytes
        upload.status = RECEIVED
        upload.report_type = None
        upload.rows_read = upload.rows_loaded = upload.rows_rejected = 0
        upload.error = None
        upload.uploaded_by = actor.user_id
        session.flush()
        return upload.id, None


def _land(
    actor: Actor,
    upload_id: str,
    account_id: str,
    file_hash: str,
    file_name: str,
    parsed: ParsedReport,
    warehouse: Path,
) -> ImportResult:
    report_type, result = parsed.report_type, parsed.result

    connection = open_warehouse(warehouse)
    try:
        land_report(
            connection,
            file_hash=file_hash,
            account_id=account_id,
            report_type=report_type,
            file_name=file_name,
            rows=result.rows,
            row_numbers=parsed.row_numbers,
            errors=result.errors,
            loaded_at=utc_now(),
            summary=parsed.summary,
        )
    finally:
        connection.close()

    with actor.store.write(actor.tenant_id) as session:
        upload = session.get(ReportUpload, upload_id)
        assert upload is not None
        upload.report_type = report_type
        upload.status = LOADED
        # NOTE: report_uploads has no column for ignored rows, so rows_read includes them and
        # ImportResult.rows_ignored is read minus loaded minus rejected. A column needs a migration.
        upload.rows_read = result.rows_read + result.rows_ignored
        upload.rows_loaded = result.rows_loaded
        upload.rows_rejected = result.rows_rejected
        upload.loaded_at = utc_now()
        if result.errors:
            session.execute(
                insert(ReportImportError),
                [_error_row(actor.tenant_id, upload_id, error) for error in result.errors],
            )
        session.flush()

        record_success(
            session,
            actor,
            Action.REPORT_IMPORT,
            object_type="report_upload",
            object_id=upload_id,
            detail={
                **_detail(upload),
                "ignored_row_numbers": result.ignored_row_numbers[:MAX_AUDITED_ROW_NUMBERS],
                "warnings": result.warnings,
            },
        )
        logger.info(
            "%s imported %s report %s for account %s: %d read, %d loaded, %d rejected, "
            "%d ignored, %d warnings",
            actor.label,
            report_type,
            upload_id,
            account_id,
            upload.rows_read,
            upload.rows_loaded,
            upload.rows_rejected,
            result.rows_ignored,
            len(result.warnings),
        )
        return upload_result(
            session, upload, already_imported=False, warnings=tuple(result.warnings)
        )


def _mark_failed(actor: Actor, upload_id: str, report_type: str | None, error: Exception) -> None:
    message = _clean(str(error) or type(error).__name__, None)
    with actor.store.write(actor.tenant_id) as session:
        upload = session.get(ReportUpload, upload_id)
        assert upload is not None
        upload.status = FAILED
        upload.report_type = report_type
        upload.error = message
        session.flush()

        detail = {**_detail(upload), "error": message}
        append_entry(
            session,
            AuditRecord(
                action=Action.REPORT_IMPORT.value,
                object_type="report_upload",
                object_id=upload_id,
                result=AuditResult.FAILED,
                actor_label=actor.label,
                actor_id=actor.user_id,
                tenant_id=actor.tenant_id,
                detail=detail,
            ),
        )
    logger.warning("%s: import of upload %s failed: %s", actor.label, upload_id, message)


def _error_row(tenant_id: str, upload_id: str, error: RowError) -> dict[str, object]:
    return {
        "tenant_id": tenant_id,
        "upload_id": upload_id,
        "row_number": error.row_number,
        "column": _clean(error.column, MAX_COLUMN_NAME_LENGTH),
        "value": _clean(error.value, MAX_ERROR_VALUE_LENGTH),
        "reason": _clean(error.reason, None),
    }


def _detail(upload: ReportUpload) -> dict[str, object]:
    return {
        "account_id": upload.account_id,
        "file_hash": upload.file_hash,
        "report_type": upload.report_type,
        "rows_read": upload.rows_read,
        "rows_loaded": upload.rows_loaded,
        "rows_rejected": upload.rows_rejected,
    }


def _clean(text: str | None, maximum: int | None) -> str | None:
    """Replace NUL, which PostgreSQL rejects in text, and cut to `maximum` characters."""
    if text is None:
        return None
    cleaned = text.replace("\x00", "\ufffd")
    return cleaned if maximum is None else cleaned[:maximum]
