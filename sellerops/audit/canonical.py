"""The canonical form of an audit entry and its HMAC-SHA256 chain hash."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def canonical_json(value: Any) -> str:
    """Return `value` as JSON with sorted keys and no spaces, so equal data gives equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_time(moment: datetime) -> str:
    """Return `moment` in UTC as ISO 8601 with microseconds (what both databases keep)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class EntryContent:
    """Every hashed field of an audit entry except the hash itself."""

    sequence: int
    created_at: datetime
    tenant_id: str | None
    actor_id: str | None
    actor_label: str
    action: str
    object_type: str
    object_id: str | None
    result: str
    detail_json: str
    prev_hash: str

    @classmethod
    def of(cls, entry: Any, *, sequence: int | None = None) -> EntryContent:
        """Read the fields of `entry` (a row or model); `sequence` overrides its own."""
        return cls(
            sequence=entry.sequence if sequence is None else sequence,
            created_at=entry.created_at,
            tenant_id=entry.tenant_id,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            result=entry.result,
            detail_json=entry.detail_json,
            prev_hash=entry.prev_hash,
        )

    def digest(self, key: bytes) -> str:
        """Return the hex HMAC-SHA256, keyed with the audit key, of the canonical JSON of these
        fields."""
        document = {
            "sequence": self.sequence,
            "created_at": canonical_time(self.created_at),
            "tenant_id": self.tenant_id,
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "result": self.result,
            "detail": self.detail_json,
            "prev_hash": self.prev_hash,
        }
        message = canonical_json(document).encode("utf-8")
        return hmac.new(key, message, hashlib.sha256).hexdigest()
