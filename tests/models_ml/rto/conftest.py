"""A sandbox seller with four months of history, synced into a warehouse and built with dbt.

Built once per session, because syncing about 20,000 order items and running dbt takes
minutes (about four on a busy two-core machine).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from rto_sandbox_history import SandboxHistory

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from models_ml.frames import order_item_frame

PROJECT_ROOT = Path(__file__).resolve().parents[3]
# 160 orders a day for 120 days leaves a test slice of about 3,400 labelled items.
SANDBOX = {"seed": 31, "sellers": 1, "orders_per_day": 160.0, "history_days": 120, "speed": 0}


def load_test_module(name: str) -> ModuleType:
    """Load tests/dbt_project/<name>.py by path, because the test folders are not packages."""
    path = PROJECT_ROOT / "tests" / "dbt_project" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"dbt_project_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def sandbox_history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxHistory]:
    directory = tmp_path_factory.mktemp("rto-warehouse")
    warehouse = directory / "seller.duckdb"
    sandbox_warehouse = load_test_module("sandbox_warehouse")
    dbt_runner = load_test_module("dbt_runner")

    with SandboxServer(**SANDBOX) as server:
        account_id, truth = sandbox_warehouse.sync_first_seller(server, warehouse)
    dbt_runner.run_dbt(["build"], warehouse, directory / "target")

    connection = open_warehouse(warehouse, read_only=True)
    try:
        items = order_item_frame(connection, account_id)
    finally:
        connection.close()
    yield SandboxHistory(account_id=account_id, items=items, truth=truth, warehouse=warehouse)
