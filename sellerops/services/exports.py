"""Exports of the published warehouse as CSV or PDF files, with permission and audit."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sellerops.exports import EXPORTS, ExportRequest, PdfReport, write_csv, write_pdf
from sellerops.models import Tenant
from sellerops.security.permissions import Action
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.warehouse_reads import open_published

logger = logging.getLogger("sellerops.services")

MEDIA_TYPES = {"csv": "text/csv", "pdf": "application/pdf"}


@dataclass(frozen=True)
class ExportFile:
    """An export ready to download."""

    file_name: str
    media_type: str
    content: bytes
    rows: int


def export_report(actor: Actor, request: ExportRequest) -> ExportFile:
    """Build the export from the tenant's published warehouse and audit it.

    Raises `NotFoundError` while the tenant has no published warehouse or when the account is
    not one of the tenant's.
    """
    spec = EXPORTS[request.kind]
    authorize(actor, Action.EXPORT_CREATE, object_type="export", object_id=request.kind)
    with actor.store.read(actor.tenant_id) as session:
        tenant = session.get(Tenant, actor.tenant_id)
        tenant_name = tenant.name if tenant is not None else actor.tenant_id
        scope = "all seller accounts"
        if request.account_id is not None:
            scope = f"account {require_account(session, request.account_id).name}"

    connection = open_published(actor, spec.read_action)
    try:
        frame = spec.build(connection, request)
    finally:
        connection.close()

    if request.format == "pdf":
        period = f"{request.start:%d-%m-%Y} to {request.end:%d-%m-%Y}"
        report = PdfReport(
            title=spec.title,
            subtitle=f"{tenant_name}, {scope}, {period}",
            generated_at=datetime.now(UTC),
            totals=spec.totals,
            chart_label=spec.chart_label,
            chart_value=spec.chart_value,
        )
        content = write_pdf(frame, report)
    else:
        content = write_csv(frame)

    file_name = f"{request.file_stem}.{request.format}"
    with actor.store.write(actor.tenant_id) as session:
        record_success(
            session,
            actor,
            Action.EXPORT_CREATE,
            object_type="export",
            object_id=request.kind,
            detail={
                "format": request.format,
                "start": request.start.isoformat(),
                "end": request.end.isoformat(),
                "account_id": request.account_id,
                "rows": frame.height,
                "sha256": hashlib.sha256(content).hexdigest(),
            },
        )
    logger.info(
        "%s exported %s (%s, %d rows, %d bytes)",
        actor.label,
        file_name,
        scope,
        frame.height,
        len(content),
    )
    return ExportFile(file_name, MEDIA_TYPES[request.format], content, frame.height)
