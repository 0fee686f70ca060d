"""`sellerops demo`: the whole product on this machine, from the built-in sandbox.

The demo starts the sandbox, creates a demo tenant in its own data directory with the sandbox's
sellers as accounts (tier, locations and a SKU master with cost prices) and one user per role,
imports the Seller Hub P&L sample into the second account, and runs the Dagster graph for each
account in this process (sync, dbt build, models, publish). It prints one line per step, the
row count of every mart and a profit summary read from the published copy the dashboard opens.
Then, unless --no-serve is given, it serves the Dagster UI (schedules and sensors), the webhook
receiver the sandbox posts its notifications to, and the dashboard, until Ctrl-C. dbt's and
Dagster's full output goes to a log file in the data directory, and with --verbose to the
terminal too.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()

PNL_SAMPLE = Path(__file__).resolve().parents[2] / "tests/data/seller_hub/pnl_report_2025-05.xlsx"
DEFAULT_DATA_DIR = Path("data/demo")
DEFAULT_DAGSTER_HOME = Path(".dagster_home")
DEMO_MARKER = ".sellerops-demo"
DEMO_TENANT = "demo"
DEMO_OWNER = f"owner@{DEMO_TENANT}.example"
DASHBOARD_PORT = 8501
DAGSTER_PORT = 3000
WEBHOOK_PORT = 8790
# Simulated seconds per real second while the demo serves: new orders arrive every minute or so.
SERVING_SPEED = 60.0
# Switched on while the demo serves; the sensors run by default.
DEMO_SCHEDULES = ("incremental_sync_schedule",)
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
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve",
            help="After the first run, serve the Dagster UI, the webhook receiver and the "
            "dashboard until Ctrl-C; --no-serve stops after the first run.",
        ),
    ] = True,
    speed: Annotated[
        float | None,
        typer.Option(
            min=0,
            help="Simulated seconds per real second of the sandbox's clock. Default: 0 (a "
            f"frozen clock) with --no-serve, {SERVING_SPEED:g} while serving.",
        ),
    ] = None,
    dashboard_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Port of the dashboard on 127.0.0.1.")
    ] = DASHBOARD_PORT,
    dagster_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Port of the Dagster UI on 127.0.0.1.")
    ] = DAGSTER_PORT,
    webhook_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Port of the webhook receiver on 127.0.0.1.")
    ] = WEBHOOK_PORT,
) -> None:
    """Build the demo tenant from the sandbox, then serve Dagster, webhooks and the dashboard."""
    import dagster as dg

    from ingestion.sandbox.server.runner import SandboxServer
    from orchestration.instance_config import cancel_unfinished_runs, write_instance_config
    from orchestration.runner import new_log_path
    from sellerops.cli.demo_services import (
        check_port_free,
        dagster_service,
        dashboard_service,
        webhook_service,
    )

    services = []
    if serve:
        services = [
            dagster_service(dagster_port),
            webhook_service(webhook_port),
            dashboard_service(dashboard_port),
        ]
        for service in services:
            try:
                check_port_free(service.port, service.name)
            except OSError as error:
                raise typer.BadParameter(str(error)) from None

    _fresh_data_dir(data_dir)
    os.environ["SELLEROPS_DATA_DIR"] = str(data_dir.resolve())
    for variable in ISOLATED_VARIABLES:
        os.environ.pop(variable, None)
    os.environ["DAGSTER_HOME"] = str(dagster_home.resolve())
    write_instance_config(dagster_home)
    with dg.DagsterInstance.get() as instance:
        stale = cancel_unfinished_runs(instance, "Canceled by a new `sellerops demo`.")
    if stale:
        typer.echo(f"Canceled {len(stale)} unfinished Dagster runs left by an earlier demo.")

    clock_speed = speed
    if clock_speed is None:
        clock_speed = SERVING_SPEED if serve else 0.0
    typer.echo(f"Starting the sandbox: {sellers} sellers, seed {seed}, {history_days} days ...")
    with SandboxServer(
        seed=seed,
        sellers=sellers,
        history_days=history_days,
        orders_per_day=orders_per_day,
        speed=clock_speed,
        faults=faults,
    ) as server:
        names, sellers_by_account = _provision(server)
        _add_role_users()
        _import_pnl(list(names))
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
        _count_stock(server, sellers_by_account)
        _print_logins()
        if serve:
            _subscribe_notifications(server, sellers_by_account, webhook_port)
            _serve(services, data_dir, server.base_url)


def _fresh_data_dir(data_dir: Path) -> None:
    if data_dir.exists():
        if not (data_dir / DEMO_MARKER).exists():
            raise typer.BadParameter(
                f"{data_dir} exists and was not made by the demo; choose another --data-dir."
            )
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    (data_dir / DEMO_MARKER).write_text("Made by `sellerops demo`; deleted by its next run.\n")


def _provision(server) -> tuple[dict[str, str], dict[str, str]]:
    """Create the demo tenant from the sandbox's sellers.

    Returns each account's name by account id, and each account's sandbox seller id.
    """
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
    # provision_sandbox_tenant adds one account per seller, in the order of the credentials.
    seller_ids = [seller["seller_id"] for seller in server.credentials()]
    return (
        {partition.account_id: names[partition.account_id] for partition in partitions},
        {
            partition.account_id: seller_id
            for partition, seller_id in zip(partitions, seller_ids, strict=True)
        },
    )


def _open_store():
    from sellerops.settings import Settings
    from sellerops.store import Store

    return Store.open(Settings.from_environment())


def _add_role_users() -> None:
    """Add one user per role besides the owner, all with the demo password."""
    from orchestration.sandbox_tenant import DEMO_PASSWORD
    from sellerops.security.permissions import Role
    from sellerops.services.actor import act_as
    from sellerops.services.users import add_user

    store = _open_store()
    try:
        owner = act_as(store, DEMO_TENANT, DEMO_OWNER)
        for role in Role:
            if role != Role.OWNER:
                add_user(owner, demo_email(role.value), role.value, DEMO_PASSWORD)
    finally:
        store.close()


def demo_email(role: str) -> str:
    """Return the email of the demo tenant's user with `role`."""
    return f"{role}@{DEMO_TENANT}.example"


def _import_pnl(account_ids: list[str]) -> None:
    """Import the Seller Hub P&L sample into the second account, or into the only one."""
    from sellerops.services.actor import act_as
    from sellerops.services.report_imports import import_report

    if not PNL_SAMPLE.exists():
        typer.echo(f"Skipping the P&L import: the sample {PNL_SAMPLE} is not in this install.")
        return
    account_id = account_ids[1] if len(account_ids) > 1 else account_ids[0]
    store = _open_store()
    try:
        owner = act_as(store, DEMO_TENANT, DEMO_OWNER)
        result = import_report(owner, account_id, PNL_SAMPLE)
    finally:
        store.close()
    typer.echo(
        f"Imported {PNL_SAMPLE.name} ({result.report_type}) into account {account_id}: "
        f"{result.rows_loaded} rows loaded, {len(result.errors)} rejected."
    )


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
            "These marts stay empty until a Seller Hub report is imported with "
            "`.venv/bin/sellerops import-report` and the pipeline runs again:"
        )
    for name in empty:
        typer.echo(f"  {name}: needs a {REPORT_MARTS[name]} report")
    if empty:
        typer.echo(
            f"For this demo tenant: SELLEROPS_DATA_DIR={data_dir.resolve()} "
            f"SELLEROPS_PASSWORD={DEMO_PASSWORD!r} .venv/bin/sellerops import-report FILE "
            f"--tenant {DEMO_TENANT} --account NAME --as {DEMO_OWNER}"
        )

    typer.echo("\nProfit by account (delivered and open items; rupees):")
    for line in summary:
        # Each line starts with '<account id>: '.
        account_id, _, figures = line.partition(": ")
        label = f"{names[account_id]} ({account_id})" if account_id in names else account_id
        typer.echo(f"  {label}: {figures}")


def _count_stock(server, sellers_by_account: dict[str, str]) -> None:
    """Record the sandbox's physical stock as a stock count of every SKU and location.

    Nothing was ever received in the demo, so the ledger would show every shipped unit as
    negative stock. The count sets on-hand stock to what the simulated warehouses contain. The
    dashboard's Overview and Inventory pages read the ledger and show it at once; the
    warehouse's copy of the ledger (marts.stock_cover) shows it after the next pipeline run.
    """
    from sellerops.services.actor import act_as
    from sellerops.services.stock_csv import import_stock_csv

    lines = ["sku,location_id,quantity"]
    for seller_id in sellers_by_account.values():
        skus = server.truth(seller_id)["sellers"][seller_id]["skus"]
        for sku, facts in sorted(skus.items()):
            for location_id, units in sorted(facts["physicalStock"].items()):
                lines.append(f"{sku},{location_id},{units}")
    store = _open_store()
    try:
        result = import_stock_csv(act_as(store, DEMO_TENANT, DEMO_OWNER), "\n".join(lines))
    finally:
        store.close()
    typer.echo(
        f"\nCounted the stock of {result.loaded} SKU locations from the sandbox's warehouses "
        f"({len(result.rejected)} rejected); the dashboard shows it now, the marts after the "
        "next pipeline run."
    )


def _print_logins() -> None:
    from orchestration.sandbox_tenant import DEMO_PASSWORD
    from sellerops.security.permissions import Role

    typer.echo(f"\nDemo logins (tenant {DEMO_TENANT!r}, password {DEMO_PASSWORD!r}):")
    for role in Role:
        typer.echo(f"  {role.value:<10}  {demo_email(role.value)}")


def _subscribe_notifications(server, sellers_by_account: dict[str, str], port: int) -> None:
    """Have the sandbox post each seller's signed notifications to the demo's receiver."""
    from sellerops.cli.demo_services import LOOPBACK
    from sellerops.webhooks.app import NOTIFICATION_PATH

    for account_id, seller_id in sellers_by_account.items():
        path = NOTIFICATION_PATH.replace("{account_id}", account_id)
        server.subscribe_notifications(seller_id, f"http://{LOOPBACK}:{port}{path}")


def _serve(services, data_dir: Path, sandbox_url: str) -> None:
    from sellerops.cli.demo_services import run_services, start_schedules

    environment = {
        **os.environ,
        "SELLEROPS_DASHBOARD_TENANT": DEMO_TENANT,
        # The demo serves; it does not offer to rerun the app when a source file changes.
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    typer.echo(f"\nSwitching on the Dagster schedules {', '.join(DEMO_SCHEDULES)} ...")
    for error in start_schedules(DEMO_SCHEDULES, environment):
        typer.echo(f"  Could not switch on {error}; switch it on in the Dagster UI.", err=True)
    typer.echo("\nServing (Ctrl-C stops everything):")
    for service in services:
        typer.echo(f"  {service.name:<17} {service.url}")
    typer.echo(f"  {'sandbox':<17} {sandbox_url}")
    typer.echo(f"Logs of the services: {data_dir.resolve() / 'logs'}")
    try:
        run_services(services, environment, data_dir.resolve() / "logs")
    except RuntimeError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    typer.echo("Stopped the demo's services and the sandbox.")
