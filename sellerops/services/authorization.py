"""`authorize`: check the permission matrix for an actor and audit every refusal."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import PermissionDeniedError
from sellerops.models import Tenant, User
from sellerops.security.permissions import Action, is_allowed
from sellerops.services.actor import Actor

logger = logging.getLogger("sellerops.services")


def authorize(
    actor: Actor,
    action: Action,
    *,
    object_type: str,
    object_id: str | None = None,
    tenant_id: str | None = None,
) -> str:
    """Return the actor's current role if it may perform `action` in `tenant_id`.

    `tenant_id` defaults to the actor's own tenant. A disabled or unknown user, another
    tenant, or a role without the action raises `PermissionDeniedError` after the refusal is
    appended to the audit log in its own committed transaction.
    """
    store = actor.store
    target_tenant = tenant_id or actor.tenant_id

    with store.read(actor.tenant_id) as session:
        user = session.get(User, actor.user_id)
        tenant = session.get(Tenant, actor.tenant_id)
    tenant_slug = tenant.slug if tenant is not None else actor.tenant_id

    if user is None or not user.is_active:
        reason = f"user {actor.email!r} is disabled or no longer exists in tenant {tenant_slug!r}"
        fix = f"ask an owner of tenant {tenant_slug!r} to enable the user"
    elif target_tenant != actor.tenant_id:
        reason = f"user {actor.email!r} belongs to another tenant"
        fix = "log in as a user of the tenant you want to act on"
    elif not is_allowed(user.role, action):
        reason = f"role {user.role!r} may not perform {action.value!r}"
        fix = f"ask an owner of tenant {tenant_slug!r} to do it or to change your role"
    else:
        return user.role

    _audit_denial(actor, action, object_type, object_id, reason)
    raise PermissionDeniedError(f"Permission denied: {reason}; {fix}.")


def record_success(
    session: Session,
    actor: Actor,
    action: Action,
    *,
    object_type: str,
    object_id: str | None,
    detail: dict[str, object] | None = None,
) -> None:
    """Append a succeeded `action` to the audit log inside the caller's write transaction."""
    record = _actor_record(
        actor, action, object_type, object_id, AuditResult.SUCCEEDED, detail or {}
    )
    append_entry(session, record)


def _audit_denial(
    actor: Actor, action: Action, object_type: str, object_id: str | None, reason: str
) -> None:
    logger.info(
        "Denied %s to %s on %s/%s: %s", action.value, actor.label, object_type, object_id, reason
    )
    record = _actor_record(
        actor, action, object_type, object_id, AuditResult.DENIED, {"reason": reason}
    )
    with actor.store.write(actor.tenant_id) as session:
        append_entry(session, record)


def _actor_record(
    actor: Actor,
    action: Action,
    object_type: str,
    object_id: str | None,
    result: AuditResult,
    detail: dict[str, object],
) -> AuditRecord:
    return AuditRecord(
        action=action.value,
        object_type=object_type,
        object_id=object_id,
        result=result,
        actor_label=actor.label,
        actor_id=actor.user_id,
        tenant_id=actor.tenant_id,
        detail=detail,
    )
