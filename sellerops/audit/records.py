"""Input of the audit log: the actor, action, object and result of one event."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class AuditResult(StrEnum):
    """Outcome of an audited action."""

    SUCCEEDED = "succeeded"
    DENIED = "denied"
    FAILED = "failed"


@dataclass(frozen=True)
class AuditRecord:
    """One event to append; `detail` must be JSON-serializable and hold no secret."""

    action: str
    object_type: str
    object_id: str | None
    result: AuditResult
    actor_label: str
    actor_id: str | None = None
    tenant_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
