"""Sync cursors: how far each stream of a seller account has been synced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now


class SyncCursor(TenantScoped, Base):
    """The modified-date cursor of one stream (`shipments`, `returns`, `listings`) of an account.

    `advance_cursor` moves `cursor_at` only forward. Callers advance it after the batch
    `batch_id` that reached it is committed to the warehouse.
    """

    __tablename__ = "sync_cursors"
    __table_args__ = (UniqueConstraint("account_id", "stream"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("seller_accounts.id"))
    stream: Mapped[str] = mapped_column(String(30))
    cursor_at: Mapped[datetime] = mapped_column()
    batch_id: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
