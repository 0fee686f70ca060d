"""Push notifications received from Flipkart, one row per distinct event of an account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now


class WebhookEvent(TenantScoped, Base):
    """One notification as the receiver accepted it.

    Flipkart's envelope has no event id, so `event_key` is the SHA-256 of the envelope's
    canonical JSON: a redelivery of the same event finds the row of the first delivery.
    `entity_id` is the envelope's `shipmentId` or `returnId`. `is_actionable` is False for
    types the sync does not act on; such rows are stored as already processed.
    `processed_at` is set once a sync run covering the event has been requested
    (`sync_run_key` names that run).
    """

    __tablename__ = "webhook_events"
    __table_args__ = (
        UniqueConstraint("account_id", "event_key"),
        Index("ix_webhook_events_pending", "processed_at", "received_at"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("seller_accounts.id"))
    event_key: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(100))
    location_id: Mapped[str | None] = mapped_column(String(64))
    event_at: Mapped[datetime | None] = mapped_column()
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    is_actionable: Mapped[bool] = mapped_column(Boolean)
    received_at: Mapped[datetime] = mapped_column(default=utc_now)
    processed_at: Mapped[datetime | None] = mapped_column()
    sync_run_key: Mapped[str | None] = mapped_column(String(64))
