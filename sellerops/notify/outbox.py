"""The outbox: alert candidates become inbox alerts, and messages that list them.

A condition raises one alert per window: the unique key on (tenant, condition key, window
start) is enforced even when two evaluations run at once, because each insert runs in a savepoint
and a duplicate is skipped. The new alerts of one kind from one evaluation go to each recipient
as one message, so a backlog of 44 late shipments is one email that lists them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sellerops.alerts import KIND_DEFAULTS, AlertCandidate, AlertKind, RuleSettings, window_start
from sellerops.alerts.kinds import Severity, default_settings
from sellerops.models import Alert, AlertChannel, AlertDelivery, AlertRecipient, AlertRule
from sellerops.models.alert import AlertDeliveryItem
from sellerops.models.base import new_id
from sellerops.notify.delivery import Message

logger = logging.getLogger(__name__)

INDIA = ZoneInfo("Asia/Kolkata")
SUBJECT_PREFIX = "[SellerOps]"
# A message of many alerts lists this many titles, most severe first, and counts the rest.
DIGEST_LIST_LIMIT = 10
SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


def rule_settings(session: Session) -> dict[AlertKind, RuleSettings]:
    """Return every kind's settings for the session's tenant: stored values over defaults."""
    settings = default_settings()
    for row in session.scalars(select(AlertRule)).all():
        kind = AlertKind(row.kind)
        default = settings[kind]
        settings[kind] = RuleSettings(
            threshold=row.threshold if row.threshold is not None else default.threshold,
            window_hours=row.window_hours or default.window_hours,
            is_enabled=row.is_enabled,
        )
    return settings


def record_alerts(
    session: Session, tenant_id: str, candidates: Iterable[AlertCandidate], now: datetime
) -> list[Alert]:
    """Store each candidate not yet raised in its window, with its messages; return the new.

    Candidates of a disabled kind are dropped. The new alerts of each kind become one message
    to every active recipient of an enabled channel whose kinds include that kind, due at `now`.
    """
    settings = rule_settings(session)
    channels = set(
        session.scalars(select(AlertChannel.channel).where(AlertChannel.is_enabled.is_(True))).all()
    )
    recipients = [
        recipient
        for recipient in session.scalars(
            select(AlertRecipient).where(AlertRecipient.is_active.is_(True))
        ).all()
        if recipient.channel in channels
    ]

    created: dict[AlertKind, list[Alert]] = defaultdict(list)
    for candidate in candidates:
        rule = settings[candidate.kind]
        if not rule.is_enabled:
            continue
        alert = _insert_alert(
            session, tenant_id, candidate, window_start(now, rule.window_hours), now
        )
        if alert is not None:
            created[candidate.kind].append(alert)

    evaluation_id = new_id()
    messages = 0
    for kind, alerts in created.items():
        for recipient in recipients:
            if recipient.kinds and kind.value not in recipient.kinds:
                continue
            delivery = AlertDelivery(
                id=new_id(),
                tenant_id=tenant_id,
                evaluation_id=evaluation_id,
                kind=kind.value,
                channel=recipient.channel,
                recipient=recipient.address,
                next_attempt_at=now,
                created_at=now,
            )
            session.add(delivery)
            session.add_all(
                AlertDeliveryItem(tenant_id=tenant_id, delivery_id=delivery.id, alert_id=alert.id)
                for alert in alerts
            )
            messages += 1
    session.flush()
    new_alerts = [alert for alerts in created.values() for alert in alerts]
    logger.info(
        "Tenant %s: %d new alert(s) recorded, %d message(s) queued",
        tenant_id,
        len(new_alerts),
        messages,
    )
    return new_alerts


def _insert_alert(
    session: Session,
    tenant_id: str,
    candidate: AlertCandidate,
    window: datetime,
    now: datetime,
) -> Alert | None:
    existing = session.scalars(
        select(Alert.id).where(
            Alert.condition_key == candidate.condition_key, Alert.window_start == window
        )
    ).first()
    if existing is not None:
        return None

    alert = Alert(
        tenant_id=tenant_id,
        kind=candidate.kind.value,
        condition_key=candidate.condition_key,
        window_start=window,
        severity=candidate.severity.value,
        title=candidate.title[:200],
        body=candidate.body,
        facts={**candidate.facts, "account_id": candidate.account_id},
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(alert)
    except IntegrityError:
        # Another evaluation raised the same condition in this window first.
        return None
    return alert


def render_message(kind: str, alerts: Sequence[Alert]) -> Message:
    """Render the alerts of one message for email and WhatsApp, with times in India.

    One alert is sent whole. Several are sent as a digest: how many, how many are critical,
    and the titles of the first `DIGEST_LIST_LIMIT`, most severe first. The inbox has the rest.
    """
    if not alerts:
        raise ValueError(f"A message of kind {kind!r} lists no alerts; it cannot be rendered.")
    raised = max(alert.created_at for alert in alerts).astimezone(INDIA)
    raised_text = raised.strftime("%d %b %Y %H:%M IST")
    if len(alerts) == 1:
        (alert,) = alerts
        text = f"{alert.title}\n\n{alert.body}\n\nRaised {raised_text} ({alert.severity})."
        return Message(subject=f"{SUBJECT_PREFIX} {alert.title}", text=text)

    label = KIND_DEFAULTS[AlertKind(kind)].label
    ordered = sorted(
        alerts, key=lambda alert: (SEVERITY_ORDER[Severity(alert.severity)], alert.title)
    )
    critical = sum(1 for alert in alerts if alert.severity == Severity.CRITICAL)
    summary = f"{len(alerts)} new alerts ({label})"
    if critical:
        summary += f", {critical} critical"
    lines = [f"{summary}.", ""]
    lines += [
        f"{number}. {alert.title}"
        for number, alert in enumerate(ordered[:DIGEST_LIST_LIMIT], start=1)
    ]
    if len(alerts) > DIGEST_LIST_LIMIT:
        lines.append(
            f"...and {len(alerts) - DIGEST_LIST_LIMIT} more; the SellerOps inbox lists them all."
        )
    lines += ["", f"Raised {raised_text}."]
    return Message(
        subject=f"{SUBJECT_PREFIX} {label}: {len(alerts)} new alerts", text="\n".join(lines)
    )
