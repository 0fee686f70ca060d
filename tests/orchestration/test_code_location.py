"""The code location validates with the Dagster CLI and contains what the pipeline needs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from orchestration.runner import load_definitions

pytestmark = pytest.mark.xdist_group("orchestration")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DAGSTER = PROJECT_ROOT / ".venv" / "bin" / "dagster"


def test_definitions_validate() -> None:
    result = subprocess.run(
        [str(DAGSTER), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_jobs_schedules_and_sensor_load() -> None:
    definitions = load_definitions()
    assert {"incremental_sync", "full_rebuild", "backfill"} <= {
        job.name for job in definitions.resolve_all_job_defs()
    }
    assert definitions.resolve_schedule_def("incremental_sync_schedule").cron_schedule
    assert definitions.resolve_sensor_def("seller_accounts_sensor") is not None


def test_writers_claim_the_warehouse_pool() -> None:
    graph = load_definitions().resolve_asset_graph()
    writers = {
        "operational_copy",
        "flipkart_sync",
        "warehouse_dbt",
        "published_warehouse",
    }
    pools = {
        node.assets_def.node_def.name: node.assets_def.node_def.pool
        for node in graph.asset_nodes
        if node.assets_def.is_executable and node.assets_def.node_def.name in writers
    }
    assert pools == dict.fromkeys(writers, "duckdb_writers")
