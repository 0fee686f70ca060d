"""Warehouse locations of a seller account, with the city, pincode and GST state of each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now


class SellerLocation(TenantScoped, Base):
    """One Flipkart location (`LOC...`) of a seller account.

    The warehouse compares the location's city with the delivery city to find an order's
    shipping zone (local, zonal or national).
    """

    __tablename__ = "seller_locations"
    __table_args__ = (UniqueConstraint("account_id", "location_id"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("seller_accounts.id"))
    location_id: Mapped[str] = mapped_column(String(64))
    city: Mapped[str] = mapped_column(String(100))
    pincode: Mapped[str] = mapped_column(String(6))
    state_code: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
