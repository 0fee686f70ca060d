"""The demo's services stop on Ctrl-C or SIGTERM, even when the demo started with both blocked."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.network import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[3]
START_SECONDS = 60
STOP_SECONDS = 30

# Runs `run_services` with one web server. It first ignores SIGINT, as a shell's background job
# does, and blocks both stop signals.
DRIVER = """
import os, signal, sys
from pathlib import Path
from sellerops.cli.demo_services import Service, run_services

signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
port = int(sys.argv[1])
command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
if sys.argv[3] == "in-background":
    # sh starts a background job with SIGINT ignored, so the server outlives the shell.
    command = ["sh", "-c", " ".join(command) + " & wait"]
service = Service("web server", command, f"http://127.0.0.1:{port}", port)
run_services([service], dict(os.environ), Path(sys.argv[2]))
print("services stopped", flush=True)
"""


def wait_until_serving(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {START_SECONDS} s")


@pytest.mark.parametrize(
    ("stop_signal", "layout"),
    [
        (signal.SIGINT, "direct"),
        (signal.SIGTERM, "direct"),
        (signal.SIGINT, "in-background"),
    ],
    ids=["sigint", "sigterm", "sigint-child-ignores-it"],
)
def test_run_services_stops_on_signal(tmp_path, stop_signal, layout):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(port), str(tmp_path / "logs"), layout],
        cwd=PROJECT_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_serving(url, driver)
        driver.send_signal(stop_signal)
        output, _ = driver.communicate(timeout=STOP_SECONDS)
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()

    assert driver.returncode == 0, output
    assert "services stopped" in output
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)
