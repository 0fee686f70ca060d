"""`sellerops pipeline ...`: run the warehouse graph of a tenant's accounts without the UI.

Runs go to the Dagster instance under DAGSTER_HOME when it is set (so they show in the UI),
otherwise to an ephemeral one. Each account runs in this process, one after another. The
terminal gets one line per step. dbt's and Dagster's full output goes to a log file under
`<data dir>/logs`, and with --verbose to the terminal too.
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
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Also show dbt's and Dagster's full output on the terminal."
    ),
]


@app.command("run")
def run(
    tenant: TenantOption,
    account: AccountOption = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Pull everything again instead of changes since cursors; implies --replay-stock.",
        ),
    ] = False,
    replay_stock: Annotated[
        bool,
        typer.Option(
            "--replay-stock",
            help=(
                "Apply the stock events of every synced order and return again, e.g. after "
                "adding SKUs whose events were rejected; events applied before are skipped."
            ),
        ),
    ] = False,
    verbose: VerboseOption = False,
) -> None:
    """Sync each account, rebuild the tenant's marts and publish the dashboard copy."""
    _run(
        tenant,
        account,
        verbose,
        mode="full" if full else "incremental",
        replay_stock=replay_stock,
    )


@app.command("backfill")
def backfill(
    tenant: TenantOption,
    since: Annotated[str, typer.Option("--since", help="First order date, YYYY-MM-DD (IST).")],
    until: Annotated[str, typer.Option("--until", help="Last order date, YYYY-MM-DD (IST).")],
    account: AccountOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Pull the orders placed between two dates again; sync cursors are not moved."""
    _run(tenant, account, verbose, mode="backfill", since=since, until=until)


@app.command("publish")
def publish(
    tenant: TenantOption, account: AccountOption = None, verbose: VerboseOption = False
) -> None:
    """Copy the tenant's working warehouse to the read-only copy the dashboard opens."""
    _run(tenant, account, verbose, mode="incremental", publish_only=True)


def _run(tenant: str, account: str | None, verbose: bool, **options: object) -> None:
    from orchestration.defs.sync.partitions import AccountPartition, parse_partition_key
    from orchestration.runner import AccountRun, new_log_path, run_accounts, run_lines
    from sellerops.settings import Settings

    with reported_errors():
        names = _accounts(tenant, account)
    if not names:
        typer.echo(f"Tenant {tenant!r} has no active seller account; add one first.", err=True)
        raise typer.Exit(code=2)

    partitions = [AccountPartition(tenant, account_id) for account_id in names]
    log_path = new_log_path(Settings.from_environment().data_dir).resolve()
    typer.echo(f"Seller accounts to run: {len(partitions)}. dbt and Dagster log to {log_path}")

    def report(result: AccountRun) -> None:
        name = names[parse_partition_key(result.partition_key).account_id]
        for line in run_lines(result, name):
            typer.echo(line)
        for failure in result.problems:
            typer.echo(f"  {failure}", err=True)

    runs = run_accounts(partitions, log_path=log_path, verbose=verbose, on_result=report, **options)
    if not all(result.success for result in runs):
        typer.echo(f"A run failed; the full output is in {log_path}.", err=True)
        raise typer.Exit(code=1)


def _accounts(tenant: str, account: str | None) -> dict[str, str]:
    """Return the name of each active account to run, by id: all of them, or `account`."""
    from sellerops.services import list_accounts
    from sellerops.services.actor import pipeline_actor

    store = open_store()
    try:
        actor = pipeline_actor(store, tenant)
        active = {view.id: view.name for view in list_accounts(actor) if view.is_active}
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
    return {account: active[account]}


if __name__ == "__main__":
    app()
