"""Row locks that serialize check-then-write steps of one tenant on both backends.

On PostgreSQL, `SELECT ... FOR UPDATE` locks the row until the transaction ends, so a second
transaction waits here instead of counting rows the first one is about to change. SQLite
renders no `FOR UPDATE`, but writing sessions there begin with BEGIN IMMEDIATE, which already
holds the database write lock. Both backends therefore run the same code path.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sellerops.models import Tenant, User


def lock_tenant(session: Session, tenant_id: str) -> Tenant:
    """Lock and return the tenant row; call it before counting users, accounts or orders."""
    statement = select(Tenant).where(Tenant.id == tenant_id).with_for_update(of=Tenant)
    return session.scalars(statement).one()


def lock_user_by_email(session: Session, email: str) -> User | None:
    """Lock and return the user with `email` in the session's tenant, or None."""
    statement = select(User).where(User.email == email).with_for_update()
    return session.scalars(statement).one_or_none()


def lock_user(session: Session, user_id: str) -> User:
    """Lock and return the user with `user_id` in the session's tenant."""
    statement = select(User).where(User.id == user_id).with_for_update()
    return session.scalars(statement).one()
