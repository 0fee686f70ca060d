"""The fast-mover tests read the shared sandbox warehouse, which has the seller's stock."""

from pathlib import Path

import pytest
from shared_sandbox import SharedWarehouse


@pytest.fixture(scope="session")
def stocked_warehouse(shared_warehouse: SharedWarehouse) -> tuple[Path, dict]:
    """The synced, stocked and dbt-built shared warehouse, and the sandbox truth."""
    return shared_warehouse.path, shared_warehouse.truth
