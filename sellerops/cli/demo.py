"""`sellerops demo`: run the whole warehouse pipeline on the built-in sandbox.

The demo starts the sandbox, creates a demo tenant in its own data directory with the sandbox's
sellers as accounts (tier, locations and a SKU master with cost prices), and runs the Dagster
graph for each account in this process (sync, dbt build, publish). It prints one line per step,
the row count of every mart and a profit summary read from the published copy the dashboard
opens. dbt's and Dagster's full output goes to a log file in the data directory, and with
--verbose to the terminal too.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()

DEFAULT_DATA_DIR = Path("data/demo")
DEFAULT_DAGSTER_HOME = Path(".dagster_home")
DEMO_MARKER = ".sellerops-demo"
DEMO_TENANT = "demo"
DEMO_OWNER = f"owner@{DEMO_TENANT}.example"
# Variables that would point the demo at another store or key; the demo uses its own.
ISOLATED_VARIABLES = ("SELLEROPS_DATABASE_URL", "SELLEROPS_SECRET_KEY", "SELLEROPS_KEY_FILE")
# Marts built only from Seller Hub report files (the sandbox serves none), by the report they need.
REPORT_MARTS = {
    "pnl_monthly": "P&L",
    "settlement_reconciliation": "settlement",
    "likely_overcharges": "settlement",
}


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Seed of the simulated sellers.")] = 7,
    sellers: Annotated[int, typer.Option(help="Number of simulated sellers.")] = 2,
    history_days: Annotated[int, typer.Option(help="Days of order history to simulate.")] = 60,
    orders_per_day: Annotated[
        float, typer.Option(help="Mean daily orders of the first seller.")
    ] = 40.0,
    faults: Annotated[
        str, typer.Option(help="Sandbox fault profile: none, light or heavy.")
    ] = "none",
    data_dir: Annotated[
        Path, typer.Option(help="Directory for the demo's store and warehouse; rebuilt each run.")
    ] = DEFAULT_DATA_DIR,
    dagster_home: Annotated[
        Path, typer.Option(help="DAGSTER_HOME to write dagster.yaml into and record runs in.")
    ] = DEFAULT_DAGSTER_HOME,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Also show dbt's and Dagster's full output on the terminal.",
        ),
    ] = False,
) -> None:
    """Start the sandbox, build and publish the warehouse of a demo tenant, print its marts."""
    from ingestion.sandbox.server.runner import SandboxServer
    from orchestration.instance_config import write_instance_config
    from orchestration.runner import new_log_path

    _fresh_data_dir(data_dir)
    os.environ["SELLEROPS_DATA_DIR"] = str(data_dir.resolve())
    for variable in ISOLATED_VARIABLES:
        os.environ.pop(variable, None)
    os.environ["DAGSTER_HOME"] = str(dagster_home.resolve())
    write_instance_config(dagster_home)

    typer.echo(f"Starting the sandbox: {sellers} sellers, seed {seed}, {history_days} days ...")
    with SandboxServer(
        seed=seed,
        sellers=sellers,
        history_days=history_days,
        orders_per_day=orders_per_day,
        speed=0,
        faults=faults,
    ) as server:
        names = _provision(server)
        log_path = new_log_path(data_dir.resolve())
        typer.echo(f"dbt and Dagster log to {log_path}")
        runs = _run(names, log_path, verbose)

    if not all(run.success for run in runs):
        typer.echo(
            f"A run failed; see the messages above, the log {log_path} and the runs in "
            f"`dagster dev`.",
            err=True,
        )
        raise typer.Exit(code=1)
    _print_marts(data_dir, names)


def _fresh_data_dir(data_dir: Path) -> None:
    if data_dir.exists():
        if not (data_dir / DEMO_MARKER).exists():
            raise typer.BadParameter(
                f"{data_dir} exists and was not made by the demo; choose another --data-dir."
            )
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    (data_dir / DEMO_MARKER).write_text("Made by `sellerops demo`; deleted by its next run.\n")


def _provision(server) -> dict[str, str]:
    """Create the demo tenant from the sandbox's sellers; return each account's name by id."""
    from orchestration.sandbox_tenant import provision_sandbox_tenant
    from sellerops.db import upgrade_to_head
    from sellerops.services import list_accounts
    from sellerops.services.actor import pipeline_actor
    from sellerops.settings import Settings
    from sellerops.store import Store

    store = Store.open(Settings.from_environment(), create_key=True)
    try:
        upgrade_to_head(store.engine)
        partitions = provision_sandbox_tenant(store, server, slug=DEMO_TENANT)
        views = list_accounts(pipeline_actor(store, DEMO_TENANT))
    finally:
        store.close()

    names = {view.id: view.name for view in views}
    typer.echo(f"Tenant {DEMO_TENANT!r} with {len(partitions)} seller accounts is ready:")
    for partition in partitions:
        typer.echo(f"  {names[partition.account_id]} ({partition.account_id})")
    return {partition.account_id: names[partition.account_id] for partition in partitions}


def _run(names: dict[str, str], log_path: Path, verbose: bool):
    from orchestration.defs.sync.partitions import AccountPartition
    from orchestration.runner import run_accounts, run_lines

    def report(run) -> None:
        account_id = run.partition_key.removeprefix(f"{DEMO_TENANT}.")
        for line in run_lines(run, names.get(account_id)):
            typer.echo(line)
        for failure in run.problems:
            typer.echo(f"  {failure}", err=True)

    started = time.perf_counter()
    partitions = [AccountPartition(DEMO_TENANT, account_id) for account_id in names]
    runs = run_accounts(
        partitions, mode="incremental", log_path=log_path, verbose=verbose, on_result=report
    )
    typer.echo(f"Pipeline finished in {time.perf_counter() - started:.1f} s.")
    return runs


def _print_marts(data_dir: Path, names: dict[str, str]) -> None:
    from ingestion.warehouse.connection import open_warehouse
    from ingestion.warehouse.paths import warehouse_paths
    from orchestration.marts import mart_row_counts, profit_summary
    from orchestration.sandbox_tenant import DEMO_PASSWORD

    published = warehouse_paths(data_dir, DEMO_TENANT).published
    connection = open_warehouse(published, read_only=True)
    try:
        counts = mart_row_counts(connection)
        summary = profit_summary(connection)
    finally:
        connection.close()

    typer.echo(f"\nMarts in the published copy {published}:")
    width = max(len(name) for name in counts)
    for name, rows in counts.items():
        typer.echo(f"  {name.ljust(width)}  {rows:>8,}")
    empty = [name for name in REPORT_MARTS if counts.get(name) == 0]
    if empty:
        typer.echo(
            "These marts stay empty until a Seller Hub report is imported with `sellerops "
            "import-report` and the pipeline runs again:"
        )
    for name in empty:
        typer.echo(f"  {name}: needs a {REPORT_MARTS[name]} report")
    if empty:
        typer.echo(
            f"For this demo tenant: SELLEROPS_DATA_DIR={data_dir.resolve()} "
            f"SELLEROPS_PASSWORD={DEMO_PASSWORD!r} sellerops import-report FILE "
            f"--tenant {DEMO_TENANT} --account NAME --as {DEMO_OWNER}"
        )

    typer.echo("\nProfit by account (delivered and open items; rupees):")
    for line in summary:
        # Each line starts with '<account id>: '.
        account_id, _, figures = line.partition(": ")
        label = f"{names[account_id]} ({account_id})" if account_id in names else account_id
        typer.echo(f"  {label}: {figures}")
