"""The dbt project, with its manifest built by `dbt parse` (no database connection)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject
from dagster_dbt.dbt_project import using_dagster_dev

PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"
WAREHOUSE_PATH_VARIABLE = "SELLEROPS_WAREHOUSE_PATH"
WAREHOUSE_GROUP = "warehouse"

sellerops_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)


def dbt_executable() -> str:
    """Return the dbt installed beside this Python, so an inactive venv still finds it."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


def prepare_manifest() -> Path:
    """Build target/manifest.json with `dbt parse` under `dagster dev` or when it is missing.

    This does what `DbtProject.prepare_if_dev()` does, with the venv's dbt executable: the
    preparer looks for `dbt` on PATH, which an inactive venv does not provide.
    """
    manifest = sellerops_project.manifest_path
    if manifest.exists() and not using_dagster_dev() and not _sources_newer_than(manifest):
        return manifest
    subprocess.run(  # noqa: S603 - fixed argv
        [
            dbt_executable(),
            "parse",
            "--quiet",
            *("--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)),
        ],
        cwd=PROJECT_DIR,
        check=True,
    )
    return manifest


class SellerOpsTranslator(DagsterDbtTranslator):
    """Maps dbt sources onto the raw landing assets and models to `<schema>/<name>`."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or "main"
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return WAREHOUSE_GROUP


def _sources_newer_than(manifest: Path) -> bool:
    """Return whether a model, seed, macro, test or project file changed after `manifest`."""
    built = manifest.stat().st_mtime
    sources = [PROJECT_DIR / "dbt_project.yml", PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "seeds", "macros", "tests"):
        sources += (PROJECT_DIR / folder).rglob("*")
    return any(path.is_file() and path.stat().st_mtime > built for path in sources)


@contextmanager
def warehouse_environment(warehouse_path: Path) -> Iterator[None]:
    """Point the dbt profile at one tenant's file for the block.

    DbtCliResource passes the process environment to dbt and takes no per-call overrides,
    so the variable is set here and restored afterwards. Steps of a run execute one at a time
    per process, so no other dbt call of this process starts while the variable is set.
    """
    previous = os.environ.get(WAREHOUSE_PATH_VARIABLE)
    os.environ[WAREHOUSE_PATH_VARIABLE] = str(warehouse_path.resolve())
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(WAREHOUSE_PATH_VARIABLE, None)
        else:
            os.environ[WAREHOUSE_PATH_VARIABLE] = previous
