"""Login with Argon2id verification and lockout after repeated failures; password changes."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import LoginError
from sellerops.models import User, utc_now
from sellerops.security.lockout import LockoutPolicy, is_locked, record_failure
from sellerops.security.passwords import (
    check_password_strength,
    hash_password,
    make_hasher,
    needs_rehash,
    verify_password,
)
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor, find_tenant_id
from sellerops.services.authorization import authorize, record_success
from sellerops.settings import PasswordHashing
from sellerops.store import Store

logger = logging.getLogger("sellerops.services")

# Verified when the email is unknown, so that a wrong email costs about as much time as a wrong
# password and response times do not reveal which users exist.
_DUMMY_PASSWORD = "dummy password for timing"  # noqa: S105


def login(
    store: Store,
    tenant_slug: str,
    email: str,
    password: str,
    *,
    now: Callable[[], datetime] = utc_now,
) -> Actor:
    """Return the actor for `email` in `tenant_slug` if `password` matches.

    Raises `LoginError` for a wrong email or password, a disabled user, or a user locked
    after `max_failed_logins` consecutive failures (until `lockout` has passed). Every
    attempt is audited.
    """
    tenant_id = find_tenant_id(store, tenant_slug)
    normalized = email.strip().lower()
    policy = LockoutPolicy(store.settings.max_failed_logins, store.settings.lockout)
    moment = now()

    with store.write(tenant_id) as session:
        user = session.scalars(select(User).where(User.email == normalized)).one_or_none()
        if user is None:
            verify_password(store.hasher, _dummy_hash(store.settings.password_hashing), password)
            _audit(session, tenant_id, None, normalized, AuditResult.FAILED, "unknown email")
            failure = _wrong_credentials(normalized, tenant_slug, policy)
        elif not user.is_active:
            _audit(session, tenant_id, user.id, normalized, AuditResult.DENIED, "user disabled")
            failure = LoginError(
                f"User {normalized!r} is disabled in tenant {tenant_slug!r}; ask an owner to run "
                f"`sellerops user enable {normalized}`."
            )
        elif is_locked(user.locked_until, moment):
            _audit(session, tenant_id, user.id, normalized, AuditResult.DENIED, "user locked")
            failure = _locked(normalized, user.locked_until, policy)
        elif not verify_password(store.hasher, user.password_hash, password):
            outcome = record_failure(user.failed_logins, policy, moment)
            user.failed_logins = outcome.failed_logins
            user.locked_until = outcome.locked_until
            reason = "wrong password, user locked" if outcome.locked else "wrong password"
            _audit(session, tenant_id, user.id, normalized, AuditResult.FAILED, reason)
            if outcome.locked:
                failure = _locked(normalized, outcome.locked_until, policy)
            else:
                failure = _wrong_credentials(normalized, tenant_slug, policy)
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = moment
            if needs_rehash(store.hasher, user.password_hash):
                user.password_hash = hash_password(store.hasher, password)
            _audit(session, tenant_id, user.id, normalized, AuditResult.SUCCEEDED, "")
            return Actor(store=store, user_id=user.id, tenant_id=tenant_id, email=normalized)

    # Raised after the block so that the failure counters and the audit entry are committed.
    raise failure


def change_own_password(actor: Actor, current_password: str, new_password: str) -> None:
    """Replace the actor's password after checking the current one."""
    authorize(actor, Action.USER_CHANGE_OWN_PASSWORD, object_type="user", object_id=actor.user_id)
    check_password_strength(new_password)
    store = actor.store

    with store.write(actor.tenant_id) as session:
        user = session.get_one(User, actor.user_id)
        if not verify_password(store.hasher, user.password_hash, current_password):
            raise LoginError(
                f"The current password of {actor.email!r} is wrong; enter it again to change it."
            )
        user.password_hash = hash_password(store.hasher, new_password)
        record_success(
            session, actor, Action.USER_CHANGE_OWN_PASSWORD, object_type="user", object_id=user.id
        )


def _wrong_credentials(email: str, tenant_slug: str, policy: LockoutPolicy) -> LoginError:
    return LoginError(
        f"Login failed for {email!r} in tenant {tenant_slug!r}: wrong email or password; check "
        f"both (the user is locked after {policy.max_failures} failures in a row)."
    )


def _locked(email: str, locked_until: datetime | None, policy: LockoutPolicy) -> LoginError:
    until = locked_until.isoformat(timespec="seconds") if locked_until else "later"
    minutes = int(policy.duration.total_seconds() // 60)
    return LoginError(
        f"User {email!r} is locked until {until} after {policy.max_failures} failed logins; "
        f"try again after that ({minutes} minutes) or ask an owner to run "
        f"`sellerops user enable {email}`."
    )


def _audit(
    session: Session,
    tenant_id: str,
    user_id: str | None,
    email: str,
    result: AuditResult,
    reason: str,
) -> None:
    detail = {"reason": reason} if reason else {}
    append_entry(
        session,
        AuditRecord(
            action="user.login",
            object_type="user",
            object_id=user_id or email,
            result=result,
            actor_label=f"user:{email}",
            actor_id=user_id,
            tenant_id=tenant_id,
            detail=detail,
        ),
    )
    if result != AuditResult.SUCCEEDED:
        logger.info("Login %s for %s: %s", result.value, email, reason)


@functools.lru_cache(maxsize=4)
def _dummy_hash(params: PasswordHashing) -> str:
    return hash_password(make_hasher(params), _DUMMY_PASSWORD)
