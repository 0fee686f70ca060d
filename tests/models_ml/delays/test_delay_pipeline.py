"""Delay findings through the whole pipeline: sandbox over HTTP, syncs, dbt marts, the model.

The sandbox runs with its autopilot seller, which requests labels and marks ready to dispatch
on the simulated clock, the planted weekday's orders after their dispatch-by. The test steps
the clock eight hours at a time and runs an incremental sync after each step, at 06, 14 and
22 IST. The sandbox's warehouses work from 09:30 to 19:30 IST at the widest, and its couriers
pick up a shipment readied before 14:00 from 15:00 that day and a later one the next working
day. So each sync returns the shipments readied since the previous one while they are still
READY_TO_DISPATCH, and the warehouse takes their ready-to-dispatch times from its status
history, as it does with production's syncs every 15 minutes. The sandbox truth serves only
to check those times.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from dbt_runner import run_dbt
from sandbox_warehouse import MemoryCursors, sync_first_seller

from ingestion.client import FlipkartClient
from ingestion.sandbox.server.runner import SandboxServer
from ingestion.sandbox.simulation.config import IST
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.sync import sync_account
from models_ml.delays import find_delay_patterns
from models_ml.delays.shipments import WEEKDAY_NAMES
from models_ml.frames import order_item_frame

PLANTED_WEEKDAY = 2  # Wednesday
START = datetime(2026, 11, 30, 6, 0, tzinfo=IST)  # a Monday, on the sync grid
SANDBOX = {
    "seed": 11,
    "sellers": 1,
    "orders_per_day": 40,
    "history_days": 3,
    "speed": 0,
    "start": START,
    "autopilot": True,
}
SIMULATED_DAYS = 14
SYNC_STEP = timedelta(hours=8)


def build_synced_warehouse(directory: Path, late_weekday: int | None) -> tuple[Path, dict]:
    """Sync a sandbox seller every SYNC_STEP for SIMULATED_DAYS, then build the warehouse.

    Returns the warehouse file and the sandbox truth at the end.
    """
    warehouse = directory / "seller.duckdb"
    steps = int(timedelta(days=SIMULATED_DAYS) / SYNC_STEP)

    with SandboxServer(**SANDBOX, late_weekday=late_weekday) as server:
        account_id, _ = sync_first_seller(server, warehouse)
        seller = server.credentials()[0]
        client = FlipkartClient(
            "local", seller["app_id"], seller["app_secret"], base_url=server.base_url
        )
        cursors = MemoryCursors()
        connection = open_warehouse(warehouse)
        try:
            with client:
                for _ in range(steps):
                    server.clock(advance_seconds=SYNC_STEP.total_seconds())
                    report = sync_account(
                        client,
                        connection,
                        account_id=account_id,
                        cursors=cursors,
                        mode="incremental",
                    )
                    assert report.succeeded, report
        finally:
            connection.close()
        truth = server.truth(account_id)

    run_dbt(["build"], warehouse, directory / "target")
    return warehouse, truth


def load_items(warehouse: Path) -> pl.DataFrame:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return order_item_frame(connection)
    finally:
        connection.close()


def truth_rtd_times(truth: dict) -> pl.DataFrame:
    """Return each shipment's true ready-to-dispatch time and final state from the truth."""
    (seller,) = truth["sellers"].values()
    shipments = seller["shipments"]
    return pl.DataFrame(
        {
            "shipment_id": list(shipments),
            "true_rtd": [entry["readyToDispatchAt"] for entry in shipments.values()],
            "true_state": [entry["state"] for entry in shipments.values()],
        },
        schema={"shipment_id": pl.String, "true_rtd": pl.String, "true_state": pl.String},
    ).with_columns(pl.col("true_rtd").str.to_datetime(time_zone="UTC"))


@pytest.fixture(scope="module")
def planted_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    yield build_synced_warehouse(tmp_path_factory.mktemp("planted-pipeline"), PLANTED_WEEKDAY)


@pytest.fixture(scope="module")
def unplanted_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    yield build_synced_warehouse(tmp_path_factory.mktemp("unplanted-pipeline"), None)


@pytest.mark.xdist_group("dbt-build")
def test_pipeline_planted_weekday_ranks_first(planted_pipeline: tuple[Path, dict]) -> None:
    warehouse, _ = planted_pipeline
    items = load_items(warehouse)

    result = find_delay_patterns(items, items["as_of"].max())
    print(result.findings.head(5))
    print(f"judged {result.version.rows} of {items['shipment_id'].n_unique()} shipments")
    top = result.findings.row(0, named=True)

    assert top["rank"] == 1
    assert top["dimension"] == "weekday"
    assert top["value"] == WEEKDAY_NAMES[PLANTED_WEEKDAY]
    assert top["low"] > 0
    assert top["orders"] >= 30


@pytest.mark.xdist_group("dbt-build")
def test_pipeline_observes_true_rtd_times(planted_pipeline: tuple[Path, dict]) -> None:
    """The synced status history gives each readied shipment its true ready-to-dispatch time.

    A buyer may cancel a shipment that is ready to dispatch, and a cancellation before the
    next sync hides that status from the warehouse, so cancelled shipments are left out.
    """
    warehouse, truth = planted_pipeline
    items = load_items(warehouse)

    shipments = (
        items.filter(pl.col("ordered_at") >= START)
        .group_by("shipment_id")
        .agg(pl.col("ready_to_dispatch_at").min())
        .join(truth_rtd_times(truth), on="shipment_id", how="inner")
    )
    readied = shipments.filter(
        pl.col("true_rtd").is_not_null() & (pl.col("true_state") != "CANCELLED")
    )
    unobserved = readied.filter(pl.col("ready_to_dispatch_at").is_null())
    mismatched = readied.filter(pl.col("ready_to_dispatch_at") != pl.col("true_rtd"))
    print(f"observed {readied.height - unobserved.height} of {readied.height} readied shipments")

    assert readied.height > 300
    assert unobserved.height == 0, unobserved.head(5)
    assert mismatched.height == 0, mismatched.head(5)


@pytest.mark.xdist_group("dbt-build")
def test_pipeline_unplanted_weekday_not_found(unplanted_pipeline: tuple[Path, dict]) -> None:
    warehouse, _ = unplanted_pipeline
    items = load_items(warehouse)

    findings = find_delay_patterns(items, items["as_of"].max()).findings
    print(findings.head(5))
    top = findings.row(0, named=True)
    weekday = findings.filter(
        (pl.col("dimension") == "weekday") & (pl.col("value") == WEEKDAY_NAMES[PLANTED_WEEKDAY])
    )

    assert (top["dimension"], top["value"]) != ("weekday", WEEKDAY_NAMES[PLANTED_WEEKDAY])
    assert weekday.height == 1
    assert weekday["low"].item() <= 0
