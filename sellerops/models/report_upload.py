"""Uploaded Seller Hub report files, registered by content hash, and their rejected rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now

# Column lengths shared with the service that fills them.
MAX_FILE_NAME_LENGTH = 255
MAX_COLUMN_NAME_LENGTH = 300
MAX_ERROR_VALUE_LENGTH = 200


class ReportUpload(TenantScoped, Base):
    """One report file imported for a seller account; the same bytes twice are one upload.

    `file_hash` is the SHA-256 of the file. `stored_path` is the copy the import read, relative
    to the data directory. `status` is `received` while the import runs, then `loaded` (even
    with rejected rows) or `failed` with the reason in `error`. `report_type` stays None when
    the type could not be detected.
    """

    __tablename__ = "report_uploads"
    __table_args__ = (UniqueConstraint("tenant_id", "account_id", "file_hash"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("seller_accounts.id"))
    file_hash: Mapped[str] = mapped_column(String(64))
    report_type: Mapped[str | None] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(MAX_FILE_NAME_LENGTH))
    stored_path: Mapped[str] = mapped_column(String(500))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    uploaded_by: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    loaded_at: Mapped[datetime | None] = mapped_column()


class ReportImportError(TenantScoped, Base):
    """One cell of an uploaded report that could not be read, which kept its row out.

    `row_number` is the spreadsheet row as Excel shows it; `column` is the header found in the
    file, or None for an error about the whole row; `value` is the cell text, cut to 200
    characters.
    """

    __tablename__ = "report_import_errors"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    upload_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("report_uploads.id"), index=True
    )
    row_number: Mapped[int] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(MAX_COLUMN_NAME_LENGTH))
    value: Mapped[str | None] = mapped_column(String(MAX_ERROR_VALUE_LENGTH))
    reason: Mapped[str] = mapped_column(Text)
