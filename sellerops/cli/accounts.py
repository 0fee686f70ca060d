"""`sellerops account ...`: add, list and configure Flipkart seller accounts of a tenant."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from sellerops.accounts.validation import AccountInput
from sellerops.cli.context import ActingUserOption, TenantOption, acting_user, open_store
from sellerops.cli.errors import reported_errors
from sellerops.services import add_account, list_accounts
from sellerops.services.account_profile import (
    FULFILMENTS,
    TIERS,
    AccountProfile,
    set_account_profile,
    set_location,
)

app = typer.Typer(help="Flipkart seller accounts of a tenant.")

APP_SECRET_VARIABLE = "FLIPKART_APP_SECRET"  # noqa: S105 (a variable name)

AccountIdArgument = Annotated[
    str, typer.Argument(help="Id of the seller account, as `sellerops account list` prints it.")
]


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


@app.command("configure")
def configure(
    account_id: AccountIdArgument,
    tenant: TenantOption,
    acting_email: ActingUserOption,
    tier: Annotated[
        str | None, typer.Option("--tier", help=f"Seller tier: {', '.join(TIERS)}.")
    ] = None,
    fulfilment: Annotated[
        str | None,
        typer.Option("--fulfilment", help=f"How orders ship: {', '.join(FULFILMENTS)}."),
    ] = None,
) -> None:
    """Set the tier and fulfilment that select the account's fixed fees."""
    with reported_errors():
        store = open_store()
        try:
            actor = acting_user(store, tenant, acting_email)
            profile = set_account_profile(actor, account_id, tier=tier, fulfilment=fulfilment)
        finally:
            store.close()
    typer.echo(
        f"Seller account {profile.name!r} now has tier {profile.tier} and fulfilment "
        f"{profile.fulfilment}."
    )


@app.command("location")
def location(
    account_id: AccountIdArgument,
    location_id: Annotated[str, typer.Argument(help="Flipkart location id (LOC...).")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
    city: Annotated[str, typer.Option("--city", help="City of the location, e.g. Bengaluru.")],
    pincode: Annotated[str, typer.Option("--pincode", help="6-digit PIN code of the location.")],
    state_code: Annotated[
        str, typer.Option("--state-code", help="2-digit GST state code of the location, e.g. 29.")
    ],
) -> None:
    """Add or replace a location of the account with its city, pincode and state code."""
    with reported_errors():
        store = open_store()
        try:
            actor = acting_user(store, tenant, acting_email)
            profile = set_location(actor, account_id, location_id, city, pincode, state_code)
        finally:
            store.close()
    _echo_locations(profile)


def _echo_locations(profile: AccountProfile) -> None:
    typer.echo(f"Locations of seller account {profile.name!r}:")
    for place in profile.locations:
        typer.echo(f"{place.location_id}\t{place.city}\t{place.pincode}\t{place.state_code}")
