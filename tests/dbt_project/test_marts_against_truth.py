"""Sync a sandbox account into a warehouse, build the dbt project and check the marts against
the sandbox's ground truth with the same rate card."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_runner import run_dbt
from sandbox_warehouse import sync_first_seller
from truth import compare_marts_with_truth

from ingestion.sandbox.server.runner import SandboxServer

SANDBOX = {"seed": 11, "sellers": 1, "orders_per_day": 20, "history_days": 130, "speed": 0}


@pytest.fixture(scope="module")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A warehouse synced in full from one sandbox seller and built with dbt, with its truth."""
    directory = tmp_path_factory.mktemp("warehouse")
    warehouse = directory / "seller.duckdb"

    with SandboxServer(**SANDBOX) as server:
        _, truth = sync_first_seller(server, warehouse)

    run_dbt(["build"], warehouse, directory / "target")
    yield warehouse, truth


@pytest.mark.xdist_group("dbt-build")
def test_marts_match_the_sandbox_truth(built_warehouse: tuple[Path, dict]) -> None:
    """Counts, selling price, every fee, returns and SLA verdicts agree with the truth."""
    warehouse, truth = built_warehouse

    assert compare_marts_with_truth(warehouse, truth) == []
