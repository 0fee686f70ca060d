"""Append entries to the hash chain, serialized so that concurrent writers never fork it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.audit.canonical import EntryContent, canonical_json
from sellerops.audit.keys import audit_key_for_append, head_mac
from sellerops.audit.records import AuditRecord
from sellerops.models import CHAIN_HEAD_ID, AuditChainHead, AuditEntry, utc_now

logger = logging.getLogger("sellerops.audit")


def append_entry(
    session: Session, record: AuditRecord, *, now: Callable[[], datetime] = utc_now
) -> AuditEntry:
    """Add `record` as the next entry of the chain in the session's transaction.

    The caller's transaction must be a writing one (`Store.write` or `Store.operator_write`):
    on SQLite it holds the database write lock from BEGIN IMMEDIATE, and on PostgreSQL the
    chain head row is locked here with SELECT ... FOR UPDATE until the transaction ends.
    """
    head = session.scalars(
        select(AuditChainHead).where(AuditChainHead.id == CHAIN_HEAD_ID).with_for_update()
    ).one()

    entry = AuditEntry(
        sequence=head.last_sequence + 1,
        created_at=now(),
        tenant_id=record.tenant_id,
        actor_id=record.actor_id,
        actor_label=record.actor_label,
        action=record.action,
        object_type=record.object_type,
        object_id=record.object_id,
        result=str(record.result),
        detail_json=canonical_json(record.detail),
        prev_hash=head.last_hash,
    )
    key = audit_key_for_append(session, head)
    entry.hash = EntryContent.of(entry).digest(key)

    session.add(entry)
    head.last_sequence = entry.sequence
    head.last_hash = entry.hash
    head.head_mac = head_mac(key, entry.sequence, entry.hash)
    session.flush()

    logger.info(
        "audit #%d: %s %s %s/%s %s",
        entry.sequence,
        record.actor_label,
        record.action,
        record.object_type,
        record.object_id or "-",
        entry.result,
    )
    return entry
