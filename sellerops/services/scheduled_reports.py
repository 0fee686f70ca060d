"""Scheduled reports: generate, store, list and email daily, weekly and monthly reports.

A report covers one period (`sellerops.scheduled_reports.periods`) for the whole tenant or
one seller account. Its PDF and CSV are stored by content hash with the other documents, and
each recipient subscribed to its frequency gets both by email through the email channel.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import (
    ReportRecipient,
    ScheduledReport,
    ScheduledReportDelivery,
    SellerAccount,
    Tenant,
)
from sellerops.models.base import utc_now
from sellerops.notify.channels import Channel, normalize_address
from sellerops.scheduled_reports import ReportPeriod, parse_frequency
from sellerops.scheduled_reports.content import (
    build_sections,
    headline_totals,
    report_csv,
    report_pdf,
)
from sellerops.scheduled_reports.periods import INDIA
from sellerops.security.permissions import Action
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.document_files import read_content
from sellerops.services.scheduled_report_records import (
    MEDIA_TYPES,
    DeliveryView,
    ReportFiles,
    ReportView,
    delivery_view,
    find_report,
    record_report,
    report_view,
)
from sellerops.services.scheduled_report_sending import SendResult, deliver
from sellerops.services.warehouse_reads import open_published, published_warehouse

logger = logging.getLogger("sellerops.services")

MAX_LISTED = 500


@dataclass(frozen=True)
class RecipientView:
    """An email address and the report frequencies it receives."""

    id: str
    address: str
    frequencies: tuple[str, ...]


@dataclass(frozen=True)
class ReportFile:
    """One file of a stored report, ready to download."""

    file_name: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class RunResult:
    """What one scheduled run did: the reports of the period and the emails sent.

    `skipped` is the reason nothing was generated (no published warehouse, no active account).
    """

    period: ReportPeriod
    reports: list[ReportView] = field(default_factory=list)
    sending: SendResult = field(default_factory=SendResult)
    skipped: str | None = None


def set_report_recipient(actor: Actor, address: str, frequencies: Sequence[str]) -> RecipientView:
    """Send the reports of `frequencies` to `address`; an existing address gets the new list."""
    normalized = normalize_address(Channel.EMAIL, address)
    names = sorted({parse_frequency(frequency).value for frequency in frequencies})
    if not names:
        raise InvalidInputError(
            f"No report frequency given for {normalized!r}; choose daily, weekly or monthly, "
            f"or remove the recipient."
        )
    authorize(actor, Action.SCHEDULED_REPORT_CONFIGURE, object_type="report_recipient")

    with actor.store.write(actor.tenant_id) as session:
        row = session.scalars(
            select(ReportRecipient).where(ReportRecipient.address == normalized)
        ).one_or_none()
        if row is None:
            row = ReportRecipient(tenant_id=actor.tenant_id, address=normalized)
            session.add(row)
        row.frequencies = names
        session.flush()
        record_success(
            session,
            actor,
            Action.SCHEDULED_REPORT_CONFIGURE,
            object_type="report_recipient",
            object_id=row.id,
            detail={"frequencies": names},
        )
        return RecipientView(row.id, row.address, tuple(names))


def remove_report_recipient(actor: Actor, recipient_id: str) -> None:
    """Stop sending reports to a recipient; emails already sent stay in the delivery log."""
    authorize(
        actor,
        Action.SCHEDULED_REPORT_CONFIGURE,
        object_type="report_recipient",
        object_id=recipient_id,
    )
    with actor.store.write(actor.tenant_id) as session:
        row = session.get(ReportRecipient, recipient_id)
        if row is None:
            raise NotFoundError(
                f"No report recipient {recipient_id!r} in this tenant; list them with "
                f"`list_report_recipients`."
            )
        session.delete(row)
        record_success(
            session,
            actor,
            Action.SCHEDULED_REPORT_CONFIGURE,
            object_type="report_recipient",
            object_id=recipient_id,
            detail={"removed": True},
        )


def list_report_recipients(actor: Actor) -> list[RecipientView]:
    """Return the tenant's report recipients by address."""
    authorize(actor, Action.SCHEDULED_REPORT_VIEW, object_type="report_recipient")
    with actor.store.read(actor.tenant_id) as session:
        rows = session.scalars(select(ReportRecipient).order_by(ReportRecipient.address)).all()
        return [RecipientView(row.id, row.address, tuple(row.frequencies)) for row in rows]


def generate_report(
    actor: Actor,
    period: ReportPeriod,
    account_id: str | None = None,
    *,
    now: datetime | None = None,
) -> ReportView:
    """Build, store and audit the report of `period` for one account or (None) the tenant.

    A report already stored for the period and scope is returned with `already_generated`
    set, so a repeated run changes nothing. Raises `InvalidInputError` for a period that has
    not ended in India, and `NotFoundError` while the tenant has no published warehouse or
    when the account is not the tenant's.
    """
    authorize(actor, Action.SCHEDULED_REPORT_RUN, object_type="scheduled_report")
    now = now or utc_now()
    today = now.astimezone(INDIA).date()
    if period.end >= today:
        raise InvalidInputError(
            f"The {period.frequency.value} report of {period.label} cannot be generated before "
            f"the period ends; generate it on {period.end + timedelta(days=1)} or later."
        )
    # NOTE: a stored report is final. Data synced after it was generated (late returns,
    # settlements) shows on the dashboard and in exports, not in the stored report.
    with actor.store.read(actor.tenant_id) as session:
        existing = find_report(session, period, account_id)
        tenant_name = session.get_one(Tenant, actor.tenant_id).name
        scope = "all seller accounts"
        if account_id is not None:
            scope = f"account {require_account(session, account_id).name}"
    if existing is not None:
        return existing

    connection = open_published(actor, Action.PROFIT_VIEW)
    try:
        sections = build_sections(connection, period, account_id)
    finally:
        connection.close()

    title = f"{period.frequency.value.capitalize()} report"
    subtitle = f"{tenant_name}, {scope}, {period.label}"
    totals = headline_totals(sections)
    files = ReportFiles(
        pdf=report_pdf(sections, title, subtitle, now), csv=report_csv(sections), totals=totals
    )
    view = record_report(actor, period, account_id, files, now=now)
    if view.already_generated:
        return view

    with actor.store.write(actor.tenant_id) as session:
        row = session.get_one(ScheduledReport, view.id)
        record_success(
            session,
            actor,
            Action.SCHEDULED_REPORT_RUN,
            object_type="scheduled_report",
            object_id=view.id,
            detail={
                "frequency": period.frequency.value,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "account_id": account_id,
                "rows": {section.kind: section.frame.height for section in sections},
                "pdf_sha256": row.pdf_hash,
                "csv_sha256": row.csv_hash,
            },
        )
    return view


def send_report(actor: Actor, report_id: str, *, now: datetime | None = None) -> SendResult:
    """Email a stored report to every recipient of its frequency that has not received it."""
    authorize(
        actor, Action.SCHEDULED_REPORT_RUN, object_type="scheduled_report", object_id=report_id
    )
    with actor.store.read(actor.tenant_id) as session:
        report = _require_report(session, report_id)
        frequency = report.frequency
        recipients = [
            row.address
            for row in session.scalars(
                select(ReportRecipient).order_by(ReportRecipient.address)
            ).all()
            if frequency in row.frequencies
        ]
    result = deliver(actor, report_id, recipients, now or utc_now())

    if result != SendResult():
        with actor.store.write(actor.tenant_id) as session:
            record_success(
                session,
                actor,
                Action.SCHEDULED_REPORT_RUN,
                object_type="scheduled_report",
                object_id=report_id,
                detail={"sent": result.sent, "retried": result.retried, "failed": result.failed},
            )
        logger.info(
            "%s emailed report %s: %d sent, %d to retry, %d failed",
            actor.label,
            report_id,
            result.sent,
            result.retried,
            result.failed,
        )
    return result


def run_scheduled_reports(
    actor: Actor, period: ReportPeriod, *, now: datetime | None = None
) -> RunResult:
    """Generate and send the period's reports: one for the tenant and, with several active
    accounts, one per account as well.

    Without a published warehouse or an active account the run is skipped, audited with the
    reason, and nothing is stored or sent.
    """
    authorize(actor, Action.SCHEDULED_REPORT_RUN, object_type="scheduled_report")
    now = now or utc_now()
    with actor.store.read(actor.tenant_id) as session:
        account_ids = list(
            session.scalars(
                select(SellerAccount.id)
                .where(SellerAccount.is_active.is_(True))
                .order_by(SellerAccount.created_at, SellerAccount.id)
            ).all()
        )

    skipped = None
    if not account_ids:
        skipped = "the tenant has no active seller account"
    elif not published_warehouse(actor, Action.PROFIT_VIEW).exists:
        skipped = "the tenant has no published warehouse yet"
    if skipped is not None:
        with actor.store.write(actor.tenant_id) as session:
            record_success(
                session,
                actor,
                Action.SCHEDULED_REPORT_RUN,
                object_type="scheduled_report",
                object_id=None,
                detail={
                    "frequency": period.frequency.value,
                    "start": period.start.isoformat(),
                    "skipped": skipped,
                },
            )
        logger.warning("%s: %s report run skipped: %s", actor.label, period.frequency, skipped)
        return RunResult(period, skipped=skipped)

    scopes: list[str | None] = [None]
    if len(account_ids) > 1:
        scopes += account_ids
    reports = [generate_report(actor, period, scope, now=now) for scope in scopes]

    sent = retried = failed = 0
    for report in reports:
        result = send_report(actor, report.id, now=now)
        sent, retried, failed = sent + result.sent, retried + result.retried, failed + result.failed
    return RunResult(period, reports, SendResult(sent, retried, failed))


def list_scheduled_reports(actor: Actor, *, limit: int = MAX_LISTED) -> list[ReportView]:
    """Return the tenant's stored reports, newest period first."""
    authorize(actor, Action.SCHEDULED_REPORT_VIEW, object_type="scheduled_report")
    statement = (
        select(ScheduledReport)
        .order_by(
            ScheduledReport.period_start.desc(),
            ScheduledReport.frequency,
            ScheduledReport.scope,
        )
        .limit(min(limit, MAX_LISTED))
    )
    with actor.store.read(actor.tenant_id) as session:
        return [report_view(row) for row in session.scalars(statement).all()]


def list_report_deliveries(actor: Actor, report_id: str) -> list[DeliveryView]:
    """Return the emails of one report, by recipient."""
    authorize(
        actor, Action.SCHEDULED_REPORT_VIEW, object_type="scheduled_report", object_id=report_id
    )
    with actor.store.read(actor.tenant_id) as session:
        _require_report(session, report_id)
        rows = session.scalars(
            select(ScheduledReportDelivery)
            .where(ScheduledReportDelivery.report_id == report_id)
            .order_by(ScheduledReportDelivery.recipient)
        ).all()
        return [delivery_view(row) for row in rows]


def get_report_file(actor: Actor, report_id: str, file_format: str) -> ReportFile:
    """Return a stored report's `pdf` or `csv` file, exactly as generated, and audit it."""
    if file_format not in MEDIA_TYPES:
        raise InvalidInputError(
            f"Unknown report file format {file_format!r}; use one of: {', '.join(MEDIA_TYPES)}."
        )
    authorize(
        actor, Action.SCHEDULED_REPORT_VIEW, object_type="scheduled_report", object_id=report_id
    )
    with actor.store.read(actor.tenant_id) as session:
        row = _require_report(session, report_id)
        if file_format == "pdf":
            stored_path, content_hash = row.pdf_path, row.pdf_hash
        else:
            stored_path, content_hash = row.csv_path, row.csv_hash
        file_name = f"{row.file_stem}.{file_format}"
    content = read_content(actor.store, stored_path, content_hash)

    # Reports carry sales, profit and tax figures out of the product, so downloads are audited.
    with actor.store.write(actor.tenant_id) as session:
        record_success(
            session,
            actor,
            Action.SCHEDULED_REPORT_VIEW,
            object_type="scheduled_report",
            object_id=report_id,
            detail={"format": file_format, "sha256": content_hash},
        )
    return ReportFile(file_name, MEDIA_TYPES[file_format], content)


def _require_report(session: Session, report_id: str) -> ScheduledReport:
    row = session.get(ScheduledReport, report_id)
    if row is None:
        raise NotFoundError(
            f"No scheduled report {report_id!r} in this tenant; list them with "
            f"`list_scheduled_reports`."
        )
    return row
