"""Buyer personal data kept for invoices and labels: names, addresses and phone per shipment."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now


class BuyerContact(TenantScoped, Base):
    """The buyer of one shipment, as Flipkart's shipping details return it.

    The delivery fields come from `deliveryAddress` and `buyerDetails`, the billing fields from
    `billingAddress`. `invoice_number` and `invoice_date` are set once an invoice is issued,
    which decides what erasure must keep. `erased_at` is set when the personal fields were
    replaced by placeholders.
    """

    __tablename__ = "buyer_contacts"
    __table_args__ = (UniqueConstraint("account_id", "order_id", "shipment_id"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("seller_accounts.id"), index=True
    )
    order_id: Mapped[str] = mapped_column(String(64), index=True)
    shipment_id: Mapped[str] = mapped_column(String(64))

    buyer_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(32))
    address_line1: Mapped[str] = mapped_column(String(300), default="")
    address_line2: Mapped[str] = mapped_column(String(300), default="")
    landmark: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[str] = mapped_column(String(100), default="")
    state_code: Mapped[str] = mapped_column(String(2), default="")
    pincode: Mapped[str] = mapped_column(String(10), default="")

    billing_name: Mapped[str] = mapped_column(String(200), default="")
    billing_address_line1: Mapped[str] = mapped_column(String(300), default="")
    billing_address_line2: Mapped[str] = mapped_column(String(300), default="")
    billing_city: Mapped[str] = mapped_column(String(100), default="")
    billing_state: Mapped[str] = mapped_column(String(100), default="")
    billing_state_code: Mapped[str] = mapped_column(String(2), default="")
    billing_pincode: Mapped[str] = mapped_column(String(10), default="")

    invoice_number: Mapped[str | None] = mapped_column(String(64))
    invoice_date: Mapped[date | None] = mapped_column(Date)
    erased_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
