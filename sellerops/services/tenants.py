"""The actor's own tenant: name, plan and current use of the plan's limits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from sellerops.models import SellerAccount, Tenant, User
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize


@dataclass(frozen=True)
class TenantView:
    """A tenant with its plan's limits (None = unlimited) and what it uses of them."""

    id: str
    slug: str
    name: str
    plan: str
    max_accounts: int | None
    max_users: int | None
    max_orders_per_month: int | None
    active_accounts: int
    active_users: int


def get_tenant(actor: Actor) -> TenantView:
    """Return the actor's tenant."""
    authorize(actor, Action.TENANT_VIEW, object_type="tenant", object_id=actor.tenant_id)
    with actor.store.read(actor.tenant_id) as session:
        tenant = session.get_one(Tenant, actor.tenant_id)
        accounts = session.scalar(
            select(func.count(SellerAccount.id)).where(SellerAccount.is_active.is_(True))
        )
        users = session.scalar(select(func.count(User.id)).where(User.is_active.is_(True)))
        return TenantView(
            id=tenant.id,
            slug=tenant.slug,
            name=tenant.name,
            plan=tenant.plan.name,
            max_accounts=tenant.plan.max_accounts,
            max_users=tenant.plan.max_users,
            max_orders_per_month=tenant.plan.max_orders_per_month,
            active_accounts=accounts or 0,
            active_users=users or 0,
        )
