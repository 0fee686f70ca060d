"""The acting user that every service function takes first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sellerops.errors import NotFoundError
from sellerops.models import Tenant, User
from sellerops.security.permissions import Role
from sellerops.security.text_input import check_text
from sellerops.store import Store

# Column length of `tenants.slug`.
MAX_TENANT_SLUG_LENGTH = 64


@dataclass(frozen=True)
class Actor:
    """A user of one tenant acting on one store; made by `login` or, for jobs, `act_as`.

    Only ids are kept: every service reloads the user to apply the current role and status.
    """

    store: Store
    user_id: str
    tenant_id: str
    email: str

    @property
    def label(self) -> str:
        """How the audit log and the logs name this actor."""
        return f"user:{self.email}"

    def __repr__(self) -> str:
        return (
            f"Actor(user_id={self.user_id!r}, tenant_id={self.tenant_id!r}, email={self.email!r})"
        )


def act_as(store: Store, tenant_slug: str, email: str) -> Actor:
    """Return the actor for a user without a password, for jobs run by the install's operator.

    Code that can call this already has access to the database and the secret key, so a
    dashboard or an API must use `login` instead. The user must exist, and its role is
    checked at each action.
    """
    tenant_id = find_tenant_id(store, tenant_slug)
    normalized = email.strip().lower()
    with store.read(tenant_id) as session:
        user = session.scalars(select(User).where(User.email == normalized)).one_or_none()
    if user is None:
        raise NotFoundError(
            f"No user {normalized!r} in tenant {tenant_slug!r}; add it with `sellerops user add`."
        )
    return Actor(store=store, user_id=user.id, tenant_id=tenant_id, email=user.email)


def pipeline_actor(store: Store, tenant_slug: str) -> Actor:
    """Return the actor of the tenant's first active owner (by creation time), for scheduled runs.

    Like `act_as`, this is for jobs of the install's operator. Raises `NotFoundError` naming
    the tenant when it has no active owner.
    """
    tenant_id = find_tenant_id(store, tenant_slug)
    statement = (
        select(User)
        .where(User.role == Role.OWNER.value, User.is_active.is_(True))
        .order_by(User.created_at, User.id)
        .limit(1)
    )
    with store.read(tenant_id) as session:
        owner = session.scalars(statement).first()
    if owner is None:
        raise NotFoundError(
            f"Tenant {tenant_slug!r} has no active owner, so scheduled runs have no user to act "
            f"as. The services never disable or demote the last owner, so restore the owner's "
            f"row in the database from a backup."
        )
    return Actor(store=store, user_id=owner.id, tenant_id=tenant_id, email=owner.email)


def find_tenant_id(store: Store, tenant_slug: str) -> str:
    """Return the id of the tenant with `tenant_slug`; raises `NotFoundError` naming the slug."""
    check_text("tenant slug", tenant_slug, MAX_TENANT_SLUG_LENGTH)
    with store.operator_read() as session:
        tenant_id = session.scalars(
            select(Tenant.id).where(Tenant.slug == tenant_slug)
        ).one_or_none()
    if tenant_id is None:
        raise NotFoundError(
            f"No tenant {tenant_slug!r}; create it with `sellerops tenant create {tenant_slug}`."
        )
    return tenant_id
