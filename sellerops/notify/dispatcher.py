"""The dispatcher: deliver a tenant's due outbox rows, hold them in quiet hours, retry failures.

Each delivery is claimed in its own transaction by moving `next_attempt_at` one lease ahead
and counting the attempt, so a second dispatcher skips it, and a crash during the send makes
it due again once the lease ends. The send happens outside any transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from sellerops.models import Alert, AlertDelivery, AlertDeliveryAttempt, AlertSettings, Tenant
from sellerops.models.alert import AlertDeliveryItem
from sellerops.notify.channels import enabled_senders
from sellerops.notify.delivery import DeliveryError, Sender
from sellerops.notify.outbox import render_message
from sellerops.notify.schedule import CLAIM_LEASE, quiet_until, retry_delay, should_retry
from sellerops.store import Store

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 100
PENDING, SENT, FAILED = "pending", "sent", "failed"


@dataclass(frozen=True)
class DispatchReport:
    """Counts of one dispatcher pass, by outcome."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    held: int = 0


def dispatch_due(
    store: Store,
    tenant_id: str,
    now: datetime,
    *,
    senders: Mapping[str, Sender] | None = None,
    limit: int = DEFAULT_BATCH,
) -> DispatchReport:
    """Deliver up to `limit` deliveries of the tenant that are due at `now`.

    `senders` defaults to the tenant's enabled channels. A delivery whose channel has no
    sender (it was disabled after the alert) fails without retry.
    """
    with store.read(tenant_id) as session:
        due = session.scalars(
            select(AlertDelivery.id)
            .where(AlertDelivery.status == PENDING, AlertDelivery.next_attempt_at <= now)
            .order_by(AlertDelivery.next_attempt_at, AlertDelivery.id)
            .limit(limit)
        ).all()
        quiet = session.get(AlertSettings, tenant_id)
        if senders is None and due:
            senders = enabled_senders(session, store.secrets)
    if not due:
        return DispatchReport()

    resume_at = None
    if quiet is not None:
        resume_at = quiet_until(
            now, quiet.quiet_start_minute, quiet.quiet_end_minute, quiet.time_zone
        )
    if resume_at is not None:
        _hold(store, tenant_id, due, now, resume_at)
        logger.info(
            "Tenant %s: %d delivery(ies) held for quiet hours until %s",
            tenant_id,
            len(due),
            resume_at.isoformat(),
        )
        return DispatchReport(held=len(due))

    counts = {SENT: 0, PENDING: 0, FAILED: 0}
    for delivery_id in due:
        outcome = _deliver_one(store, tenant_id, delivery_id, now, senders or {})
        if outcome is not None:
            counts[outcome] += 1
    report = DispatchReport(sent=counts[SENT], retried=counts[PENDING], failed=counts[FAILED])
    logger.info(
        "Tenant %s: dispatched %d, %d to retry, %d failed",
        tenant_id,
        report.sent,
        report.retried,
        report.failed,
    )
    return report


def tenants_with_due_deliveries(store: Store, now: datetime) -> list[str]:
    """Return the slugs of tenants with a pending delivery due at `now` (operator read)."""
    with store.operator_read() as session:
        statement = (
            select(Tenant.slug)
            .join(AlertDelivery, AlertDelivery.tenant_id == Tenant.id)
            .where(AlertDelivery.status == PENDING, AlertDelivery.next_attempt_at <= now)
            .distinct()
        )
        return sorted(session.scalars(statement).all())


def _hold(store: Store, tenant_id: str, due: list[str], now: datetime, resume_at: datetime) -> None:
    with store.write(tenant_id) as session:
        for delivery in session.scalars(select(AlertDelivery).where(AlertDelivery.id.in_(due))):
            if delivery.status != PENDING or delivery.next_attempt_at > now:
                continue
            delivery.next_attempt_at = resume_at
            session.add(
                AlertDeliveryAttempt(
                    tenant_id=tenant_id,
                    delivery_id=delivery.id,
                    attempt=delivery.attempts,
                    outcome="held",
                    detail=f"quiet hours until {resume_at.isoformat()}",
                    attempted_at=now,
                )
            )


def _claim(
    store: Store, tenant_id: str, delivery_id: str, now: datetime
) -> tuple[int, list[Alert], AlertDelivery] | None:
    with store.write(tenant_id) as session:
        claimed = session.execute(
            update(AlertDelivery)
            .where(
                AlertDelivery.id == delivery_id,
                AlertDelivery.status == PENDING,
                AlertDelivery.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + CLAIM_LEASE, attempts=AlertDelivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            return None
        delivery = session.get_one(AlertDelivery, delivery_id)
        session.refresh(delivery)
        alerts = session.scalars(
            select(Alert)
            .join(AlertDeliveryItem, AlertDeliveryItem.alert_id == Alert.id)
            .where(AlertDeliveryItem.delivery_id == delivery_id)
        ).all()
        return delivery.attempts, list(alerts), delivery


def _deliver_one(
    store: Store, tenant_id: str, delivery_id: str, now: datetime, senders: Mapping[str, Sender]
) -> str | None:
    claim = _claim(store, tenant_id, delivery_id, now)
    if claim is None:
        return None
    attempt, alerts, delivery = claim

    provider_id, error, transient = None, None, False
    sender = senders.get(delivery.channel)
    if sender is None:
        error = f"Channel {delivery.channel!r} is not enabled; enable it and send a test message."
    else:
        try:
            provider_id = sender.send(delivery.recipient, render_message(delivery.kind, alerts))
        except DeliveryError as failure:
            error, transient = str(failure), failure.is_transient

    if error is None:
        status, detail = SENT, provider_id
    elif should_retry(attempt, is_transient=transient):
        status, detail = PENDING, error
    else:
        status, detail = FAILED, error
    if error is not None:
        logger.warning(
            "Delivery %s of %d %s alert(s) on %s, attempt %d failed (%s): %s",
            delivery_id,
            len(alerts),
            delivery.kind,
            delivery.channel,
            attempt,
            "will retry" if status == PENDING else "giving up",
            error,
        )

    with store.write(tenant_id) as session:
        row = session.get_one(AlertDelivery, delivery_id)
        row.status = status
        row.last_error = error
        if status == SENT:
            row.sent_at = now
            row.provider_message_id = provider_id
        elif status == PENDING:
            row.next_attempt_at = now + retry_delay(attempt)
        session.add(
            AlertDeliveryAttempt(
                tenant_id=tenant_id,
                delivery_id=delivery_id,
                attempt=attempt,
                outcome=status if status != PENDING else "retry",
                detail=detail,
                attempted_at=now,
            )
        )
    return status
