"""The audit log: hash-chained entries and the chain head row that serializes appends."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sellerops.models.base import ID_LENGTH, Base, TenantScoped

GENESIS_HASH = "0" * 64
CHAIN_HEAD_ID = 1


class AuditEntry(TenantScoped, Base):
    """One audited event: who (`actor_*`) did what (`action`) to which object, with what result.

    `hash` is HMAC-SHA256, keyed with the audit key, over the canonical JSON of the other
    columns, including `prev_hash`, the hash of the entry before it (see
    `sellerops.audit.canonical`). `tenant_id` is NULL for
    actions of the install's operator that concern no tenant.
    """

    __tablename__ = "audit_entries"

    sequence: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    tenant_id: Mapped[str | None] = mapped_column(  # type: ignore[assignment]
        String(ID_LENGTH), ForeignKey("tenants.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column()
    actor_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    actor_label: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(String(20))
    detail_json: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The single row (`id` = 1) holding the last sequence number and hash of the chain.

    `key_encrypted` is the audit HMAC key, encrypted under the secret key (NULL until the first
    entry). `head_mac` is the HMAC of `last_sequence` and `last_hash`, so that moving the head
    without the key is detected.

    Appenders lock this row (SELECT ... FOR UPDATE on PostgreSQL; SQLite transactions take the
    database write lock at BEGIN IMMEDIATE), so two processes never write the same sequence.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_sequence: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
    key_encrypted: Mapped[str | None] = mapped_column(Text)
    head_mac: Mapped[str | None] = mapped_column(String(64))
