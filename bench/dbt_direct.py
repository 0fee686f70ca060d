"""Run a dbt project's compiled model SQL straight in DuckDB, in dependency order.

This is the baseline of the warehouse benchmark: the same SELECTs dbt runs, without dbt's
process start, parsing, adapter calls, contracts and tests.
"""

from __future__ import annotations

import json
import subprocess
import time
from graphlib import TopologicalSorter
from pathlib import Path

from ingestion.warehouse.connection import open_warehouse

DBT = Path(".venv/bin/dbt")
PROJECT_DIR = Path("dbt_project")


def run_dbt(command: list[str], warehouse: Path, target_path: Path) -> float:
    """Run `dbt <command>` against `warehouse`; return its wall time in seconds."""
    environment = {
        **_environ(),
        "SELLEROPS_WAREHOUSE_PATH": str(warehouse.resolve()),
        "DBT_TARGET_PATH": str(target_path.resolve()),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed argv
        [str(DBT), *command, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def compiled_models(target_path: Path) -> list[dict]:
    """Return the compiled models of a `dbt compile` manifest, parents before children."""
    manifest = json.loads((target_path / "manifest.json").read_text())
    models = {
        unique_id: node
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
    }
    graph = {
        unique_id: [parent for parent in node["depends_on"]["nodes"] if parent in models]
        for unique_id, node in models.items()
    }
    return [models[unique_id] for unique_id in TopologicalSorter(graph).static_order()]


def run_direct(warehouse: Path, models: list[dict]) -> float:
    """Create each model as its materialization sets (view or table); return seconds.

    Ephemeral models are inlined by dbt into their children's compiled SQL, so they are
    skipped here.
    """
    connection = open_warehouse(warehouse)
    try:
        started = time.perf_counter()
        for model in models:
            kind = model["config"]["materialized"]
            if kind == "ephemeral":
                continue
            relation = model["relation_name"]
            connection.execute(f'create schema if not exists "{model["schema"]}"')
            statement = "view" if kind == "view" else "table"
            connection.execute(
                f"create or replace {statement} {relation} as {model['compiled_code']}"
            )
        return time.perf_counter() - started
    finally:
        connection.close()


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)
