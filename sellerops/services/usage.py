"""Orders per month counted against the plan: record synced orders, read a month's usage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sellerops.models import OrderUsage, Tenant
from sellerops.security.permissions import Action
from sellerops.services import plan_limits
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.locks import lock_tenant

INDIA = ZoneInfo("Asia/Kolkata")


@dataclass(frozen=True)
class MonthlyUsage:
    """Orders counted in one month and the plan's limit (None = unlimited)."""

    month: str
    orders: int
    limit: int | None


def order_month(order_date: datetime) -> str:
    """Return the month (`YYYY-MM`) of an aware order date, in India's time zone."""
    return order_date.astimezone(INDIA).strftime("%Y-%m")


def record_orders(actor: Actor, account_id: str, orders: Iterable[tuple[str, datetime]]) -> int:
    """Count new `(order id, order date)` pairs of an account; return how many were new.

    Orders already counted are skipped, so a repeated sync counts nothing twice. If the new
    orders would take any month over the plan's limit, nothing is recorded and
    `PlanLimitError` names the month.
    """
    pairs = dict(orders)
    authorize(actor, Action.USAGE_RECORD_ORDERS, object_type="seller_account", object_id=account_id)

    with actor.store.write(actor.tenant_id) as session:
        tenant = lock_tenant(session, actor.tenant_id)
        require_account(session, account_id)
        known = set(
            session.scalars(
                select(OrderUsage.order_id).where(
                    OrderUsage.account_id == account_id, OrderUsage.order_id.in_(list(pairs))
                )
            ).all()
        )
        new = {
            order_id: order_month(day) for order_id, day in pairs.items() if order_id not in known
        }

        for month, adding in sorted(Counter(new.values()).items()):
            current = _count(session, month)
            plan_limits.check_room(
                tenant.plan,
                plan_limits.ORDERS,
                current=current,
                adding=adding,
                tenant_slug=tenant.slug,
                month=month,
            )

        for order_id, month in new.items():
            session.add(
                OrderUsage(
                    tenant_id=actor.tenant_id, account_id=account_id, order_id=order_id, month=month
                )
            )
        session.flush()
        record_success(
            session,
            actor,
            Action.USAGE_RECORD_ORDERS,
            object_type="seller_account",
            object_id=account_id,
            detail={"new_orders": len(new)},
        )
        return len(new)


def monthly_usage(actor: Actor, month: str) -> MonthlyUsage:
    """Return the orders counted in `month` (`YYYY-MM`) for the actor's tenant."""
    authorize(actor, Action.USAGE_VIEW, object_type="tenant", object_id=actor.tenant_id)
    with actor.store.read(actor.tenant_id) as session:
        tenant = session.get_one(Tenant, actor.tenant_id)
        return MonthlyUsage(month, _count(session, month), tenant.plan.max_orders_per_month)


def _count(session: Session, month: str) -> int:
    statement = select(func.count(OrderUsage.id)).where(OrderUsage.month == month)
    return session.scalar(statement) or 0
