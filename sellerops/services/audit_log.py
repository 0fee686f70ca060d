"""Reading the audit log of the actor's tenant (verification is the operator's job)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from sellerops.models import AuditEntry
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize

MAX_ENTRIES = 1000


@dataclass(frozen=True)
class AuditEntryView:
    """One audit entry as services return it."""

    sequence: int
    created_at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str | None
    result: str
    detail: dict[str, Any]


def list_audit_entries(actor: Actor, *, limit: int = 100) -> list[AuditEntryView]:
    """Return the newest `limit` entries (at most 1000) of the actor's tenant, newest first."""
    authorize(actor, Action.AUDIT_READ, object_type="audit_log")
    limit = max(1, min(limit, MAX_ENTRIES))
    with actor.store.read(actor.tenant_id) as session:
        statement = select(AuditEntry).order_by(AuditEntry.sequence.desc()).limit(limit)
        return [
            AuditEntryView(
                sequence=entry.sequence,
                created_at=entry.created_at,
                actor_label=entry.actor_label,
                action=entry.action,
                object_type=entry.object_type,
                object_id=entry.object_id,
                result=entry.result,
                detail=json.loads(entry.detail_json),
            )
            for entry in session.scalars(statement).all()
        ]
