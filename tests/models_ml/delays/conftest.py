"""Sandbox warehouses with and without a planted late weekday, built once per session.

The unplanted one is the shared warehouse of the model tests. The planted one is a smaller
seller of its own, because planting a late weekday changes which orders get cancelled and so
would change the data the RTO tests were sized on.
"""

import sys
from pathlib import Path

import pytest
from shared_sandbox import SharedWarehouse

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dbt_project"))

from dbt_runner import run_dbt
from sandbox_warehouse import sync_first_seller

from ingestion.sandbox.server.runner import SandboxServer

SANDBOX = {"seed": 11, "sellers": 1, "orders_per_day": 20, "history_days": 100, "speed": 0}
PLANTED_WEEKDAY = 2  # Wednesday


def build_warehouse(directory: Path, late_weekday: int | None) -> tuple[Path, dict]:
    """Sync the sandbox's seller into a warehouse, build it with dbt; return it and the truth."""
    warehouse = directory / "seller.duckdb"
    with SandboxServer(**SANDBOX, late_weekday=late_weekday) as server:
        _, truth = sync_first_seller(server, warehouse)
    run_dbt(["build"], warehouse, directory / "target")
    return warehouse, truth


@pytest.fixture(scope="session")
def planted_weekday() -> int:
    return PLANTED_WEEKDAY


@pytest.fixture(scope="session")
def planted_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    return build_warehouse(tmp_path_factory.mktemp("planted"), PLANTED_WEEKDAY)


@pytest.fixture(scope="session")
def unplanted_warehouse(shared_warehouse: SharedWarehouse) -> tuple[Path, dict]:
    return shared_warehouse.path, shared_warehouse.truth
