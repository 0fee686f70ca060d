"""Tenants: one seller business, with its users, seller accounts and plan."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sellerops.models.base import ID_LENGTH, Base, new_id, utc_now
from sellerops.models.plan import Plan


class Tenant(Base):
    """A seller business; `slug` is the short name used on the command line."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    plan_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("plans.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    plan: Mapped[Plan] = relationship(lazy="joined")
