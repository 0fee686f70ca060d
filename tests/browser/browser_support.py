"""What the headless-browser tests share: Debian's Chromium, free ports and a health wait."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx

CHROMIUM = Path("/usr/bin/chromium")
PAGE_TIMEOUT_MS = 60_000
# Variables that would point a started dashboard or demo at another store, key, tenant or timeout.
INHERITED_OUT = (
    "SELLEROPS_DATABASE_URL",
    "SELLEROPS_SECRET_KEY",
    "SELLEROPS_KEY_FILE",
    "SELLEROPS_SESSION_TIMEOUT_MINUTES",
    "SELLEROPS_DASHBOARD_TENANT",
)


def clean_environment() -> dict[str, str]:
    """Return this process's environment without the variables in INHERITED_OUT."""
    return {name: value for name, value in os.environ.items() if name not in INHERITED_OUT}


def wait_until_healthy(
    url: str, process: subprocess.Popen, log_path: Path, *, seconds: float, what: str
) -> None:
    """Wait for Streamlit's health check at `url`; raise with `what`'s log if it exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the {what} exited with {process.returncode}: {log_path.read_text()}"
            )
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the dashboard did not answer at {url} in {seconds:.0f} s")
