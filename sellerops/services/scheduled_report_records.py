"""Store a generated report's files and row, and read reports and deliveries back as views.

These functions do not check permissions: `sellerops.services.scheduled_reports` authorizes
the actor first and then calls them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sellerops.models import ScheduledReport, ScheduledReportDelivery, SellerAccount, Tenant
from sellerops.models.base import utc_now
from sellerops.models.scheduled_report import ALL_ACCOUNTS
from sellerops.scheduled_reports import ReportPeriod
from sellerops.services.actor import Actor
from sellerops.services.document_files import write_content

logger = logging.getLogger("sellerops.services")

MEDIA_TYPES = {"pdf": "application/pdf", "csv": "text/csv"}


@dataclass(frozen=True)
class ReportView:
    """A stored report as services return it; `totals` maps headline labels to values as text.

    `already_generated` marks a repeated run of the same period and scope that stored nothing.
    """

    id: str
    frequency: str
    period_start: date
    period_end: date
    scope: str
    account_id: str | None
    file_stem: str
    pdf_size: int
    csv_size: int
    totals: dict[str, str]
    created_at: datetime
    already_generated: bool = False

    def file_name(self, file_format: str) -> str:
        """Return the download name of the report's `pdf` or `csv` file."""
        return f"{self.file_stem}.{file_format}"


@dataclass(frozen=True)
class DeliveryView:
    """The email of a report to one recipient."""

    report_id: str
    recipient: str
    status: str
    attempts: int
    last_error: str | None
    sent_at: datetime | None


@dataclass(frozen=True)
class ReportFiles:
    """A rendered report before it is stored."""

    pdf: bytes
    csv: bytes
    totals: Mapping[str, Decimal | int]


def scope_of(account_id: str | None) -> str:
    """Return the `scope` column value of a report of one account or, for None, of all."""
    return account_id if account_id is not None else ALL_ACCOUNTS


def find_report(
    session: Session, period: ReportPeriod, account_id: str | None
) -> ReportView | None:
    """Return the session tenant's stored report of the period and scope, or None."""
    row = session.scalars(
        select(ScheduledReport).where(
            ScheduledReport.frequency == period.frequency.value,
            ScheduledReport.period_start == period.start,
            ScheduledReport.scope == scope_of(account_id),
        )
    ).one_or_none()
    return None if row is None else report_view(row, already_generated=True)


def file_stem(period: ReportPeriod, account_name: str | None) -> str:
    """Return the files' name without extension, e.g. `weekly-report_2026-11-23_2026-11-29`."""
    stem = f"{period.frequency.value}-report_{period.start.isoformat()}_{period.end.isoformat()}"
    if account_name:
        stem += "_" + re.sub(r"[^A-Za-z0-9._-]+", "-", account_name).strip("-")
    return stem[:200]


def record_report(
    actor: Actor,
    period: ReportPeriod,
    account_id: str | None,
    files: ReportFiles,
    *,
    now: datetime | None = None,
) -> ReportView:
    """Store the report's PDF and CSV by content hash and add its row in one transaction.

    A report of the same period and scope that another run stored first is returned instead,
    with `already_generated` set.
    """
    store = actor.store
    with store.write(actor.tenant_id) as session:
        tenant = session.get_one(Tenant, actor.tenant_id)
        account_name = None
        if account_id is not None:
            account_name = session.get_one(SellerAccount, account_id).name
        # NOTE: files are written before the transaction commits; a rollback leaves files that
        # no row names, which is harmless because they are named by content.
        pdf_hash, pdf_path = write_content(store, tenant.slug, files.pdf, ".pdf")
        csv_hash, csv_path = write_content(store, tenant.slug, files.csv, ".csv")
        row = ScheduledReport(
            tenant_id=actor.tenant_id,
            frequency=period.frequency.value,
            period_start=period.start,
            period_end=period.end,
            scope=scope_of(account_id),
            account_id=account_id,
            file_stem=file_stem(period, account_name),
            pdf_hash=pdf_hash,
            pdf_path=pdf_path,
            pdf_size=len(files.pdf),
            csv_hash=csv_hash,
            csv_path=csv_path,
            csv_size=len(files.csv),
            totals={label: str(value) for label, value in files.totals.items()},
            created_by=actor.user_id,
            created_at=now or utc_now(),
        )
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            existing = find_report(session, period, account_id)
            if existing is None:
                raise
            return existing
        view = report_view(row)

    logger.info(
        "%s stored %s report %s for %s to %s (%s): PDF %d bytes, CSV %d bytes",
        actor.label,
        period.frequency.value,
        view.id,
        period.start.isoformat(),
        period.end.isoformat(),
        view.scope,
        view.pdf_size,
        view.csv_size,
    )
    return view


def report_view(row: ScheduledReport, *, already_generated: bool = False) -> ReportView:
    """Build the view of a report row."""
    return ReportView(
        id=row.id,
        frequency=row.frequency,
        period_start=row.period_start,
        period_end=row.period_end,
        scope=row.scope,
        account_id=row.account_id,
        file_stem=row.file_stem,
        pdf_size=row.pdf_size,
        csv_size=row.csv_size,
        totals=dict(row.totals),
        created_at=row.created_at,
        already_generated=already_generated,
    )


def delivery_view(row: ScheduledReportDelivery) -> DeliveryView:
    """Build the view of a delivery row."""
    return DeliveryView(
        report_id=row.report_id,
        recipient=row.recipient,
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )
