"""The SKU master of a tenant: title, category, tax, cost and package facts of each SKU."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now
from sellerops.models.types import ExactDecimal


class Sku(TenantScoped, Base):
    """One SKU of a tenant, shared by all its seller accounts.

    `gst_rate` is in percent and `cost_price` in rupees per unit. Weight is the dead weight of
    one unit in grams, and the sizes are the packed length, breadth and height in centimetres.
    Any of them may be NULL until the seller fills them in.
    """

    __tablename__ = "skus"
    __table_args__ = (UniqueConstraint("tenant_id", "sku"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    sku: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[str | None] = mapped_column(String(64))
    hsn: Mapped[str | None] = mapped_column(String(8))
    gst_rate: Mapped[Decimal | None] = mapped_column(ExactDecimal(5, 2))
    cost_price: Mapped[Decimal | None] = mapped_column(ExactDecimal(18, 2))
    weight_g: Mapped[int | None] = mapped_column(Integer)
    length_cm: Mapped[Decimal | None] = mapped_column(ExactDecimal(8, 2))
    breadth_cm: Mapped[Decimal | None] = mapped_column(ExactDecimal(8, 2))
    height_cm: Mapped[Decimal | None] = mapped_column(ExactDecimal(8, 2))
    low_stock_threshold: Mapped[int | None] = mapped_column(Integer)
    safety_buffer: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
