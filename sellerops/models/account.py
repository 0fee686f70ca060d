"""Flipkart seller accounts: an app's credentials, token cache, locations and GST identity."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now


class SellerAccount(TenantScoped, Base):
    """One Flipkart seller account of a tenant.

    `app_secret_encrypted` and `token_encrypted` are Fernet tokens (see
    `sellerops.security.secrets`); nothing outside the client factory decrypts them.
    `base_url` is set only for the `local` environment (this project's sandbox server).
    `tier` (such as GOLD or SILVER) and `fulfilment` (NON_FBF or FBF) select the fixed fees of
    Flipkart's rate card.
    """

    __tablename__ = "seller_accounts"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    environment: Mapped[str] = mapped_column(String(20))
    base_url: Mapped[str | None] = mapped_column(String(300))
    app_id: Mapped[str] = mapped_column(String(200))
    app_secret_encrypted: Mapped[str] = mapped_column(Text)
    token_encrypted: Mapped[str | None] = mapped_column(Text)
    location_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    gstin: Mapped[str] = mapped_column(String(15))
    state_code: Mapped[str] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(100))
    tier: Mapped[str] = mapped_column(String(20), default="GOLD", server_default="GOLD")
    fulfilment: Mapped[str] = mapped_column(String(10), default="NON_FBF", server_default="NON_FBF")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
