"""`sellerops demo`: run the whole warehouse pipeline on the built-in sandbox.

The demo starts the sandbox, creates a demo tenant in its own data directory with the sandbox's
sellers as accounts (tier, locations and a SKU master with cost prices), runs the Dagster graph
for each account in this process (sync, dbt build, publish), and prints the row count of every
mart and a profit summary read from the published copy the dashboard opens.
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
# Variables that would point the demo at another store or key; the demo uses its own.
ISOLATED_VARIABLES = ("SELLEROPS_DATABASE_URL", "SELLEROPS_SECRET_KEY", "SELLEROPS_KEY_FILE")


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
) -> None:
    """Start the sandbox, build and publish the warehouse of a demo tenant, print its marts."""
    from ingestion.sandbox.server.runner import SandboxServer
    from orchestration.instance_config import write_instance_config

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
        partitions = _provision(server)
        runs = _run(partitions)

    if not all(run.success for run in runs):
        typer.echo("A run failed; see the messages above and the runs in `dagster dev`.", err=True)
        raise typer.Exit(code=1)
    _print_marts(data_dir)


def _fresh_data_dir(data_dir: Path) -> None:
    if data_dir.exists():
        if not (data_dir / DEMO_MARKER).exists():
            raise typer.BadParameter(
                f"{data_dir} exists and was not made by the demo; choose another --data-dir."
            )
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    (data_dir / DEMO_MARKER).write_text("Made by `sellerops demo`; deleted by its next run.\n")


def _provision(server):
    from orchestration.sandbox_tenant import provision_sandbox_tenant
    from sellerops.db import upgrade_to_head
    from sellerops.settings import Settings
    from sellerops.store import Store

    store = Store.open(Settings.from_environment(), create_key=True)
    try:
        upgrade_to_head(store.engine)
        partitions = provision_sandbox_tenant(store, server, slug=DEMO_TENANT)
    finally:
        store.close()
    typer.echo(f"Tenant {DEMO_TENANT!r} with {len(partitions)} seller accounts is ready.")
    return partitions


def _run(partitions):
    from orchestration.runner import run_accounts

    started = time.perf_counter()
    runs = run_accounts(partitions, mode="incremental", log_level="WARNING")
    for run in runs:
        status = "succeeded" if run.success else "failed"
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in run.step_seconds.items())
        typer.echo(f"Account {run.partition_key}: {status} in {run.seconds:.1f} s ({steps})")
        for failure in run.problems:
            typer.echo(f"  {failure}", err=True)
    typer.echo(f"Pipeline finished in {time.perf_counter() - started:.1f} s.")
    return runs


def _print_marts(data_dir: Path) -> None:
    from ingestion.warehouse.connection import open_warehouse
    from ingestion.warehouse.paths import warehouse_paths
    from orchestration.marts import mart_row_counts, profit_summary

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

    typer.echo("\nProfit by account (delivered and open items; rupees):")
    for line in summary:
        typer.echo(f"  {line}")
