"""Scheduled reports: who receives them, each generated report's files, and each email sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now

# Column lengths shared with the services that fill them.
ADDRESS_LENGTH = 320
FREQUENCY_LENGTH = 10
# `scope` of a report over every seller account of the tenant.
ALL_ACCOUNTS = "all"


class ReportRecipient(TenantScoped, Base):
    """An email address that receives the tenant's reports of the listed `frequencies`."""

    __tablename__ = "report_recipients"
    __table_args__ = (UniqueConstraint("tenant_id", "address"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    address: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    frequencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ScheduledReport(TenantScoped, Base):
    """One generated report: a PDF and a CSV stored by content hash like other documents.

    `scope` is the seller account's id, or "all" for the tenant-wide report, whose `account_id`
    is NULL. The unique key makes a repeated run of the same period return the stored report.
    `totals` maps each headline label to its value as text (Decimal text for money).
    """

    __tablename__ = "scheduled_reports"
    __table_args__ = (
        UniqueConstraint("tenant_id", "frequency", "period_start", "scope"),
        Index("ix_scheduled_reports_tenant_created", "tenant_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    frequency: Mapped[str] = mapped_column(String(FREQUENCY_LENGTH))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(ID_LENGTH))
    account_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("seller_accounts.id")
    )
    file_stem: Mapped[str] = mapped_column(String(200))
    pdf_hash: Mapped[str] = mapped_column(String(64))
    pdf_path: Mapped[str] = mapped_column(String(500))
    pdf_size: Mapped[int] = mapped_column(BigInteger)
    csv_hash: Mapped[str] = mapped_column(String(64))
    csv_path: Mapped[str] = mapped_column(String(500))
    csv_size: Mapped[int] = mapped_column(BigInteger)
    totals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ScheduledReportDelivery(TenantScoped, Base):
    """The email of one report to one recipient: pending, sent or failed, with its attempts."""

    __tablename__ = "scheduled_report_deliveries"
    __table_args__ = (UniqueConstraint("report_id", "recipient"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    report_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("scheduled_reports.id"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
