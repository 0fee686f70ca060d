"""One sandbox, one operational store and one built warehouse shared by the pipeline tests.

Every test module here is in xdist group `orchestration`, so they all run in one worker and
build the warehouse once. The sandbox clock is frozen (speed 0), so every run, killed or
clean, in any time zone, reads the same simulated world.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import dagster as dg
import pytest

from ingestion.sandbox.server.runner import SandboxServer
from ingestion.warehouse.connection import open_warehouse
from ingestion.warehouse.paths import warehouse_paths
from orchestration.defs.sync.partitions import AccountPartition
from orchestration.defs.sync.resources import OperationalStoreResource, WarehouseResource
from orchestration.marts import mart_checksums
from orchestration.runner import AccountRun, load_definitions, run_account
from orchestration.sandbox_tenant import provision_sandbox_tenant
from sellerops.db import upgrade_to_head
from sellerops.settings import PasswordHashing, Settings
from sellerops.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SANDBOX = {"seed": 23, "sellers": 1, "history_days": 21, "orders_per_day": 30.0, "speed": 0}
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)
# Variables that would point a child process at another store, key or Dagster instance.
INHERITED_OUT = (
    "SELLEROPS_DATABASE_URL",
    "SELLEROPS_SECRET_KEY",
    "SELLEROPS_KEY_FILE",
    "DAGSTER_HOME",
)


@dataclass
class Pipeline:
    """The shared sandbox, data directory and store, and how to run the graph against them."""

    server: SandboxServer
    data_dir: Path
    store: Store
    definitions: dg.Definitions
    instance: dg.DagsterInstance

    @property
    def resources(self) -> dict[str, Any]:
        return {
            "operational_store": OperationalStoreResource(data_dir=str(self.data_dir)),
            "warehouse": WarehouseResource(data_dir=str(self.data_dir)),
        }

    def provision(self, slug: str) -> AccountPartition:
        """Create tenant `slug` with the sandbox's one seller; return its partition."""
        (partition,) = provision_sandbox_tenant(self.store, self.server, slug=slug)
        return partition

    def run(self, partition: AccountPartition, **options: Any) -> AccountRun:
        """Run the graph for `partition` in this process."""
        return run_account(
            partition,
            resources=self.resources,
            instance=self.instance,
            definitions=self.definitions,
            **options,
        )

    def checksums(self, slug: str) -> dict[str, str]:
        """Checksum every mart of the tenant's published copy, without account ids.

        Account ids are minted by the store per tenant, so tenants built from the same seller
        differ only there.
        """
        path = warehouse_paths(self.data_dir, slug).published
        connection = open_warehouse(path, read_only=True)
        try:
            return mart_checksums(connection, exclude_columns=("account_id",))
        finally:
            connection.close()

    def child_environment(self, **extra: str) -> dict[str, str]:
        """Environment of a `sellerops` child process that uses this store and data dir."""
        environment = {k: v for k, v in os.environ.items() if k not in INHERITED_OUT}
        environment.update(SELLEROPS_DATA_DIR=str(self.data_dir), PYTHONPATH=str(PROJECT_ROOT))
        environment.update(extra)
        return environment

    def pipeline_command(self, slug: str) -> list[str]:
        return [sys.executable, "-m", "sellerops.cli.pipeline", "run", "--tenant", slug]

    def run_child(self, slug: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """Run `sellerops pipeline run --tenant slug` in a child process and wait for it."""
        return subprocess.run(
            self.pipeline_command(slug),
            env=self.child_environment(**extra),
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


@pytest.fixture(scope="session")
def truth_checks() -> ModuleType:
    """tests/dbt_project/truth.py, the comparison of marts with sandbox truth, loaded by path
    because the test folders are not packages."""
    path = PROJECT_ROOT / "tests" / "dbt_project" / "truth.py"
    spec = importlib.util.spec_from_file_location("dbt_project_truth", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    data_dir = tmp_path_factory.mktemp("pipeline-data")
    settings = Settings(data_dir=data_dir, password_hashing=FAST_HASHING)
    store = Store.open(settings, create_key=True)
    upgrade_to_head(store.engine)
    with SandboxServer(**SANDBOX) as server:
        yield Pipeline(
            server=server,
            data_dir=data_dir,
            store=store,
            definitions=load_definitions(),
            instance=dg.DagsterInstance.ephemeral(),
        )
    store.close()


@dataclass(frozen=True)
class BuiltWarehouse:
    """Tenant `clean`, built once with no faults: the reference every other run must equal."""

    partition: AccountPartition
    run: AccountRun
    checksums: dict[str, str]
    published: Path


@pytest.fixture(scope="session")
def built(pipeline: Pipeline) -> BuiltWarehouse:
    partition = pipeline.provision("clean")
    run = pipeline.run(partition)
    assert run.success, run.problems
    return BuiltWarehouse(
        partition=partition,
        run=run,
        checksums=pipeline.checksums("clean"),
        published=warehouse_paths(pipeline.data_dir, "clean").published,
    )
