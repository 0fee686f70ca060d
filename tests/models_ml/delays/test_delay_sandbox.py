"""Delay findings on sandbox warehouses, with and without a planted late weekday.

A full sync shows each history shipment only in its current state, so the warehouse contains
the ready-to-dispatch time of few of them (sla_status 'unknown' for the rest). Continuous
syncs observe it as it happens. These tests take each history shipment's ready-to-dispatch
time from the sandbox truth, so they can use months of history; every other column comes from
the built marts. test_delay_pipeline.py observes the times through repeated syncs instead.
"""

from pathlib import Path

import duckdb
import polars as pl
import pytest

from models_ml.delays import find_delay_patterns
from models_ml.frames import order_item_frame

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def items_with_truth_rtd(warehouse: Path, truth: dict) -> pl.DataFrame:
    """Load the order item frame, with ready_to_dispatch_at as continuous syncs would see it."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        items = order_item_frame(connection)
    finally:
        connection.close()

    (seller,) = truth["sellers"].values()
    observed = pl.DataFrame(
        {
            "shipment_id": list(seller["shipments"]),
            "observed_rtd": [entry["readyToDispatchAt"] for entry in seller["shipments"].values()],
        },
        schema={"shipment_id": pl.String, "observed_rtd": pl.String},
    ).with_columns(pl.col("observed_rtd").str.to_datetime(time_zone="UTC"))
    return (
        items.join(observed, on="shipment_id", how="left")
        .with_columns(pl.col("observed_rtd").alias("ready_to_dispatch_at"))
        .drop("observed_rtd")
    )


@pytest.mark.xdist_group("dbt-build")
def test_planted_weekday_is_top_finding(
    planted_warehouse: tuple[Path, dict], planted_weekday: int
) -> None:
    items = items_with_truth_rtd(*planted_warehouse)

    result = find_delay_patterns(items, items["as_of"].max())
    top = result.findings.row(0, named=True)
    print(result.findings.head(5))

    assert top["dimension"] == "weekday"
    assert top["value"] == WEEKDAY_NAMES[planted_weekday]
    assert top["low"] > 0
    assert top["late_rate"] > 0.9


@pytest.mark.xdist_group("dbt-build")
def test_unplanted_weekday_not_significant(
    unplanted_warehouse: tuple[Path, dict], planted_weekday: int
) -> None:
    items = items_with_truth_rtd(*unplanted_warehouse)

    findings = find_delay_patterns(items, items["as_of"].max()).findings
    weekdays = findings.filter(pl.col("dimension") == "weekday")
    print(weekdays)
    same_weekday = weekdays.filter(pl.col("value") == WEEKDAY_NAMES[planted_weekday])

    assert same_weekday.height == 1
    assert same_weekday["low"].item() <= 0


@pytest.mark.xdist_group("dbt-build")
def test_warehouse_alone_judges_few_shipments(planted_warehouse: tuple[Path, dict]) -> None:
    warehouse, _ = planted_warehouse
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        items = order_item_frame(connection)
    finally:
        connection.close()

    result = find_delay_patterns(items, items["as_of"].max())
    shipments = items["shipment_id"].n_unique()
    print(f"judged {result.version.rows} of {shipments} shipments from one full sync")

    assert result.version.rows < shipments / 10
