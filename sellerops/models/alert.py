"""Alerts: per-tenant rules, recipients, channels and quiet hours; the inbox, outbox and log."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
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
from sellerops.models.types import ExactDecimal

# Column lengths shared with the services that fill them.
KIND_LENGTH = 30
CHANNEL_LENGTH = 20
ADDRESS_LENGTH = 320
CONDITION_KEY_LENGTH = 300
TITLE_LENGTH = 200


class AlertSettings(TenantScoped, Base):
    """A tenant's quiet hours, as minutes after midnight in `time_zone`.

    Deliveries that fall due between `quiet_start_minute` and `quiet_end_minute` wait until the
    quiet hours end; a start after the end spans midnight. Both NULL means no quiet hours.
    """

    __tablename__ = "alert_settings"
    __table_args__ = (PrimaryKeyConstraint("tenant_id"),)

    quiet_start_minute: Mapped[int | None] = mapped_column(Integer)
    quiet_end_minute: Mapped[int | None] = mapped_column(Integer)
    time_zone: Mapped[str] = mapped_column(String(50), default="Asia/Kolkata")
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class AlertRule(TenantScoped, Base):
    """A tenant's setting of one alert kind; a kind without a row uses its defaults.

    `threshold` is in the kind's unit (hours, units, a rate or rupees); NULL keeps the default.
    """

    __tablename__ = "alert_rules"
    __table_args__ = (PrimaryKeyConstraint("tenant_id", "kind"),)

    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    threshold: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 4))
    window_hours: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class AlertRecipient(TenantScoped, Base):
    """A person who receives alerts on one channel: an email address or a WhatsApp number.

    `kinds` lists the alert kinds sent to this recipient; an empty list means every kind.
    """

    __tablename__ = "alert_recipients"
    __table_args__ = (UniqueConstraint("tenant_id", "channel", "address"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(CHANNEL_LENGTH))
    address: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    label: Mapped[str] = mapped_column(String(100), default="")
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class AlertChannel(TenantScoped, Base):
    """A tenant's settings of one delivery channel (`email` or `whatsapp`).

    `settings` holds the non-secret fields (SMTP host, port and sender; WhatsApp base URL,
    phone number id and template). `secret_encrypted` is the Fernet token of the SMTP password
    or the WhatsApp access token (see `sellerops.security.secrets`).
    """

    __tablename__ = "alert_channels"
    __table_args__ = (PrimaryKeyConstraint("tenant_id", "channel"),)

    channel: Mapped[str] = mapped_column(String(CHANNEL_LENGTH))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    secret_encrypted: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class Alert(TenantScoped, Base):
    """One alert raised for a condition in one window; the in-app inbox lists these rows.

    The unique key on (tenant, `condition_key`, `window_start`) raises each condition once per
    window, however often the rules run.
    """

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "condition_key", "window_start"),
        Index("ix_alerts_tenant_created", "tenant_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))
    condition_key: Mapped[str] = mapped_column(String(CONDITION_KEY_LENGTH))
    window_start: Mapped[datetime] = mapped_column()
    severity: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    read_at: Mapped[datetime | None] = mapped_column()
    read_by: Mapped[str | None] = mapped_column(String(ID_LENGTH))


class AlertDelivery(TenantScoped, Base):
    """The outbox: one message to one recipient on one channel.

    A message carries the alerts of one kind that one evaluation raised, listed in
    `AlertDeliveryItem`, so a backlog of 44 late shipments is one message, not 44.
    `status` is pending, sent or failed. A pending row is due at `next_attempt_at`; the
    dispatcher claims it by moving that time forward, so two dispatchers never send it twice
    in the same lease.
    """

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "kind", "channel", "recipient"),
        Index("ix_alert_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    evaluation_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))
    channel: Mapped[str] = mapped_column(String(CHANNEL_LENGTH))
    recipient: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class AlertDeliveryItem(TenantScoped, Base):
    """One alert listed in an outbox message."""

    __tablename__ = "alert_delivery_items"
    __table_args__ = (PrimaryKeyConstraint("delivery_id", "alert_id"),)

    delivery_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("alert_deliveries.id"))
    alert_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("alerts.id"), index=True)


class AlertDeliveryAttempt(TenantScoped, Base):
    """The delivery log: one attempt, or one hold for quiet hours, of an outbox row."""

    __tablename__ = "alert_delivery_attempts"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    delivery_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("alert_deliveries.id"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str | None] = mapped_column(Text)
    attempted_at: Mapped[datetime] = mapped_column()
