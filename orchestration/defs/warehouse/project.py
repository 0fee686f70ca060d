"""The dbt project, with its manifest built by `dbt parse` (no database connection)."""

from __future__ import annotations

import fcntl
import os
import shutil
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
# dbt's switch for ANSI colour codes in its log lines (dbt-core 1.11 `--use-colors`).
COLOURS_VARIABLE = "DBT_USE_COLORS"
WAREHOUSE_GROUP = "warehouse"

sellerops_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)


def dbt_executable() -> str:
    """Return the dbt installed beside this Python, so an inactive venv still finds it."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


def prepare_manifest() -> Path:
    """Build target/manifest.json with `dbt parse` under `dagster dev` or when it is missing.

    This does what `DbtProject.prepare_if_dev()` does, with the venv's dbt executable: the
    preparer looks for `dbt` on PATH, which an inactive venv does not provide. Several processes
    import the definitions at once (pytest workers, the processes of `dagster dev`), so one
    parses at a time under a file lock, in its own target folder, and the manifest is swapped
    in whole: no process reads a half-written file.
    """
    manifest = sellerops_project.manifest_path
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with (manifest.parent / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if manifest.exists() and not using_dagster_dev() and not _sources_newer_than(manifest):
            return manifest
        parse_target = manifest.parent / "parse"
        subprocess.run(  # noqa: S603 - fixed argv
            [
                dbt_executable(),
                "parse",
                "--quiet",
                *("--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)),
                *("--target-path", str(parse_target)),
            ],
            cwd=PROJECT_DIR,
            check=True,
        )
        staged = manifest.with_name(f".{manifest.name}.{os.getpid()}")
        shutil.copyfile(parse_target / manifest.name, staged)
        os.replace(staged, manifest)
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
    """Point the dbt profile at one tenant's file for the block, and colour dbt only on a tty.

    DbtCliResource passes the process environment to dbt and takes no per-call overrides,
    so the variables are set here and restored afterwards. Steps of a run execute one at a time
    per process, so no other dbt call of this process starts while they are set. dagster-dbt
    copies dbt's lines to `sys.stdout`, so a log file or a pipe gets them without colour codes;
    a DBT_USE_COLORS set by the user wins.
    """
    overrides = {WAREHOUSE_PATH_VARIABLE: str(warehouse_path.resolve())}
    if COLOURS_VARIABLE not in os.environ:
        overrides[COLOURS_VARIABLE] = "true" if sys.stdout.isatty() else "false"

    previous = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
