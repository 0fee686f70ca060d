"""`sellerops user ...`: add users, change roles, disable and enable them."""

from __future__ import annotations

from typing import Annotated

import typer

from sellerops.cli.context import (
    ActingUserOption,
    TenantOption,
    acting_user,
    new_password,
    open_store,
)
from sellerops.cli.errors import reported_errors
from sellerops.security.permissions import ROLE_NAMES
from sellerops.services import add_user, disable_user, enable_user, list_users, set_role

app = typer.Typer(help="Users of a tenant and their roles.")

RoleArgument = Annotated[str, typer.Argument(help=f"One of: {ROLE_NAMES}.")]
EmailArgument = Annotated[str, typer.Argument(help="Email of the user.")]


@app.command("add")
def add(
    email: EmailArgument,
    role: Annotated[str, typer.Option("--role", help=f"One of: {ROLE_NAMES}.")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
) -> None:
    """Add a user; the new password is read from SELLEROPS_NEW_PASSWORD or asked for twice."""
    with reported_errors():
        store = open_store()
        try:
            actor = acting_user(store, tenant, acting_email)
            password = new_password(email)
            user = add_user(actor, email, role, password, display_name=name)
        finally:
            store.close()
    typer.echo(f"Added user {user.email!r} with role {user.role!r} to tenant {tenant!r}.")


@app.command("set-role")
def set_role_command(
    email: EmailArgument, role: RoleArgument, tenant: TenantOption, acting_email: ActingUserOption
) -> None:
    """Change a user's role."""
    with reported_errors():
        store = open_store()
        try:
            user = set_role(acting_user(store, tenant, acting_email), email, role)
        finally:
            store.close()
    typer.echo(f"User {user.email!r} now has role {user.role!r}.")


@app.command("disable")
def disable(email: EmailArgument, tenant: TenantOption, acting_email: ActingUserOption) -> None:
    """Disable a user: logins fail and actions are refused from now on."""
    with reported_errors():
        store = open_store()
        try:
            user = disable_user(acting_user(store, tenant, acting_email), email)
        finally:
            store.close()
    typer.echo(f"Disabled user {user.email!r}.")


@app.command("enable")
def enable(email: EmailArgument, tenant: TenantOption, acting_email: ActingUserOption) -> None:
    """Enable a user again and clear a login lockout."""
    with reported_errors():
        store = open_store()
        try:
            user = enable_user(acting_user(store, tenant, acting_email), email)
        finally:
            store.close()
    typer.echo(f"Enabled user {user.email!r}.")


@app.command("list")
def list_command(tenant: TenantOption, acting_email: ActingUserOption) -> None:
    """List users with role and status."""
    with reported_errors():
        store = open_store()
        try:
            for user in list_users(acting_user(store, tenant, acting_email)):
                status = "active" if user.is_active else "disabled"
                typer.echo(f"{user.email}\t{user.role}\t{status}")
        finally:
            store.close()
