"""`sellerops tenant ...` and `sellerops plan ...`: provisioning by the install's operator."""

from __future__ import annotations

from typing import Annotated

import typer

from sellerops.cli.context import new_password, open_store
from sellerops.cli.errors import reported_errors
from sellerops.models import UNLIMITED_PLAN
from sellerops.services import PlanLimits, create_plan, create_tenant, list_tenants, operator_label
from sellerops.services import set_tenant_plan as set_plan_service

tenant_app = typer.Typer(help="Create tenants and move them between plans (install operator).")
plan_app = typer.Typer(help="Subscription plans and their limits (install operator).")


@tenant_app.command("create")
def create(
    slug: Annotated[str, typer.Argument(help="Short name: lower-case letters, digits, hyphens.")],
    owner: Annotated[str, typer.Option("--owner", help="Email of the tenant's first owner.")],
    name: Annotated[str, typer.Option("--name", help="Display name (default: the slug).")] = "",
    plan: Annotated[str, typer.Option("--plan", help="Plan name.")] = UNLIMITED_PLAN,
) -> None:
    """Create a tenant with its first owner.

    The owner's password is read from SELLEROPS_NEW_PASSWORD when it is set, otherwise asked
    for twice without echo.
    """
    with reported_errors():
        store = open_store()
        try:
            password = new_password(owner)
            tenant = create_tenant(
                store,
                operator_label(),
                slug=slug,
                name=name,
                owner_email=owner,
                owner_password=password,
                plan_name=plan,
            )
        finally:
            store.close()
    typer.echo(f"Created tenant {tenant.slug!r} on plan {plan!r} with owner {owner.lower()!r}.")


@tenant_app.command("list")
def list_command() -> None:
    """List tenants with their plans."""
    with reported_errors():
        store = open_store()
        try:
            for tenant in list_tenants(store):
                typer.echo(f"{tenant.slug}\t{tenant.plan.name}\t{tenant.name}")
        finally:
            store.close()


@tenant_app.command("set-plan")
def set_plan(
    slug: Annotated[str, typer.Argument(help="Tenant slug.")],
    plan: Annotated[str, typer.Argument(help="Plan name.")],
) -> None:
    """Move a tenant to another plan."""
    with reported_errors():
        store = open_store()
        try:
            set_plan_service(store, operator_label(), slug, plan)
        finally:
            store.close()
    typer.echo(f"Tenant {slug!r} is now on plan {plan!r}.")


@plan_app.command("create")
def create_plan_command(
    name: Annotated[str, typer.Argument(help="Plan name.")],
    max_accounts: Annotated[
        int | None, typer.Option(help="Maximum active seller accounts; omit for unlimited.")
    ] = None,
    max_users: Annotated[
        int | None, typer.Option(help="Maximum active users; omit for unlimited.")
    ] = None,
    max_orders_per_month: Annotated[
        int | None,
        typer.Option(help="Maximum orders per calendar month in IST; omit for unlimited."),
    ] = None,
) -> None:
    """Create a plan; omitted limits are unlimited."""
    limits = PlanLimits(max_accounts, max_users, max_orders_per_month)
    with reported_errors():
        store = open_store()
        try:
            create_plan(store, operator_label(), name, limits)
        finally:
            store.close()
    typer.echo(f"Created plan {name!r}.")
