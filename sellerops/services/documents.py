"""Issue GST invoices, credit notes and packing slips for shipments, and read them back.

Each service fetches the shipment, its shipping details and Flipkart's invoice JSON through
the account's client, computes the document with the pure functions of `sellerops.documents`,
renders it with `sellerops.documents.pdf`, and records it through `document_records`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ingestion.client import FlipkartClient, Shipment, ShipmentDetails
from ingestion.client.records.invoices import Invoice
from sellerops.documents.model import Branding
from sellerops.documents.numbering import CREDIT_NOTE, TAX_INVOICE
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import Document, SellerAccount, Sku
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_text
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.clients import build_client
from sellerops.services.document_branding import branding_for
from sellerops.services.document_files import read_content
from sellerops.services.document_records import (
    DocumentView,
    NumberedRequest,
    document_view,
    find_issued,
    record_numbered_document,
    record_plain_document,
)
from sellerops.services.document_sources import (
    InvoiceHeader,
    SellerIdentity,
    SkuTax,
    invoice_document,
    line_inputs,
    packing_slip,
)

PACKING_SLIP = "packing_slip"
MAX_REASON_LENGTH = 300
# Item states after which a shipment's goods came back or never left, so tax is reversed.
REVERSIBLE_STATES = frozenset({"CANCELLED", "RETURNED"})


def issue_invoice(actor: Actor, account_id: str, shipment_id: str) -> DocumentView:
    """Issue the GST tax invoice of a packed shipment; a second call returns the first invoice."""
    authorize(actor, Action.DOCUMENT_ISSUE, object_type=TAX_INVOICE, object_id=shipment_id)
    seller = _seller(actor, account_id)
    existing = _existing(actor, Action.DOCUMENT_ISSUE, TAX_INVOICE, account_id, shipment_id)
    if existing is not None:
        return existing

    shipment, details, invoice = _fetch(actor, account_id, shipment_id)
    if not shipment.is_packed_or_later:
        raise InvalidInputError(
            f"Shipment {shipment_id!r} is not packed yet; generate its label first, then issue "
            f"the invoice."
        )
    lines = line_inputs(shipment, invoice, _sku_master(actor))
    branding = _branding(actor, details)

    def render(number: str, issued_on: date) -> bytes:
        header = InvoiceHeader(TAX_INVOICE, number, issued_on)
        document = invoice_document(header, seller, shipment, details, lines)
        from sellerops.documents.pdf import render_invoice

        return render_invoice(document, branding)

    request = NumberedRequest(
        account_id, seller.gstin, TAX_INVOICE, shipment_id, details.order_id or ""
    )
    return record_numbered_document(actor, request, render, Action.DOCUMENT_ISSUE)


def issue_credit_note(actor: Actor, account_id: str, shipment_id: str, reason: str) -> DocumentView:
    """Issue a credit note reversing the invoice of a cancelled or returned shipment.

    The credit note has its own series and carries the original invoice's number and date.
    A second call for the same shipment returns the first credit note.
    """
    check_text("reason", reason, MAX_REASON_LENGTH)
    if not reason.strip():
        raise InvalidInputError("The credit note reason is empty; say why the tax is reversed.")
    authorize(actor, Action.DOCUMENT_CREDIT_NOTE, object_type=CREDIT_NOTE, object_id=shipment_id)
    seller = _seller(actor, account_id)
    existing = _existing(actor, Action.DOCUMENT_CREDIT_NOTE, CREDIT_NOTE, account_id, shipment_id)
    if existing is not None:
        return existing
    original = _original_invoice(actor, account_id, shipment_id)

    shipment, details, invoice = _fetch(actor, account_id, shipment_id)
    states = {item.status for item in shipment.order_items}
    if not states or not states <= REVERSIBLE_STATES:
        raise InvalidInputError(
            f"Shipment {shipment_id!r} is in state {', '.join(sorted(map(str, states)))}; a "
            f"credit note needs every item CANCELLED or RETURNED."
        )
    # TODO: a partial return of a multi-item shipment reverses every line for now.
    lines = line_inputs(shipment, invoice, _sku_master(actor))
    branding = _branding(actor, details)
    original_number, original_date = original.number, original.issued_on

    def render(number: str, issued_on: date) -> bytes:
        header = InvoiceHeader(CREDIT_NOTE, number, issued_on, original_number, original_date)
        document = invoice_document(header, seller, shipment, details, lines)
        from sellerops.documents.pdf import render_credit_note

        return render_credit_note(document, branding)

    request = NumberedRequest(
        account_id,
        seller.gstin,
        CREDIT_NOTE,
        shipment_id,
        original.order_id or "",
        original_id=original.id,
        reason=reason.strip(),
    )
    return record_numbered_document(actor, request, render, Action.DOCUMENT_CREDIT_NOTE)


def issue_packing_slip(actor: Actor, account_id: str, shipment_id: str) -> DocumentView:
    """Render and store the packing slip of a shipment; slips have no number and may repeat."""
    authorize(actor, Action.DOCUMENT_ISSUE, object_type=PACKING_SLIP, object_id=shipment_id)
    _seller(actor, account_id)
    shipment, details, _invoice = _fetch(actor, account_id, shipment_id, invoice=False)
    slip = packing_slip(shipment)
    branding = _branding(actor, details)

    from sellerops.documents.pdf import render_packing_slip

    content = render_packing_slip(slip, branding)
    return record_plain_document(
        actor,
        account_id,
        PACKING_SLIP,
        content,
        shipment_id=shipment_id,
        order_id=slip.order_id,
        action=Action.DOCUMENT_ISSUE,
    )


def list_documents(
    actor: Actor, account_id: str | None = None, shipment_id: str | None = None
) -> list[DocumentView]:
    """Return the tenant's documents, newest first, optionally of one account or shipment."""
    authorize(actor, Action.DOCUMENT_VIEW, object_type="document", object_id=shipment_id)
    statement = select(Document).order_by(Document.created_at.desc(), Document.id)
    if account_id is not None:
        statement = statement.where(Document.account_id == account_id)
    if shipment_id is not None:
        statement = statement.where(Document.shipment_id == shipment_id)
    with actor.store.read(actor.tenant_id) as session:
        return [document_view(row) for row in session.scalars(statement).all()]


def get_document(actor: Actor, document_id: str) -> bytes:
    """Return the stored bytes of a document, exactly as issued."""
    authorize(actor, Action.DOCUMENT_VIEW, object_type="document", object_id=document_id)
    with actor.store.read(actor.tenant_id) as session:
        row = session.get(Document, document_id)
        if row is None:
            raise NotFoundError(
                f"No document {document_id!r} in this tenant; list them with `list_documents`."
            )
        stored_path, content_hash = row.stored_path, row.content_hash
    content = read_content(actor.store, stored_path, content_hash)

    # Invoices and slips carry buyer names and addresses, so each download is audited.
    with actor.store.write(actor.tenant_id) as session:
        record_success(
            session,
            actor,
            Action.DOCUMENT_VIEW,
            object_type="document",
            object_id=document_id,
            detail={"sha256": content_hash},
        )
    return content


def _existing(
    actor: Actor, action: Action, kind: str, account_id: str, shipment_id: str
) -> DocumentView | None:
    """Return the document already issued for the shipment, auditing the repeated request."""
    with actor.store.write(actor.tenant_id) as session:
        row = find_issued(session, kind, account_id, shipment_id)
        if row is None:
            return None
        record_success(
            session,
            actor,
            action,
            object_type=kind,
            object_id=row.id,
            detail={"number": row.number, "shipment_id": shipment_id, "already_issued": True},
        )
        return document_view(row, already_issued=True)


def _original_invoice(actor: Actor, account_id: str, shipment_id: str) -> DocumentView:
    with actor.store.read(actor.tenant_id) as session:
        row = find_issued(session, TAX_INVOICE, account_id, shipment_id)
        if row is None or row.number is None or row.issued_on is None:
            raise InvalidInputError(
                f"Shipment {shipment_id!r} has no invoice issued here, so there is nothing to "
                f"credit; issue credit notes only for invoiced shipments."
            )
        return document_view(row)


def _seller(actor: Actor, account_id: str) -> SellerIdentity:
    with actor.store.read(actor.tenant_id) as session:
        account: SellerAccount = require_account(session, account_id)
        return SellerIdentity(account.gstin, account.state_code, account.state)


def _fetch(
    actor: Actor, account_id: str, shipment_id: str, *, invoice: bool = True
) -> tuple[Shipment, ShipmentDetails, Invoice | None]:
    client: FlipkartClient
    with build_client(actor, account_id) as client:
        shipments = client.shipments.get(shipment_ids=[shipment_id])
        details = client.shipments.details([shipment_id])
        invoices = client.shipments.invoices([shipment_id]) if invoice else []
    if not shipments or not details:
        raise NotFoundError(
            f"Flipkart returned no shipment {shipment_id!r} for this account; check the id."
        )
    found = next((item for item in invoices if item.shipment_id == shipment_id), None)
    return shipments[0], details[0], found


def _sku_master(actor: Actor) -> dict[str, SkuTax]:
    with actor.store.read(actor.tenant_id) as session:
        rows = session.scalars(select(Sku)).all()
        return {row.sku: SkuTax(row.hsn, row.gst_rate) for row in rows}


def _branding(actor: Actor, details: ShipmentDetails) -> Branding:
    address = details.seller_address
    name = (address.seller_name if address else None) or ""
    lines = ()
    if address is not None:
        parts = (address.address_line1, address.address_line2, address.city, address.pin_code)
        lines = tuple(part for part in parts if part)
    with actor.store.read(actor.tenant_id) as session:
        branding = branding_for(session, actor, name, lines)
    return branding
