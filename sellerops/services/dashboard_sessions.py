"""Dashboard sessions in the operational store: start, resume, end, and end all of a user's.

The browser keeps a random token and the store keeps only its SHA-256, so a copy of the
database cannot be used to log in. A session ends at logout, after `idle_timeout` without
activity, and when its user is disabled or changes the password. Every resume reads the
user's role again, so a role change applies at the user's next request.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import SessionEndedError
from sellerops.models import DashboardSession, Tenant, User, utc_now
from sellerops.security.permissions import Action, Role
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize
from sellerops.store import Store

logger = logging.getLogger("sellerops.services")

# Random bytes per token; `secrets.token_urlsafe(32)` encodes them as 43 URL-safe characters.
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
# `last_seen_at` is written at most once per interval, so that each click does not write a row.
# Idle time counts from the stored value, so a session can expire up to one interval before
# the idle timeout measured from the user's last click.
TOUCH_INTERVAL = timedelta(minutes=1)


class RevokeReason(StrEnum):
    """The reason a dashboard session ended, stored in `dashboard_sessions.revoke_reason`."""

    LOGOUT = "logout"
    IDLE_TIMEOUT = "idle timeout"
    USER_DISABLED = "user disabled"
    PASSWORD_CHANGED = "password changed"  # noqa: S105 (a reason, not a password)


@dataclass(frozen=True)
class ActiveSession:
    """A live dashboard session: the user, the role read from the store now, and the tenant."""

    session_id: str
    actor: Actor
    role: Role
    tenant_slug: str
    last_seen_at: datetime


@dataclass(frozen=True)
class StartedSession:
    """A new session and its token, which the caller hands to the browser and never stores."""

    session: ActiveSession
    token: str = field(repr=False)


def hash_token(token: str) -> str:
    """Return the hex SHA-256 of `token`, the only form in which the store keeps it."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def start_session(
    actor: Actor, idle_timeout: timedelta, *, now: Callable[[], datetime] = utc_now
) -> StartedSession:
    """Start a dashboard session for `actor`, who has just logged in, and return its token.

    The user's ended sessions (revoked, or idle longer than `idle_timeout`) are deleted first,
    so that rows of old logins do not pile up.
    """
    # Every role may view its tenant, so this returns the role or rejects a disabled user.
    role = authorize(actor, Action.TENANT_VIEW, object_type="tenant", object_id=actor.tenant_id)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    moment = now()

    with actor.store.write(actor.tenant_id) as session:
        cleared = _delete_ended(session, actor.user_id, moment - idle_timeout)
        row = DashboardSession(
            tenant_id=actor.tenant_id,
            user_id=actor.user_id,
            token_hash=hash_token(token),
            created_at=moment,
            last_seen_at=moment,
        )
        session.add(row)
        session.flush()
        tenant_slug = _tenant_slug(session, actor.tenant_id)

    logger.info(
        "Started dashboard session %s of %s in tenant %s (%d ended sessions deleted)",
        row.id,
        actor.label,
        tenant_slug,
        cleared,
    )
    active = ActiveSession(row.id, actor, Role(role), tenant_slug, moment)
    return StartedSession(session=active, token=token)


def resume_session(
    store: Store, token: str, idle_timeout: timedelta, *, now: Callable[[], datetime] = utc_now
) -> ActiveSession:
    """Return the live session of `token` with its user's current role; count it as activity.

    Raises `SessionEndedError` when the token is malformed or unknown, the session was
    revoked, it was idle longer than `idle_timeout`, or its user is disabled or deleted. The
    last two cases revoke the session first.
    """
    token_hash = _checked_hash(token)
    tenant_id = _tenant_of_token(store, token_hash)
    moment = now()

    with store.read(tenant_id) as session:
        row = _session_by_hash(session, token_hash)
        user = session.get(User, row.user_id) if row is not None else None
        tenant_slug = _tenant_slug(session, tenant_id)

    if row is None:
        raise _unknown_session()
    if row.revoked_at is not None:
        raise _revoked(row.revoke_reason)
    if moment - row.last_seen_at > idle_timeout:
        _revoke(store, tenant_id, row.id, RevokeReason.IDLE_TIMEOUT, moment)
        minutes = int(idle_timeout.total_seconds() // 60)
        raise SessionEndedError(
            f"Your session ended after {minutes} minutes without activity; log in again."
        )
    if user is None or not user.is_active:
        _revoke(store, tenant_id, row.id, RevokeReason.USER_DISABLED, moment)
        raise _revoked(RevokeReason.USER_DISABLED)

    last_seen = row.last_seen_at
    if moment - last_seen >= TOUCH_INTERVAL:
        _touch(store, tenant_id, row.id, moment)
        last_seen = moment

    actor = Actor(store=store, user_id=user.id, tenant_id=tenant_id, email=user.email)
    return ActiveSession(row.id, actor, Role(user.role), tenant_slug, last_seen)


def end_session(store: Store, token: str, *, now: Callable[[], datetime] = utc_now) -> None:
    """Revoke the session of `token` at logout and audit the logout.

    A malformed, unknown or already revoked token is ignored: the user is logged out either way.
    """
    if not TOKEN_PATTERN.match(token):
        return
    token_hash = hash_token(token)
    try:
        tenant_id = _tenant_of_token(store, token_hash)
    except SessionEndedError:
        return
    moment = now()

    with store.write(tenant_id) as session:
        row = _session_by_hash(session, token_hash)
        if row is None or row.revoked_at is not None:
            return
        row.revoked_at = moment
        row.revoke_reason = RevokeReason.LOGOUT.value
        user = session.get(User, row.user_id)
        email = user.email if user is not None else row.user_id
        _audit_logout(session, tenant_id, row, email)
    logger.info("Ended dashboard session %s of user:%s at logout", row.id, email)


def end_user_sessions(
    session: Session, user_id: str, reason: RevokeReason, moment: datetime
) -> int:
    """Revoke every live session of `user_id` inside the caller's write transaction.

    Returns how many sessions were revoked.
    """
    result = session.execute(
        update(DashboardSession)
        .where(DashboardSession.user_id == user_id, DashboardSession.revoked_at.is_(None))
        .values(revoked_at=moment, revoke_reason=reason.value)
        .execution_options(synchronize_session=False)
    )
    ended = result.rowcount or 0
    if ended:
        logger.info("Ended %d dashboard sessions of user %s: %s", ended, user_id, reason.value)
    return ended


def _checked_hash(token: str) -> str:
    if not TOKEN_PATTERN.match(token):
        raise _unknown_session()
    return hash_token(token)


def _tenant_of_token(store: Store, token_hash: str) -> str:
    """Find the tenant of a session by its token hash, before any tenant is known.

    The hash of a 256-bit random token is unique across tenants, so this unscoped read is
    the login step itself, like `find_tenant_id` for the login form. It reads one column only.
    """
    with store.operator_read() as session:
        tenant_id = session.scalars(
            select(DashboardSession.tenant_id).where(DashboardSession.token_hash == token_hash)
        ).one_or_none()
    if tenant_id is None:
        raise _unknown_session()
    return tenant_id


def _session_by_hash(session: Session, token_hash: str) -> DashboardSession | None:
    statement = select(DashboardSession).where(DashboardSession.token_hash == token_hash)
    return session.scalars(statement).one_or_none()


def _tenant_slug(session: Session, tenant_id: str) -> str:
    tenant = session.get(Tenant, tenant_id)
    return tenant.slug if tenant is not None else tenant_id


def _touch(store: Store, tenant_id: str, session_id: str, moment: datetime) -> None:
    """Record activity; raises `SessionEndedError` if the session was revoked meanwhile."""
    with store.write(tenant_id) as session:
        result = session.execute(
            update(DashboardSession)
            .where(DashboardSession.id == session_id, DashboardSession.revoked_at.is_(None))
            .values(last_seen_at=moment)
            .execution_options(synchronize_session=False)
        )
        touched = result.rowcount or 0
    if not touched:
        raise _unknown_session()


def _revoke(
    store: Store, tenant_id: str, session_id: str, reason: RevokeReason, moment: datetime
) -> None:
    with store.write(tenant_id) as session:
        session.execute(
            update(DashboardSession)
            .where(DashboardSession.id == session_id, DashboardSession.revoked_at.is_(None))
            .values(revoked_at=moment, revoke_reason=reason.value)
            .execution_options(synchronize_session=False)
        )
    logger.info("Ended dashboard session %s: %s", session_id, reason.value)


def _delete_ended(session: Session, user_id: str, idle_since: datetime) -> int:
    result = session.execute(
        delete(DashboardSession)
        .where(
            DashboardSession.user_id == user_id,
            or_(
                DashboardSession.revoked_at.is_not(None),
                DashboardSession.last_seen_at < idle_since,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _audit_logout(session: Session, tenant_id: str, row: DashboardSession, email: str) -> None:
    append_entry(
        session,
        AuditRecord(
            action="user.logout",
            object_type="user",
            object_id=row.user_id,
            result=AuditResult.SUCCEEDED,
            actor_label=f"user:{email}",
            actor_id=row.user_id,
            tenant_id=tenant_id,
            detail={"session_id": row.id},
        ),
    )


def _unknown_session() -> SessionEndedError:
    return SessionEndedError("Your session is no longer valid; log in again.")


def _revoked(reason: str | None) -> SessionEndedError:
    causes = {
        RevokeReason.LOGOUT.value: "you logged out",
        RevokeReason.IDLE_TIMEOUT.value: "it was idle too long",
        RevokeReason.USER_DISABLED.value: "your user is disabled",
        RevokeReason.PASSWORD_CHANGED.value: "your password was changed",
    }
    cause = causes.get(reason or "", "it was revoked")
    return SessionEndedError(f"Your session ended because {cause}; log in again.")
