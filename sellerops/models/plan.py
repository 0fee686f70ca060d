"""Subscription plans: the limits a hosted tenant may use (NULL means unlimited)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, new_id, utc_now

UNLIMITED_PLAN = "unlimited"


class Plan(Base):
    """A named set of limits; `init` creates the `unlimited` plan used by local installs."""

    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    max_accounts: Mapped[int | None] = mapped_column(Integer)
    max_users: Mapped[int | None] = mapped_column(Integer)
    max_orders_per_month: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
