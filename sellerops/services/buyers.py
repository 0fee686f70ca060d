"""Buyer contacts for invoices and labels: record from shipping details, read, mark invoiced."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingestion.client import ShipmentDetails
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import BuyerContact
from sellerops.security.permissions import Action
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success


@dataclass(frozen=True)
class BuyerContactInput:
    """The personal fields of one shipment's buyer, as shipping details return them."""

    buyer_name: str = ""
    phone: str | None = None
    address_line1: str = ""
    address_line2: str = ""
    landmark: str = ""
    city: str = ""
    state: str = ""
    state_code: str = ""
    pincode: str = ""
    billing_name: str = ""
    billing_address_line1: str = ""
    billing_address_line2: str = ""
    billing_city: str = ""
    billing_state: str = ""
    billing_state_code: str = ""
    billing_pincode: str = ""

    def __repr__(self) -> str:
        return (
            f"BuyerContactInput(city={self.city!r}, state={self.state!r}, pincode={self.pincode!r})"
        )

    @classmethod
    def from_shipment_details(cls, details: ShipmentDetails) -> BuyerContactInput:
        """Take `buyerDetails`, `deliveryAddress` and `billingAddress` of one shipment."""
        delivery = details.delivery_address
        billing = details.billing_address
        buyer = details.buyer_details
        name_source = buyer if buyer is not None and buyer.first_name else delivery
        return cls(
            buyer_name=_full_name(name_source),
            phone=delivery.contact_number if delivery else None,
            address_line1=_text(delivery, "address_line1"),
            address_line2=_text(delivery, "address_line2"),
            landmark=_text(delivery, "landmark"),
            city=_text(delivery, "city"),
            state=_text(delivery, "state"),
            state_code=_text(delivery, "state_code"),
            pincode=_text(delivery, "pin_code"),
            billing_name=_full_name(billing),
            billing_address_line1=_text(billing, "address_line1"),
            billing_address_line2=_text(billing, "address_line2"),
            billing_city=_text(billing, "city"),
            billing_state=_text(billing, "state"),
            billing_state_code=_text(billing, "state_code"),
            billing_pincode=_text(billing, "pin_code"),
        )


PERSONAL_COLUMNS = tuple(field.name for field in fields(BuyerContactInput))


def record_buyer_contact(
    actor: Actor, account_id: str, order_id: str, shipment_id: str, contact: BuyerContactInput
) -> str:
    """Insert or update the buyer contact of one shipment; return its id.

    A contact that was erased is not filled in again, so a later sync cannot undo an erasure.
    """
    if not order_id or not shipment_id:
        raise InvalidInputError(
            f"Order id {order_id!r} or shipment id {shipment_id!r} is empty; pass both ids "
            f"from the shipment."
        )
    authorize(actor, Action.BUYER_RECORD, object_type="buyer_contact", object_id=shipment_id)

    with actor.store.write(actor.tenant_id) as session:
        require_account(session, account_id)
        row = _contact(session, account_id, order_id, shipment_id)
        if row is None:
            row = BuyerContact(
                tenant_id=actor.tenant_id,
                account_id=account_id,
                order_id=order_id,
                shipment_id=shipment_id,
            )
            session.add(row)
        if row.erased_at is None:
            for name, value in asdict(contact).items():
                setattr(row, name, value)
        session.flush()
        # Only ids are audited: the audit log must not become a second copy of personal data.
        record_success(
            session,
            actor,
            Action.BUYER_RECORD,
            object_type="buyer_contact",
            object_id=row.id,
            detail={"order_id": order_id, "shipment_id": shipment_id},
        )
        return row.id


def get_buyer_contacts(actor: Actor, order_id: str) -> list[dict[str, Any]]:
    """Return the buyer contacts of one order (one per shipment) for a label or an invoice."""
    authorize(actor, Action.BUYER_VIEW, object_type="order", object_id=order_id)
    with actor.store.read(actor.tenant_id) as session:
        rows = contacts_of_order(session, order_id)
        return [contact_as_dict(row) for row in rows]


def mark_invoiced(
    actor: Actor,
    account_id: str,
    order_id: str,
    shipment_id: str,
    invoice_number: str,
    invoice_date: date,
) -> None:
    """Record that an invoice was issued for the shipment, which erasure must then respect."""
    if not invoice_number.strip():
        raise InvalidInputError("The invoice number is empty; pass the number printed on it.")
    authorize(actor, Action.BUYER_MARK_INVOICED, object_type="buyer_contact", object_id=shipment_id)

    with actor.store.write(actor.tenant_id) as session:
        row = _contact(session, account_id, order_id, shipment_id)
        if row is None:
            raise NotFoundError(
                f"No buyer contact for order {order_id!r}, shipment {shipment_id!r}; record "
                f"the shipping details first."
            )
        row.invoice_number = invoice_number.strip()
        row.invoice_date = invoice_date
        session.flush()
        record_success(
            session,
            actor,
            Action.BUYER_MARK_INVOICED,
            object_type="buyer_contact",
            object_id=row.id,
            detail={"invoice_number": row.invoice_number},
        )


def contacts_of_order(session: Session, order_id: str) -> list[BuyerContact]:
    """Return the session tenant's contacts of `order_id`, ordered by shipment id."""
    statement = (
        select(BuyerContact)
        .where(BuyerContact.order_id == order_id)
        .order_by(BuyerContact.account_id, BuyerContact.shipment_id)
    )
    return list(session.scalars(statement).all())


def contact_as_dict(row: BuyerContact) -> dict[str, Any]:
    """Return every stored field of a contact as JSON-ready values."""
    document: dict[str, Any] = {
        "account_id": row.account_id,
        "order_id": row.order_id,
        "shipment_id": row.shipment_id,
    }
    for name in PERSONAL_COLUMNS:
        document[name] = getattr(row, name)
    document["invoice_number"] = row.invoice_number
    document["invoice_date"] = row.invoice_date.isoformat() if row.invoice_date else None
    document["erased_at"] = _iso(row.erased_at)
    document["created_at"] = _iso(row.created_at)
    document["updated_at"] = _iso(row.updated_at)
    return document


def _contact(
    session: Session, account_id: str, order_id: str, shipment_id: str
) -> BuyerContact | None:
    statement = select(BuyerContact).where(
        BuyerContact.account_id == account_id,
        BuyerContact.order_id == order_id,
        BuyerContact.shipment_id == shipment_id,
    )
    return session.scalars(statement).one_or_none()


def _full_name(source: Any) -> str:
    if source is None:
        return ""
    parts = [source.first_name or "", source.last_name or ""]
    return " ".join(part for part in parts if part)


def _text(source: Any, name: str) -> str:
    if source is None:
        return ""
    return getattr(source, name) or ""


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
