"""Orders counted against a plan's monthly order limit, one row per seller-account order."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now


class OrderUsage(TenantScoped, Base):
    """One Flipkart order of a seller account, counted in the month (`YYYY-MM`, IST) of its date."""

    __tablename__ = "order_usage"
    __table_args__ = (UniqueConstraint("account_id", "order_id"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("seller_accounts.id"), index=True
    )
    order_id: Mapped[str] = mapped_column(String(64))
    month: Mapped[str] = mapped_column(String(7), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
