"""Login with Argon2id verification and lockout after repeated failures; password changes."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import LoginError
from sellerops.models import User, utc_now
from sellerops.security.lockout import LockoutPolicy, is_locked, record_failure
from sellerops.security.passwords import (
    MAX_PASSWORD_LENGTH,
    check_password_strength,
    hash_password,
    make_hasher,
    needs_rehash,
    verify_password,
)
from sellerops.security.permissions import Action
from sellerops.security.text_input import has_control_characters
from sellerops.services.actor import Actor, find_tenant_id
from sellerops.services.authorization import authorize, record_success
from sellerops.services.dashboard_sessions import RevokeReason, end_user_sessions
from sellerops.services.locks import lock_user, lock_user_by_email
from sellerops.services.users import MAX_EMAIL_LENGTH
from sellerops.settings import PasswordHashing
from sellerops.store import Store

logger = logging.getLogger("sellerops.services")

# Verified when the email is unknown, so that a wrong email costs about as much time as a wrong
# password and response times do not reveal which users exist.
_DUMMY_PASSWORD = "dummy password for timing"  # noqa: S105

# Length of `audit_entries.object_id`; an unknown email of up to 254 characters is cut to it.
MAX_OBJECT_ID_LENGTH = 200


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
    attempt is audited. The password is checked first, and every wrong password gets the
    same message after one Argon2 verification, so neither the message nor the time
    distinguishes an unknown, disabled or locked user from a wrong password.
    """
    tenant_id = find_tenant_id(store, tenant_slug)
    normalized = email.strip().lower()
    usable_email = _is_usable_email(normalized)
    label = normalized if usable_email else f"<invalid email of {len(email)} characters>"
    policy = LockoutPolicy(store.settings.max_failed_logins, store.settings.lockout)
    moment = now()

    with store.write(tenant_id) as session:
        # The row lock makes concurrent failures of one user count one after another.
        user = lock_user_by_email(session, normalized) if usable_email else None
        password_matches = _check_password(store, user, password)
        wrong = _wrong_credentials(label, tenant_slug, policy)

        if user is None:
            _audit(session, tenant_id, None, label, AuditResult.FAILED, "unknown email")
            failure = wrong
        elif not password_matches:
            reason = _record_wrong_password(user, policy, moment)
            _audit(session, tenant_id, user.id, normalized, AuditResult.FAILED, reason)
            failure = wrong
        elif not user.is_active:
            _audit(session, tenant_id, user.id, normalized, AuditResult.DENIED, "user disabled")
            failure = LoginError(
                f"User {normalized!r} is disabled in tenant {tenant_slug!r}; ask an owner to run "
                f"`sellerops user enable {normalized}`."
            )
        elif is_locked(user.locked_until, moment):
            _audit(session, tenant_id, user.id, normalized, AuditResult.DENIED, "user locked")
            failure = _locked(normalized, user.locked_until, policy)
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


def _is_usable_email(normalized: str) -> bool:
    return len(normalized) <= MAX_EMAIL_LENGTH and not has_control_characters(normalized)


def _check_password(store: Store, user: User | None, password: str) -> bool:
    """Run exactly one Argon2 verification, against the dummy hash if there is nothing to check.

    A password longer than `MAX_PASSWORD_LENGTH` is never hashed: the dummy password is
    verified in its place, so a huge password costs the same as any other and never matches.
    """
    dummy = _dummy_hash(store.settings.password_hashing)
    if len(password) > MAX_PASSWORD_LENGTH:
        verify_password(store.hasher, dummy, _DUMMY_PASSWORD)
        return False
    if user is None:
        verify_password(store.hasher, dummy, password)
        return False
    return verify_password(store.hasher, user.password_hash, password)


def _record_wrong_password(user: User, policy: LockoutPolicy, moment: datetime) -> str:
    """Count a wrong password of an active, unlocked user; return the audit reason."""
    if not user.is_active:
        return "wrong password, user disabled"
    if is_locked(user.locked_until, moment):
        return "wrong password, user locked"

    outcome = record_failure(user.failed_logins, policy, moment)
    user.failed_logins = outcome.failed_logins
    user.locked_until = outcome.locked_until
    return "wrong password, user locked" if outcome.locked else "wrong password"


def change_own_password(
    actor: Actor,
    current_password: str,
    new_password: str,
    *,
    now: Callable[[], datetime] = utc_now,
) -> None:
    """Replace the actor's password after checking the current one.

    A wrong current password counts as a failed login and is audited, so holding a session
    gives no more guesses than the login form. A locked user cannot change the password.
    A successful change ends every dashboard session of the user, the caller's included.
    """
    authorize(actor, Action.USER_CHANGE_OWN_PASSWORD, object_type="user", object_id=actor.user_id)
    check_password_strength(new_password, email=actor.email)
    store = actor.store
    policy = LockoutPolicy(store.settings.max_failed_logins, store.settings.lockout)
    moment = now()

    with store.write(actor.tenant_id) as session:
        user = lock_user(session, actor.user_id)
        matches = _check_password(store, user, current_password)
        if matches and not is_locked(user.locked_until, moment):
            user.password_hash = hash_password(store.hasher, new_password)
            user.failed_logins = 0
            ended = end_user_sessions(session, user.id, RevokeReason.PASSWORD_CHANGED, moment)
            record_success(
                session,
                actor,
                Action.USER_CHANGE_OWN_PASSWORD,
                object_type="user",
                object_id=user.id,
                detail={"ended_sessions": ended},
            )
            return

        reason = "user locked" if matches else _record_wrong_password(user, policy, moment)
        _audit(
            session,
            actor.tenant_id,
            user.id,
            actor.email,
            AuditResult.FAILED,
            reason,
            action=Action.USER_CHANGE_OWN_PASSWORD.value,
        )
        if is_locked(user.locked_until, moment):
            failure = _locked(actor.email, user.locked_until, policy)
        else:
            failure = LoginError(
                f"The current password of {actor.email!r} is wrong; enter it again to change it."
            )

    # Raised after the block so that the failure counters and the audit entry are committed.
    raise failure


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
    *,
    action: str = "user.login",
) -> None:
    detail = {"reason": reason} if reason else {}
    append_entry(
        session,
        AuditRecord(
            action=action,
            object_type="user",
            object_id=user_id or email[:MAX_OBJECT_ID_LENGTH],
            result=result,
            actor_label=f"user:{email}",
            actor_id=user_id,
            tenant_id=tenant_id,
            detail=detail,
        ),
    )
    if result != AuditResult.SUCCEEDED:
        logger.info("%s %s for %s: %s", action, result.value, email, reason)


@functools.lru_cache(maxsize=4)
def _dummy_hash(params: PasswordHashing) -> str:
    return hash_password(make_hasher(params), _DUMMY_PASSWORD)
