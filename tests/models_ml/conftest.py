"""The one sandbox warehouse every model test reads, built once per session.

Tests that use it belong in xdist group `dbt-build`, so under `--dist loadgroup` they all run
in one worker and the warehouse is built once.
"""

from __future__ import annotations

import pytest
from shared_sandbox import SharedWarehouse, build_shared_warehouse


@pytest.fixture(scope="session")
def shared_warehouse(tmp_path_factory: pytest.TempPathFactory) -> SharedWarehouse:
    """A synced, stocked and dbt-built sandbox warehouse (see shared_sandbox.SANDBOX)."""
    return build_shared_warehouse(tmp_path_factory.mktemp("models-warehouse"))
