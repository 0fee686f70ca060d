"""Every example in docs/api.md runs against a local sandbox, so the page stays true."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingestion.sandbox.server.runner import SandboxServer

API_PAGE = Path(__file__).parents[2] / "docs" / "api.md"
FENCE = re.compile(r"```(python|sh)\n(.*?)```", re.DOTALL)


def _blocks(language: str) -> list[str]:
    return [body for found, body in FENCE.findall(API_PAGE.read_text()) if found == language]


@pytest.fixture(scope="module")
def sandbox_env() -> Iterator[dict[str, str]]:
    with SandboxServer(seed=7, sellers=1, orders_per_day=20, history_days=60, speed=0) as server:
        seller = server.credentials()[0]
        yield {
            **os.environ,
            "SELLEROPS_SANDBOX_URL": server.base_url,
            "FLIPKART_APP_ID": seller["app_id"],
            "FLIPKART_APP_SECRET": seller["app_secret"],
        }


def test_python_examples_run(sandbox_env: dict[str, str]) -> None:
    """The Python examples run in order as one script, as a reader would paste them."""
    script = "\n".join(_blocks("python"))
    completed = subprocess.run(
        [sys.executable, "-c", script], env=sandbox_env, capture_output=True, text=True, timeout=180
    )
    assert completed.returncode == 0, completed.stderr
    assert "SUCCESS" in completed.stdout
    assert "shipments," in completed.stdout


def _cli_commands() -> list[str]:
    # The last shell block holds the CLI examples; the first one starts a server by hand.
    prefix = ".venv/bin/sellerops "
    return [line for line in _blocks("sh")[-1].splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("command", _cli_commands())
def test_cli_example_runs(sandbox_env: dict[str, str], command: str) -> None:
    executable = shutil.which("sellerops", path=str(Path(sys.executable).parent))
    assert executable is not None, "the sellerops console script is not installed in the venv"
    arguments = [executable, *command.split()[1:]]
    completed = subprocess.run(
        arguments, env=sandbox_env, capture_output=True, text=True, timeout=180
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().startswith("{")
