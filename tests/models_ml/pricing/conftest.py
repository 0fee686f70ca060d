"""One sandbox warehouse for the price model tests, built once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pricing_warehouse import PricingWarehouse, build_pricing_warehouse

# The sync and dbt helpers of the dbt project tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "dbt_project"))


@pytest.fixture(scope="session")
def pricing_warehouse(tmp_path_factory: pytest.TempPathFactory) -> PricingWarehouse:
    """A warehouse built from six months of one sandbox seller's orders, with its truth."""
    return build_pricing_warehouse(tmp_path_factory.mktemp("pricing-warehouse"))
