"""Alert services: rules, recipients and quiet hours; the inbox; evaluating and dispatching.

Channel settings and tests are in `sellerops.services.alert_channels`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select

from sellerops.alerts import KIND_DEFAULTS, AlertKind, WarehouseRows, evaluate_rules, parse_kind
from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import Alert, AlertDelivery, AlertRecipient, AlertRule, AlertSettings
from sellerops.models.alert import AlertDeliveryItem
from sellerops.models.base import utc_now
from sellerops.notify.channels import normalize_address, parse_channel
from sellerops.notify.dispatcher import DispatchReport, dispatch_due
from sellerops.notify.outbox import record_alerts, rule_settings
from sellerops.notify.schedule import parse_clock
from sellerops.security.permissions import Action
from sellerops.security.text_input import check_text
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success

logger = logging.getLogger("sellerops.services")

MAX_INBOX = 500
MAX_LABEL_LENGTH = 100
MAX_WINDOW_HOURS = 24 * 90


@dataclass(frozen=True)
class RuleView:
    """One alert kind's effective settings and what its threshold means."""

    kind: str
    is_enabled: bool
    threshold: Decimal
    unit: str
    window_hours: int
    description: str


@dataclass(frozen=True)
class RecipientView:
    """A recipient as services return it."""

    id: str
    channel: str
    address: str
    label: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class InboxAlert:
    """One alert of the in-app inbox."""

    id: str
    kind: str
    severity: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None
    facts: dict[str, Any]


@dataclass(frozen=True)
class DeliveryView:
    """One outbox message: how many alerts of which kind it lists, where it goes, its status."""

    id: str
    kind: str
    alert_count: int
    channel: str
    recipient: str
    status: str
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class RunReport:
    """One evaluation and dispatch: alerts raised, and what the dispatcher did."""

    candidates: int
    raised: int
    dispatch: DispatchReport


def list_rules(actor: Actor) -> list[RuleView]:
    """Return every alert kind's effective settings for the actor's tenant."""
    authorize(actor, Action.ALERT_VIEW, object_type="alert_rule")
    with actor.store.read(actor.tenant_id) as session:
        settings = rule_settings(session)
    return [
        RuleView(
            kind.value,
            settings[kind].is_enabled,
            settings[kind].threshold,
            KIND_DEFAULTS[kind].unit,
            settings[kind].window_hours,
            KIND_DEFAULTS[kind].description,
        )
        for kind in AlertKind
    ]


def set_rule(
    actor: Actor,
    kind: str,
    *,
    is_enabled: bool | None = None,
    threshold: Decimal | str | None = None,
    window_hours: int | None = None,
) -> RuleView:
    """Change one kind's settings; arguments left as None keep the stored or default value."""
    alert_kind = parse_kind(kind)
    value = _threshold(threshold) if threshold is not None else None
    if window_hours is not None and not 1 <= window_hours <= MAX_WINDOW_HOURS:
        raise InvalidInputError(
            f"Window of {window_hours} hours is out of range; use 1 to {MAX_WINDOW_HOURS}."
        )
    authorize(actor, Action.ALERT_CONFIGURE, object_type="alert_rule", object_id=alert_kind.value)

    with actor.store.write(actor.tenant_id) as session:
        row = session.get(AlertRule, (actor.tenant_id, alert_kind.value))
        if row is None:
            row = AlertRule(tenant_id=actor.tenant_id, kind=alert_kind.value, is_enabled=True)
            session.add(row)
        if is_enabled is not None:
            row.is_enabled = is_enabled
        if value is not None:
            row.threshold = value
        if window_hours is not None:
            row.window_hours = window_hours
        session.flush()
        detail = {
            "is_enabled": row.is_enabled,
            "threshold": str(row.threshold),
            "window_hours": row.window_hours,
        }
        record_success(
            session,
            actor,
            Action.ALERT_CONFIGURE,
            object_type="alert_rule",
            object_id=alert_kind.value,
            detail=detail,
        )
    logger.info("%s set alert rule %s: %s", actor.label, alert_kind.value, detail)
    return next(rule for rule in list_rules(actor) if rule.kind == alert_kind.value)


def add_recipient(
    actor: Actor, channel: str, address: str, *, label: str = "", kinds: Sequence[str] = ()
) -> RecipientView:
    """Add a recipient of alerts on `channel`; `kinds` limits which kinds it receives."""
    parsed_channel = parse_channel(channel)
    normalized = normalize_address(parsed_channel, address)
    check_text("recipient label", label, MAX_LABEL_LENGTH)
    kind_names = sorted({parse_kind(kind).value for kind in kinds})
    authorize(actor, Action.ALERT_CONFIGURE, object_type="alert_recipient")

    with actor.store.write(actor.tenant_id) as session:
        existing = session.scalars(
            select(AlertRecipient).where(
                AlertRecipient.channel == parsed_channel.value,
                AlertRecipient.address == normalized,
            )
        ).one_or_none()
        if existing is not None:
            raise InvalidInputError(
                f"{parsed_channel.value} recipient {normalized!r} already exists; remove it "
                f"first to change its kinds."
            )
        row = AlertRecipient(
            tenant_id=actor.tenant_id,
            channel=parsed_channel.value,
            address=normalized,
            label=label.strip(),
            kinds=kind_names,
        )
        session.add(row)
        session.flush()
        record_success(
            session,
            actor,
            Action.ALERT_CONFIGURE,
            object_type="alert_recipient",
            object_id=row.id,
            detail={"channel": row.channel, "kinds": kind_names},
        )
        return _recipient_view(row)


def remove_recipient(actor: Actor, recipient_id: str) -> None:
    """Remove a recipient; deliveries already in the outbox still go out."""
    authorize(actor, Action.ALERT_CONFIGURE, object_type="alert_recipient", object_id=recipient_id)
    with actor.store.write(actor.tenant_id) as session:
        row = session.get(AlertRecipient, recipient_id)
        if row is None:
            raise NotFoundError(
                f"No alert recipient {recipient_id!r}; list them with "
                f"`sellerops alerts recipients`."
            )
        session.delete(row)
        record_success(
            session,
            actor,
            Action.ALERT_CONFIGURE,
            object_type="alert_recipient",
            object_id=recipient_id,
            detail={"removed": True},
        )


def list_recipients(actor: Actor) -> list[RecipientView]:
    """Return the tenant's recipients by channel and address."""
    authorize(actor, Action.ALERT_VIEW, object_type="alert_recipient")
    with actor.store.read(actor.tenant_id) as session:
        rows = session.scalars(
            select(AlertRecipient).order_by(AlertRecipient.channel, AlertRecipient.address)
        ).all()
        return [_recipient_view(row) for row in rows]


def set_quiet_hours(actor: Actor, start: str | None, end: str | None) -> tuple[str, str] | None:
    """Set the quiet hours (HH:MM in India), or clear them with None for both.

    Returns the stored times in HH:MM form (" 07:00 " comes back as "07:00"), or None when
    they are cleared.
    """
    if (start is None) != (end is None):
        raise InvalidInputError("Give both the start and the end of the quiet hours, or neither.")
    start_minute = parse_clock(start) if start is not None else None
    end_minute = parse_clock(end) if end is not None else None
    if start_minute is not None and start_minute == end_minute:
        raise InvalidInputError(
            f"Quiet hours from {start} to {end} are empty; give different times or clear them."
        )
    authorize(actor, Action.ALERT_CONFIGURE, object_type="alert_settings")
    quiet = None
    if start_minute is not None and end_minute is not None:
        quiet = (_clock_text(start_minute), _clock_text(end_minute))

    with actor.store.write(actor.tenant_id) as session:
        row = session.get(AlertSettings, actor.tenant_id)
        if row is None:
            row = AlertSettings(tenant_id=actor.tenant_id)
            session.add(row)
        row.quiet_start_minute = start_minute
        row.quiet_end_minute = end_minute
        record_success(
            session,
            actor,
            Action.ALERT_CONFIGURE,
            object_type="alert_settings",
            object_id=actor.tenant_id,
            detail={
                "quiet_start": quiet[0] if quiet else None,
                "quiet_end": quiet[1] if quiet else None,
            },
        )
    return quiet


def list_inbox(actor: Actor, *, unread_only: bool = False, limit: int = 100) -> list[InboxAlert]:
    """Return the newest alerts of the tenant (at most 500), newest first."""
    authorize(actor, Action.ALERT_VIEW, object_type="alert")
    limit = max(1, min(limit, MAX_INBOX))
    statement = select(Alert).order_by(Alert.created_at.desc(), Alert.id).limit(limit)
    if unread_only:
        statement = statement.where(Alert.read_at.is_(None))
    with actor.store.read(actor.tenant_id) as session:
        return [_inbox_view(row) for row in session.scalars(statement).all()]


def mark_read(actor: Actor, alert_id: str) -> InboxAlert:
    """Mark an alert read for the whole tenant; marking it again keeps the first read time."""
    authorize(actor, Action.ALERT_MARK_READ, object_type="alert", object_id=alert_id)
    with actor.store.write(actor.tenant_id) as session:
        row = session.get(Alert, alert_id)
        if row is None:
            raise NotFoundError(f"No alert {alert_id!r}; list them with `sellerops alerts inbox`.")
        if row.read_at is None:
            row.read_at = utc_now()
            row.read_by = actor.user_id
        record_success(
            session, actor, Action.ALERT_MARK_READ, object_type="alert", object_id=alert_id
        )
        return _inbox_view(row)


def list_deliveries(
    actor: Actor, *, alert_id: str | None = None, limit: int = 100
) -> list[DeliveryView]:
    """Return the delivery log: outbox messages newest first, all or those listing one alert."""
    authorize(actor, Action.ALERT_VIEW, object_type="alert_delivery", object_id=alert_id)
    limit = max(1, min(limit, MAX_INBOX))
    statement = (
        select(AlertDelivery)
        .order_by(AlertDelivery.created_at.desc(), AlertDelivery.channel, AlertDelivery.id)
        .limit(limit)
    )
    if alert_id is not None:
        statement = statement.where(
            AlertDelivery.id.in_(
                select(AlertDeliveryItem.delivery_id).where(AlertDeliveryItem.alert_id == alert_id)
            )
        )
    with actor.store.read(actor.tenant_id) as session:
        rows = session.scalars(statement).all()
        counts = dict(
            session.execute(
                select(AlertDeliveryItem.delivery_id, func.count())
                .where(AlertDeliveryItem.delivery_id.in_([row.id for row in rows]))
                .group_by(AlertDeliveryItem.delivery_id)
            ).all()
        )
        return [
            DeliveryView(
                row.id,
                row.kind,
                counts.get(row.id, 0),
                row.channel,
                row.recipient,
                row.status,
                row.attempts,
                row.next_attempt_at,
                row.sent_at,
                row.last_error,
            )
            for row in rows
        ]


def run_alerts(actor: Actor, rows: WarehouseRows, now: datetime | None = None) -> RunReport:
    """Evaluate the rules over `rows`, record new alerts, then deliver every due message.

    For jobs and the CLI. `now` defaults to the current time; tests pass a fixed clock.
    """
    now = now or utc_now()
    authorize(actor, Action.ALERT_RUN, object_type="alert")

    with actor.store.write(actor.tenant_id) as session:
        candidates = evaluate_rules(rows, now, rule_settings(session))
        raised = record_alerts(session, actor.tenant_id, candidates, now)
        record_success(
            session,
            actor,
            Action.ALERT_RUN,
            object_type="alert",
            object_id=None,
            detail={"candidates": len(candidates), "raised": len(raised)},
        )
    dispatch = dispatch_due(actor.store, actor.tenant_id, now)
    return RunReport(len(candidates), len(raised), dispatch)


def _clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _threshold(value: Decimal | str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInputError(
            f"Threshold {value!r} is not a number; give one such as 0.3 or 6."
        ) from None
    if not number.is_finite() or number < 0 or number >= Decimal("1e14"):
        raise InvalidInputError(
            f"Threshold {value!r} is out of range; give 0 or a positive number."
        )
    return number


def _recipient_view(row: AlertRecipient) -> RecipientView:
    return RecipientView(row.id, row.channel, row.address, row.label, tuple(row.kinds))


def _inbox_view(row: Alert) -> InboxAlert:
    return InboxAlert(
        row.id,
        row.kind,
        row.severity,
        row.title,
        row.body,
        row.created_at,
        row.read_at,
        dict(row.facts),
    )


def deliver_due(actor: Actor, now: datetime | None = None) -> DispatchReport:
    """Deliver the tenant's due messages (retries, and messages held for quiet hours)."""
    now = now or utc_now()
    authorize(actor, Action.ALERT_RUN, object_type="alert_delivery")
    report = dispatch_due(actor.store, actor.tenant_id, now)
    with actor.store.write(actor.tenant_id) as session:
        record_success(
            session,
            actor,
            Action.ALERT_RUN,
            object_type="alert_delivery",
            object_id=None,
            detail=asdict(report),
        )
    return report
