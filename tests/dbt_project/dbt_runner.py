"""Paths and a dbt CLI runner shared by the dbt project tests."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT = REPO_ROOT / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")


def run_dbt(command: list[str], warehouse: Path, target_path: Path) -> subprocess.CompletedProcess:
    """Run the dbt CLI on the project against the warehouse file, failing with dbt's output."""
    environment = {**os.environ, "SELLEROPS_WAREHOUSE_PATH": str(warehouse)}
    result = subprocess.run(
        [
            str(DBT),
            *command,
            "--project-dir",
            str(DBT_PROJECT),
            "--profiles-dir",
            str(DBT_PROJECT),
            "--target-path",
            str(target_path),
            "--log-path",
            str(target_path / "logs"),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"dbt {' '.join(command)} failed:\n{result.stdout[-4000:]}"
    return result
