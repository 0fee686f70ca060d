"""`sellerops dashboard` starts a real Streamlit server on loopback that serves the app."""

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sellerops.cli.dashboard import APP_PATH, streamlit_command
from tests.network import free_port

STARTUP_DEADLINE_SECONDS = 90
# The console script the project installs into the virtual environment.
SELLEROPS = str(Path(sys.executable).parent / "sellerops")


def test_streamlit_command_names_app():
    command = streamlit_command(8600, "127.0.0.1")

    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert command[4] == str(APP_PATH)
    assert APP_PATH.is_file()
    assert command[command.index("--server.address") + 1] == "127.0.0.1"


def test_dashboard_command_serves_app(app_environment, tmp_path):
    port = free_port()
    log = (tmp_path / "dashboard.log").open("w")
    process = subprocess.Popen(
        [SELLEROPS, "dashboard", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert health is not None, (tmp_path / "dashboard.log").read_text()
        assert health.text == "ok"

        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert page.status_code == 200
        assert "<html" in page.text.lower()

        # The command runs Streamlit in its own process, so stopping it stops the server.
        process.terminate()
        process.wait(timeout=30)
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
