"""Plan limits: pure checks that an action keeps a tenant within its subscription plan."""

from __future__ import annotations

from dataclasses import dataclass

from sellerops.errors import PlanLimitError
from sellerops.models import Plan


@dataclass(frozen=True)
class Limit:
    """One limit of a plan: its column, how to name the counted things, and how to free room."""

    column: str
    noun: str
    remedy: str


ACCOUNTS = Limit("max_accounts", "active seller accounts", "deactivate an account")
USERS = Limit("max_users", "active users", "disable a user")
ORDERS = Limit("max_orders_per_month", "orders in {month}", "wait for the next month")


def check_room(
    plan: Plan, limit: Limit, *, current: int, adding: int, tenant_slug: str, month: str = ""
) -> None:
    """Raise `PlanLimitError` if `current + adding` exceeds the plan's limit (None = unlimited)."""
    maximum = getattr(plan, limit.column)
    if maximum is None or current + adding <= maximum:
        return

    noun = limit.noun.format(month=month)
    raise PlanLimitError(
        f"Plan {plan.name!r} allows {maximum} {noun} and tenant {tenant_slug!r} has {current} "
        f"(adding {adding}); {limit.remedy} or move the tenant to a larger plan with "
        f"`sellerops tenant set-plan {tenant_slug} PLAN`."
    )
