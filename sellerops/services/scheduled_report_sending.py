"""Email stored reports to their recipients through the tenant's email channel.

One delivery row per report and recipient records each attempt, so a repeated run sends only
what has not gone out yet. A transient failure stays pending for the next run, up to the alert
retry limit (`sellerops.notify.schedule.should_retry`). A permanent one (rejected login,
rejected recipient, no email channel) fails at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from sellerops.models import (
    AlertChannel,
    ScheduledReport,
    ScheduledReportDelivery,
    SellerAccount,
    Tenant,
)
from sellerops.models.base import utc_now
from sellerops.notify.channels import Channel, build_sender
from sellerops.notify.delivery import Attachment, DeliveryError, Message, Sender
from sellerops.notify.schedule import should_retry
from sellerops.scheduled_reports.content import HEADLINES, format_total, parse_total
from sellerops.scheduled_reports.periods import Frequency, period_starting
from sellerops.services.actor import Actor
from sellerops.services.document_files import read_content
from sellerops.services.scheduled_report_records import MEDIA_TYPES

logger = logging.getLogger("sellerops.services")

PENDING, SENT, FAILED = "pending", "sent", "failed"
SUBJECT_PREFIX = "[SellerOps]"
NO_EMAIL_CHANNEL = (
    "The email channel is not configured or is disabled; configure it in Settings "
    "(alert channels), then run the report again."
)


@dataclass(frozen=True)
class SendResult:
    """Counts of one sending pass over a report's recipients, by outcome."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


def deliver(actor: Actor, report_id: str, recipients: list[str], now: datetime) -> SendResult:
    """Add a delivery for each recipient not yet listed, then attempt every pending one."""
    store = actor.store
    with store.write(actor.tenant_id) as session:
        known = set(
            session.scalars(
                select(ScheduledReportDelivery.recipient).where(
                    ScheduledReportDelivery.report_id == report_id
                )
            ).all()
        )
        for address in recipients:
            if address not in known:
                session.add(
                    ScheduledReportDelivery(
                        tenant_id=actor.tenant_id,
                        report_id=report_id,
                        recipient=address,
                        created_at=now,
                    )
                )

    with store.read(actor.tenant_id) as session:
        report = session.get_one(ScheduledReport, report_id)
        tenant_name = session.get_one(Tenant, actor.tenant_id).name
        scope = "all seller accounts"
        if report.account_id is not None:
            scope = f"account {session.get_one(SellerAccount, report.account_id).name}"
        pending = session.scalars(
            select(ScheduledReportDelivery)
            .where(
                ScheduledReportDelivery.report_id == report_id,
                ScheduledReportDelivery.status == PENDING,
            )
            .order_by(ScheduledReportDelivery.recipient)
        ).all()
        channel = session.scalars(
            select(AlertChannel).where(
                AlertChannel.channel == Channel.EMAIL.value, AlertChannel.is_enabled.is_(True)
            )
        ).one_or_none()
        sender = build_sender(channel, store.secrets) if channel is not None else None
    if not pending:
        return SendResult()

    email = report_email(actor, report, f"{tenant_name}, {scope}")
    counts = {SENT: 0, PENDING: 0, FAILED: 0}
    for delivery in pending:
        status = _attempt(actor, delivery.id, sender, email, now)
        counts[status] += 1
    return SendResult(sent=counts[SENT], retried=counts[PENDING], failed=counts[FAILED])


def report_email(actor: Actor, report: ScheduledReport, covering: str) -> Message:
    """Build the email of a stored report: the headline figures and both files attached.

    `covering` names the tenant and the accounts, e.g. "Shop, all seller accounts".
    """
    period = period_starting(Frequency(report.frequency), report.period_start)
    title = f"{report.frequency.capitalize()} report"
    lines = [f"{title} of {covering}, {period.label}.", ""]
    for headline in HEADLINES:
        text = report.totals.get(headline.label)
        if text is not None:
            lines.append(f"{headline.label}: {format_total(parse_total(text))}")
    lines += ["", "The PDF has the charts and tables; the CSV has every row."]

    pdf = read_content(actor.store, report.pdf_path, report.pdf_hash)
    csv = read_content(actor.store, report.csv_path, report.csv_hash)
    attachments = (
        Attachment(f"{report.file_stem}.pdf", MEDIA_TYPES["pdf"], pdf),
        Attachment(f"{report.file_stem}.csv", MEDIA_TYPES["csv"], csv),
    )
    subject = f"{SUBJECT_PREFIX} {title}, {period.label}: {covering}"
    return Message(subject=subject, text="\n".join(lines), attachments=attachments)


def _attempt(
    actor: Actor,
    delivery_id: str,
    sender: Sender | None,
    email: Message,
    now: datetime,
) -> str:
    with actor.store.write(actor.tenant_id) as session:
        row = session.get_one(ScheduledReportDelivery, delivery_id)
        row.attempts += 1
        attempt, recipient = row.attempts, row.recipient

    message_id, error, transient = None, None, False
    if sender is None:
        error = NO_EMAIL_CHANNEL
    else:
        try:
            message_id = sender.send(recipient, email)
        except DeliveryError as failure:
            error, transient = str(failure), failure.is_transient

    if error is None:
        status = SENT
    elif should_retry(attempt, is_transient=transient):
        status = PENDING
    else:
        status = FAILED
    if error is not None:
        logger.warning(
            "Report delivery %s, attempt %d failed (%s): %s",
            delivery_id,
            attempt,
            "will retry" if status == PENDING else "giving up",
            error,
        )

    with actor.store.write(actor.tenant_id) as session:
        row = session.get_one(ScheduledReportDelivery, delivery_id)
        row.status = status
        row.last_error = error
        if status == SENT:
            row.sent_at = now or utc_now()
            row.provider_message_id = message_id
    return status
