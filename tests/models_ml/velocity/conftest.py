"""A sandbox warehouse with the seller's stock levels, built once per session."""

import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dbt_project"))

from dbt_runner import run_dbt
from sandbox_warehouse import sync_first_seller

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.stock_copy import (
    StockLevelRow,
    ensure_stock_tables,
    replace_stock_levels,
)

SANDBOX = {"seed": 17, "sellers": 1, "orders_per_day": 30, "history_days": 60, "speed": 0}


def stock_rows(truth: dict) -> list[StockLevelRow]:
    """Return the stock a ledger would hold: the sandbox's shelf and committed units."""
    (seller,) = truth["sellers"].values()
    rows = []
    for sku, entry in sorted(seller["skus"].items()):
        for location_id, on_hand in sorted(entry["physicalStock"].items()):
            reserved = entry["committedStock"].get(location_id, 0)
            rows.append(
                StockLevelRow(
                    sku=sku,
                    location_id=location_id,
                    on_hand=on_hand,
                    reserved=reserved,
                    damaged=0,
                    available=on_hand - reserved,
                    safety_buffer=0,
                    low_stock_threshold=None,
                )
            )
    return rows


@pytest.fixture(scope="session")
def stocked_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A synced, stocked and dbt-built sandbox warehouse, and the sandbox truth."""
    directory = tmp_path_factory.mktemp("stocked")
    warehouse = directory / "seller.duckdb"
    with SandboxServer(**SANDBOX) as server:
        _, truth = sync_first_seller(server, warehouse)

    connection = duckdb.connect(str(warehouse))
    try:
        ensure_stock_tables(connection)
        replace_stock_levels(connection, stock_rows(truth))
    finally:
        connection.close()

    run_dbt(["build"], warehouse, directory / "target")
    return warehouse, truth
