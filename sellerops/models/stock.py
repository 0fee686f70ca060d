"""The stock ledger: movements, the levels derived from them, and pushes of stock to Flipkart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
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

# Column lengths shared by the three tables; `sku` matches `skus.sku`.
SKU_LENGTH = 100
LOCATION_LENGTH = 64
SOURCE_KEY_LENGTH = 200


class StockMovement(TenantScoped, Base):
    """One change of a SKU's stock at one location; the ledger is append-only.

    `source_key` names the event that caused the movement (an order item's reservation, a
    receipt reference, a count), and the unique key on it makes each event move stock once.
    """

    __tablename__ = "stock_movements"
    __table_args__ = (
        UniqueConstraint("tenant_id", "source_key"),
        Index("ix_stock_movements_tenant_sku_location", "tenant_id", "sku", "location_id"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    sku: Mapped[str] = mapped_column(String(SKU_LENGTH))
    location_id: Mapped[str] = mapped_column(String(LOCATION_LENGTH))
    kind: Mapped[str] = mapped_column(String(20))
    on_hand_delta: Mapped[int] = mapped_column(Integer, default=0)
    reserved_delta: Mapped[int] = mapped_column(Integer, default=0)
    damaged_delta: Mapped[int] = mapped_column(Integer, default=0)
    source_key: Mapped[str] = mapped_column(String(SOURCE_KEY_LENGTH))
    reason: Mapped[str | None] = mapped_column(Text)
    actor_label: Mapped[str] = mapped_column(String(300))
    occurred_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class StockLevel(TenantScoped, Base):
    """On hand, reserved and damaged units of a SKU at a location: the sums of its movements.

    Sellable (available) stock is `on_hand - reserved`; damaged units are kept apart.
    """

    __tablename__ = "stock_levels"
    __table_args__ = (PrimaryKeyConstraint("tenant_id", "sku", "location_id"),)

    sku: Mapped[str] = mapped_column(String(SKU_LENGTH))
    location_id: Mapped[str] = mapped_column(String(LOCATION_LENGTH))
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    damaged: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)


class StockPush(TenantScoped, Base):
    """One attempt to set a SKU's listed inventory on Flipkart, with its outcome."""

    __tablename__ = "stock_pushes"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("seller_accounts.id"))
    sku: Mapped[str] = mapped_column(String(SKU_LENGTH))
    location_id: Mapped[str] = mapped_column(String(LOCATION_LENGTH))
    pushed_quantity: Mapped[int] = mapped_column(Integer)
    available: Mapped[int] = mapped_column(Integer)
    safety_buffer: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    error: Mapped[str | None] = mapped_column(Text)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    pushed_at: Mapped[datetime] = mapped_column(default=utc_now)
