"""Users of a tenant: add, list, change role, disable and enable (owners only, per the matrix)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sellerops.errors import InvalidInputError, NotFoundError
from sellerops.models import User, utc_now
from sellerops.security.passwords import check_password_strength, hash_password
from sellerops.security.permissions import Action, Role, parse_role
from sellerops.security.text_input import check_text
from sellerops.services import plan_limits
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.dashboard_sessions import RevokeReason, end_user_sessions
from sellerops.services.locks import lock_tenant

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Column lengths of `users.email` and `users.display_name`.
MAX_EMAIL_LENGTH = 254
MAX_DISPLAY_NAME_LENGTH = 200


@dataclass(frozen=True)
class UserView:
    """A user as services return it: no password hash."""

    id: str
    email: str
    display_name: str
    role: str
    is_active: bool
    locked_until: datetime | None
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserView:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            role=user.role,
            is_active=user.is_active,
            locked_until=user.locked_until,
            last_login_at=user.last_login_at,
        )


def normalize_email(email: str) -> str:
    """Return `email` trimmed and lower-cased; raises `InvalidInputError` if it is malformed."""
    normalized = check_text("email", email.strip().lower(), MAX_EMAIL_LENGTH)
    if not EMAIL_PATTERN.match(normalized):
        raise InvalidInputError(
            f"Email {email!r} is malformed; use an address like name@example.com."
        )
    return normalized


def add_user(
    actor: Actor, email: str, role: str, password: str, *, display_name: str = ""
) -> UserView:
    """Add a user to the actor's tenant; the plan's user limit applies."""
    normalized = normalize_email(email)
    parsed_role = parse_role(role)
    authorize(actor, Action.USER_ADD, object_type="user", object_id=normalized)
    check_text("display name", display_name, MAX_DISPLAY_NAME_LENGTH)
    check_password_strength(password, email=normalized)
    password_hash = hash_password(actor.store.hasher, password)

    with actor.store.write(actor.tenant_id) as session:
        tenant = lock_tenant(session, actor.tenant_id)
        if _user_by_email(session, normalized) is not None:
            raise InvalidInputError(
                f"User {normalized!r} already exists in tenant {tenant.slug!r}; use "
                f"`sellerops user set-role` to change its role."
            )
        active = session.scalar(select(func.count(User.id)).where(User.is_active.is_(True))) or 0
        plan_limits.check_room(
            tenant.plan, plan_limits.USERS, current=active, adding=1, tenant_slug=tenant.slug
        )

        user = User(
            tenant_id=actor.tenant_id,
            email=normalized,
            display_name=display_name,
            role=parsed_role.value,
            password_hash=password_hash,
        )
        session.add(user)
        session.flush()
        detail = {"email": normalized, "role": parsed_role.value}
        record_success(
            session, actor, Action.USER_ADD, object_type="user", object_id=user.id, detail=detail
        )
        return UserView.of(user)


def list_users(actor: Actor) -> list[UserView]:
    """Return the users of the actor's tenant, by email."""
    authorize(actor, Action.USER_LIST, object_type="user")
    with actor.store.read(actor.tenant_id) as session:
        users = session.scalars(select(User).order_by(User.email)).all()
        return [UserView.of(user) for user in users]


def get_user(actor: Actor, email: str) -> UserView:
    """Return one user of the actor's tenant; raises `NotFoundError` naming the email."""
    normalized = normalize_email(email)
    authorize(actor, Action.USER_LIST, object_type="user", object_id=normalized)
    with actor.store.read(actor.tenant_id) as session:
        return UserView.of(_require_user(session, normalized))


def set_role(actor: Actor, email: str, role: str) -> UserView:
    """Give the user `email` the role `role`; the tenant always keeps an active owner."""
    normalized = normalize_email(email)
    parsed_role = parse_role(role)
    authorize(actor, Action.USER_SET_ROLE, object_type="user", object_id=normalized)

    with actor.store.write(actor.tenant_id) as session:
        lock_tenant(session, actor.tenant_id)
        user = _require_user(session, normalized)
        previous = user.role
        if previous == Role.OWNER and parsed_role != Role.OWNER:
            _keep_an_owner(session, user)
        user.role = parsed_role.value
        session.flush()
        detail = {"email": normalized, "from": previous, "to": parsed_role.value}
        record_success(
            session,
            actor,
            Action.USER_SET_ROLE,
            object_type="user",
            object_id=user.id,
            detail=detail,
        )
        return UserView.of(user)


def disable_user(actor: Actor, email: str) -> UserView:
    """Disable the user `email`: its logins fail, its actions are refused and its sessions end."""
    normalized = normalize_email(email)
    authorize(actor, Action.USER_DISABLE, object_type="user", object_id=normalized)

    with actor.store.write(actor.tenant_id) as session:
        lock_tenant(session, actor.tenant_id)
        user = _require_user(session, normalized)
        if user.role == Role.OWNER:
            _keep_an_owner(session, user)
        user.is_active = False
        session.flush()
        ended = end_user_sessions(session, user.id, RevokeReason.USER_DISABLED, utc_now())
        record_success(
            session,
            actor,
            Action.USER_DISABLE,
            object_type="user",
            object_id=user.id,
            detail={"email": normalized, "ended_sessions": ended},
        )
        return UserView.of(user)


def enable_user(actor: Actor, email: str) -> UserView:
    """Enable the user `email` and clear its lockout; the plan's user limit applies."""
    normalized = normalize_email(email)
    authorize(actor, Action.USER_ENABLE, object_type="user", object_id=normalized)

    with actor.store.write(actor.tenant_id) as session:
        tenant = lock_tenant(session, actor.tenant_id)
        user = _require_user(session, normalized)
        if not user.is_active:
            active = (
                session.scalar(select(func.count(User.id)).where(User.is_active.is_(True))) or 0
            )
            plan_limits.check_room(
                tenant.plan, plan_limits.USERS, current=active, adding=1, tenant_slug=tenant.slug
            )
        user.is_active = True
        user.failed_logins = 0
        user.locked_until = None
        session.flush()
        record_success(
            session,
            actor,
            Action.USER_ENABLE,
            object_type="user",
            object_id=user.id,
            detail={"email": normalized},
        )
        return UserView.of(user)


def _user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email)).one_or_none()


def _require_user(session: Session, email: str) -> User:
    user = _user_by_email(session, email)
    if user is None:
        raise NotFoundError(
            f"No user {email!r} in this tenant; list users with `sellerops user list`."
        )
    return user


def _keep_an_owner(session: Session, leaving: User) -> None:
    owners = session.scalar(
        select(func.count(User.id)).where(
            User.role == Role.OWNER.value, User.is_active.is_(True), User.id != leaving.id
        )
    )
    if not owners:
        raise InvalidInputError(
            f"User {leaving.email!r} is the tenant's last active owner; make another user "
            f"owner first."
        )
