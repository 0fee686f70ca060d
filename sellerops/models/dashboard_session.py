"""Dashboard logins kept in the store, so that a browser reload keeps the user logged in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped, new_id, utc_now

# Hex length of a SHA-256 digest.
TOKEN_HASH_LENGTH = 64
REVOKE_REASON_LENGTH = 20


class DashboardSession(TenantScoped, Base):
    """One login of a user to the dashboard, found by the SHA-256 of the browser's token.

    The token itself is never stored. `last_seen_at` is the last request counted as activity,
    and the session is idle past the timeout when it is older than that. `revoked_at` is set
    when the session ends (logout, idle timeout, user disabled, password changed), with the
    reason in `revoke_reason`.
    """

    __tablename__ = "dashboard_sessions"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(TOKEN_HASH_LENGTH))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoke_reason: Mapped[str | None] = mapped_column(String(REVOKE_REASON_LENGTH))
