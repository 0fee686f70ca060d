"""`sellerops pipeline ...`: run the warehouse graph of a tenant's accounts without the UI.

Runs go to the Dagster instance under DAGSTER_HOME when it is set (so they show in the UI),
otherwise to an ephemeral one. Each account runs in this process, one after another.
"""

from __future__ import annotations

from typing import Annotated

import typer

from sellerops.cli.context import TenantOption, open_store
from sellerops.cli.errors import reported_errors

app = typer.Typer(help="Run the sync, dbt and publish steps of a tenant's seller accounts.")

AccountOption = Annotated[
    str | None,
    typer.Option("--account", help="Id of one seller account; default: every active account."),
]


@app.command("run")
def run(
    tenant: TenantOption,
    account: AccountOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Pull everything again instead of changes since cursors.")
    ] = False,
) -> None:
    """Sync each account, rebuild the tenant's marts and publish the dashboard copy."""
    _run(tenant, account, mode="full" if full else "incremental")


@app.command("backfill")
def backfill(
    tenant: TenantOption,
    since: Annotated[str, typer.Option("--since", help="First order date, YYYY-MM-DD (IST).")],
    until: Annotated[str, typer.Option("--until", help="Last order date, YYYY-MM-DD (IST).")],
    account: AccountOption = None,
) -> None:
    """Pull the orders placed between two dates again; sync cursors are not moved."""
    _run(tenant, account, mode="backfill", since=since, until=until)


@app.command("publish")
def publish(tenant: TenantOption, account: AccountOption = None) -> None:
    """Copy the tenant's working warehouse to the read-only copy the dashboard opens."""
    _run(tenant, account, mode="incremental", publish_only=True)


def _run(tenant: str, account: str | None, **options: object) -> None:
    from orchestration.defs.sync.partitions import AccountPartition
    from orchestration.runner import run_accounts

    with reported_errors():
        partitions = [
            AccountPartition(tenant, account_id) for account_id in _accounts(tenant, account)
        ]
    if not partitions:
        typer.echo(f"Tenant {tenant!r} has no active seller account; add one first.", err=True)
        raise typer.Exit(code=2)

    runs = run_accounts(partitions, **options)
    for result in runs:
        status = "succeeded" if result.success else "failed"
        typer.echo(f"{result.partition_key}: {status} in {result.seconds:.1f} s")
        for failure in result.problems:
            typer.echo(f"  {failure}", err=True)
    if not all(result.success for result in runs):
        raise typer.Exit(code=1)


def _accounts(tenant: str, account: str | None) -> list[str]:
    from sellerops.services import list_accounts
    from sellerops.services.actor import pipeline_actor

    store = open_store()
    try:
        actor = pipeline_actor(store, tenant)
        active = [view.id for view in list_accounts(actor) if view.is_active]
    finally:
        store.close()
    if account is None:
        return active
    if account not in active:
        from sellerops.errors import NotFoundError

        raise NotFoundError(
            f"No active seller account {account!r} in tenant {tenant!r}; see `sellerops account "
            f"list`."
        )
    return [account]


if __name__ == "__main__":
    app()
