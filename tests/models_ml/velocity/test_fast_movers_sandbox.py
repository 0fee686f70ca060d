"""Fast movers on a sandbox warehouse, checked against the sandbox truth."""

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from models_ml.frames import order_item_frame, stock_cover_frame
from models_ml.velocity import find_fast_movers
from models_ml.velocity.classes import ABC_A_SHARE
from models_ml.velocity.movers import VELOCITY_DAYS


@pytest.fixture(scope="module")
def movers_and_truth(stocked_warehouse: tuple[Path, dict]) -> tuple[pl.DataFrame, dict, datetime]:
    warehouse, truth = stocked_warehouse
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        items = order_item_frame(connection)
        stock = stock_cover_frame(connection)
    finally:
        connection.close()

    as_of = items["as_of"].max()
    return find_fast_movers(items, as_of, stock).movers, truth, as_of


def truth_units(truth: dict, as_of: datetime, days: int) -> dict[str, int]:
    """Return units per SKU ordered in the days before as_of, cancelled shipments left out."""
    (seller,) = truth["sellers"].values()
    units: dict[str, int] = {}
    for entry in seller["orderItems"].values():
        ordered_at = datetime.fromisoformat(entry["orderDate"])
        cancelled = seller["shipments"][entry["shipmentId"]]["state"] == "CANCELLED"
        if not cancelled and as_of - timedelta(days=days) < ordered_at <= as_of:
            units[entry["sku"]] = units.get(entry["sku"], 0) + entry["quantity"]
    return units


@pytest.mark.xdist_group("dbt-build")
def test_sandbox_units_match_truth(movers_and_truth) -> None:
    movers, truth, as_of = movers_and_truth
    expected = truth_units(truth, as_of, VELOCITY_DAYS)

    found = {sku: units for sku, units in movers.select("sku", "units_30d").iter_rows() if units}

    assert found == expected


@pytest.mark.xdist_group("dbt-build")
def test_sandbox_days_of_cover_match_truth(movers_and_truth) -> None:
    movers, truth, _ = movers_and_truth
    (seller,) = truth["sellers"].values()

    for sku, velocity, days in movers.select("sku", "velocity", "days_of_cover").iter_rows():
        entry = seller["skus"][sku]
        available = sum(
            max(on_hand - entry["committedStock"].get(location, 0), 0)
            for location, on_hand in entry["physicalStock"].items()
        )
        expected = round(available / velocity, 1) if velocity > 0 else None
        assert days == expected, sku


@pytest.mark.xdist_group("dbt-build")
def test_sandbox_abc_classes_split_revenue(movers_and_truth) -> None:
    movers, _, _ = movers_and_truth
    class_a = movers.filter(pl.col("abc_class") == "A")["revenue_share"]

    assert movers["revenue_share"].sum() == pytest.approx(1.0)
    assert class_a.sum() >= float(ABC_A_SHARE)
    assert class_a.sum() - class_a.min() < float(ABC_A_SHARE)
    print(movers.head(10))


@pytest.mark.xdist_group("dbt-build")
def test_sandbox_every_listed_sku_has_a_row(movers_and_truth) -> None:
    movers, truth, _ = movers_and_truth
    (seller,) = truth["sellers"].values()

    assert set(movers["sku"]) == set(seller["skus"])
    assert movers["velocity"].max() > 0
