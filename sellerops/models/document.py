"""Issued documents (invoices, credit notes, slips, labels), their number series and branding."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now

# Column lengths shared with the services that fill them.
MAX_DOCUMENT_NUMBER_LENGTH = 16
MAX_FILE_NAME_LENGTH = 255
MAX_FOOTER_LENGTH = 500
MAX_BUSINESS_NAME_LENGTH = 200


class DocumentSeries(TenantScoped, Base):
    """The counter of one number series: per seller GSTIN, financial year ("2627") and kind.

    `next_number` is the counter the next document takes. The issuing transaction locks this
    row, takes the number, records the document and commits, so numbers have no gaps.
    """

    __tablename__ = "document_series"
    __table_args__ = (PrimaryKeyConstraint("tenant_id", "gstin", "financial_year", "kind"),)

    gstin: Mapped[str] = mapped_column(String(15))
    financial_year: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(20))
    next_number: Mapped[int] = mapped_column(Integer, default=1)


class Document(TenantScoped, Base):
    """One stored PDF: a tax invoice, credit note, packing slip, label set or print batch.

    `content_hash` is the SHA-256 of the file, stored under `stored_path` (relative to the
    data directory). `number` and `gstin` are set for invoices and credit notes only;
    `issued_on` is the document date in India. A credit note points at its invoice through
    `original_id`.
    """

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("tenant_id", "gstin", "kind", "number"),
        Index("ix_documents_tenant_kind_shipment", "tenant_id", "kind", "shipment_id"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("seller_accounts.id"))
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(String(MAX_DOCUMENT_NUMBER_LENGTH))
    gstin: Mapped[str | None] = mapped_column(String(15))
    issued_on: Mapped[date | None] = mapped_column(Date)
    shipment_id: Mapped[str | None] = mapped_column(String(100))
    order_id: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(MAX_FILE_NAME_LENGTH))
    stored_path: Mapped[str] = mapped_column(String(500))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    original_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), ForeignKey("documents.id"))


class TenantBranding(TenantScoped, Base):
    """A tenant's letterhead for its documents; images are files under the data directory.

    `address_lines` is a JSON list of strings, `accent_hex` a colour like "#212529", and
    `logo_path` and `signature_path` PNG files relative to the data directory.
    """

    __tablename__ = "tenant_branding"
    __table_args__ = (PrimaryKeyConstraint("tenant_id"),)

    business_name: Mapped[str] = mapped_column(String(MAX_BUSINESS_NAME_LENGTH))
    address_lines: Mapped[list[str]] = mapped_column(JSON, default=list)
    footer: Mapped[str] = mapped_column(String(MAX_FOOTER_LENGTH), default="")
    accent_hex: Mapped[str] = mapped_column(String(7), default="#212529")
    logo_path: Mapped[str | None] = mapped_column(String(500))
    signature_path: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
