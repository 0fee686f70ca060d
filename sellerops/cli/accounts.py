"""`sellerops account ...`: add and list Flipkart seller accounts of a tenant."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from sellerops.accounts.validation import AccountInput
from sellerops.cli.context import ActingUserOption, TenantOption, acting_user, open_store
from sellerops.cli.errors import reported_errors
from sellerops.services import add_account, list_accounts

app = typer.Typer(help="Flipkart seller accounts of a tenant.")

APP_SECRET_VARIABLE = "FLIPKART_APP_SECRET"  # noqa: S105 (a variable name)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Short name of the account, e.g. 'main'.")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
    app_id: Annotated[str, typer.Option("--app-id", help="Flipkart application id.")],
    gstin: Annotated[str, typer.Option("--gstin", help="The seller's 15-character GSTIN.")],
    state_code: Annotated[str, typer.Option("--state-code", help="GST state code, e.g. 29.")],
    state: Annotated[str, typer.Option("--state", help="State of the seller's registration.")],
    location: Annotated[
        list[str] | None, typer.Option("--location", help="A location id (LOC...); repeatable.")
    ] = None,
    environment: Annotated[
        str,
        typer.Option("--env", help="production, sandbox (Flipkart's) or local (this project's)."),
    ] = "production",
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Local sandbox URL (only with --env local).")
    ] = None,
) -> None:
    """Add a seller account; the app secret comes from FLIPKART_APP_SECRET or a hidden prompt."""
    with reported_errors():
        store = open_store()
        try:
            actor = acting_user(store, tenant, acting_email)
            secret = os.environ.get(APP_SECRET_VARIABLE) or typer.prompt(
                f"App secret of {app_id}", hide_input=True
            )
            account = add_account(
                actor,
                AccountInput(
                    name=name,
                    environment=environment,
                    app_id=app_id,
                    app_secret=secret,
                    gstin=gstin,
                    state_code=state_code,
                    state=state,
                    location_ids=location or [],
                    base_url=base_url,
                ),
            )
        finally:
            store.close()
    typer.echo(
        f"Added seller account {account.name!r} ({account.environment}, app {account.app_id}, "
        f"secret {account.app_secret_masked}) with id {account.id}."
    )


@app.command("list")
def list_command(tenant: TenantOption, acting_email: ActingUserOption) -> None:
    """List the tenant's seller accounts (secrets masked)."""
    with reported_errors():
        store = open_store()
        try:
            actor = acting_user(store, tenant, acting_email)
            for account in list_accounts(actor):
                status = "active" if account.is_active else "deactivated"
                typer.echo(
                    f"{account.id}\t{account.name}\t{account.environment}\t{account.app_id}\t"
                    f"{account.app_secret_masked}\t{account.gstin}\t{status}"
                )
        finally:
            store.close()
