"""Record a rendered document: number it, store its file by hash and add its row, in one go.

These functions do not check permissions: the services in `sellerops.services.documents`
authorize the actor first and then call them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.documents.numbering import safe_file_name
from sellerops.models import Document, Tenant
from sellerops.models.base import new_id, utc_now
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import record_success
from sellerops.services.document_files import write_content
from sellerops.services.document_series import lock_series, take_number

logger = logging.getLogger("sellerops.services")

INDIA = ZoneInfo("Asia/Kolkata")

# Renders the PDF of a numbered document from its number and date.
NumberedRenderer = Callable[[str, date], bytes]


@dataclass(frozen=True)
class DocumentView:
    """A stored document as services return it; `already_issued` marks a repeat that did nothing."""

    id: str
    account_id: str
    kind: str
    number: str | None
    issued_on: date | None
    shipment_id: str | None
    order_id: str | None
    content_hash: str
    file_name: str
    size_bytes: int
    created_at: datetime
    original_id: str | None
    already_issued: bool = False


@dataclass(frozen=True)
class NumberedRequest:
    """A numbered document to issue for one shipment: an invoice or a credit note."""

    account_id: str
    gstin: str
    kind: str
    shipment_id: str
    order_id: str
    original_id: str | None = None
    reason: str | None = None


def today_in_india() -> date:
    """Return today's date in Asia/Kolkata, the date GST documents carry."""
    return utc_now().astimezone(INDIA).date()


def find_issued(session: Session, kind: str, account_id: str, shipment_id: str) -> Document | None:
    """Return the session tenant's document of `kind` for a shipment of an account, or None."""
    statement = select(Document).where(
        Document.kind == kind,
        Document.account_id == account_id,
        Document.shipment_id == shipment_id,
    )
    return session.scalars(statement.order_by(Document.created_at, Document.id)).first()


def record_numbered_document(
    actor: Actor, request: NumberedRequest, render: NumberedRenderer, action: Action
) -> DocumentView:
    """Take the series' next number, render, store and record the document in one transaction.

    A document of the same kind already recorded for the shipment is returned instead, with
    `already_issued` set: the check runs under the series lock, so two concurrent calls for one
    shipment issue one document.
    """
    store = actor.store
    issued_on = today_in_india()

    with store.write(actor.tenant_id) as session:
        series = lock_series(session, actor.tenant_id, request.gstin, request.kind, issued_on)
        existing = find_issued(session, request.kind, request.account_id, request.shipment_id)
        if existing is not None:
            return document_view(existing, already_issued=True)

        number = take_number(series)
        content = render(number, issued_on)
        row = _add_row(session, actor, request.account_id, request.kind, content, number)
        row.gstin = request.gstin
        row.issued_on = issued_on
        row.shipment_id = request.shipment_id
        row.order_id = request.order_id
        row.original_id = request.original_id
        row.reason = request.reason
        session.flush()

        detail = {"number": number, "shipment_id": request.shipment_id, "sha256": row.content_hash}
        if request.reason:
            detail["reason"] = request.reason
        record_success(
            session, actor, action, object_type=request.kind, object_id=row.id, detail=detail
        )
        logger.info(
            "%s issued %s %s for shipment %s (%d bytes)",
            actor.label,
            request.kind,
            number,
            request.shipment_id,
            len(content),
        )
        return document_view(row)


def record_plain_document(
    actor: Actor,
    account_id: str,
    kind: str,
    content: bytes,
    *,
    shipment_id: str | None,
    order_id: str | None,
    action: Action,
) -> DocumentView:
    """Store and record an unnumbered document (packing slip, labels, print batch)."""
    with actor.store.write(actor.tenant_id) as session:
        row = _add_row(session, actor, account_id, kind, content, None)
        row.shipment_id = shipment_id
        row.order_id = order_id
        row.issued_on = today_in_india()
        session.flush()
        record_success(
            session,
            actor,
            action,
            object_type=kind,
            object_id=row.id,
            detail={"shipment_id": shipment_id, "sha256": row.content_hash},
        )
        logger.info(
            "%s stored %s %s for shipment %s (%d bytes)",
            actor.label,
            kind,
            row.id,
            shipment_id,
            len(content),
        )
        return document_view(row)


def document_view(row: Document, *, already_issued: bool = False) -> DocumentView:
    """Build the view of a document row."""
    return DocumentView(
        id=row.id,
        account_id=row.account_id,
        kind=row.kind,
        number=row.number,
        issued_on=row.issued_on,
        shipment_id=row.shipment_id,
        order_id=row.order_id,
        content_hash=row.content_hash,
        file_name=row.file_name,
        size_bytes=row.size_bytes,
        created_at=row.created_at,
        original_id=row.original_id,
        already_issued=already_issued,
    )


def _add_row(
    session: Session, actor: Actor, account_id: str, kind: str, content: bytes, number: str | None
) -> Document:
    tenant = session.get_one(Tenant, actor.tenant_id)
    # NOTE: the file is written before the transaction commits. A rollback leaves an
    # unreferenced file behind, which is harmless because files are named by content.
    digest, stored_path = write_content(actor.store, tenant.slug, content)
    document_id = new_id()
    row = Document(
        id=document_id,
        tenant_id=actor.tenant_id,
        account_id=account_id,
        kind=kind,
        number=number,
        content_hash=digest,
        file_name=safe_file_name(number, kind, document_id),
        stored_path=stored_path,
        size_bytes=len(content),
        created_by=actor.user_id,
    )
    session.add(row)
    return row
