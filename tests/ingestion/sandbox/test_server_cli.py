"""The `sandbox` commands: one-line errors with exit codes, startup and stop lines, access log."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from ingestion.sandbox.server.cli import app
from ingestion.sandbox.simulation import Marketplace, SimConfig, truth

PROJECT_ROOT = Path(__file__).resolve().parents[3]
WIDE = {"COLUMNS": "200"}
SMALL_WORLD = ["--seed", "3", "--sellers", "1", "--history-days", "0"]


def invoke(*arguments: str):
    return CliRunner(env=WIDE).invoke(app, list(arguments))


@pytest.fixture
def busy_port():
    """A port held by a listening socket, so a `serve` that gets past validation fails fast."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


class Served:
    """A `serve` process with its stdout collected line by line in a background thread."""

    def __init__(self, port: int, process: subprocess.Popen) -> None:
        self.port = port
        self.process = process
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for_line(self, text: str, timeout: float = 5.0) -> str | None:
        """Return the first stdout line containing `text`, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            time.sleep(0.02)
        return None


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A `serve --access-log` process over a small world; tests stop it with SIGTERM."""
    port_file = tmp_path_factory.mktemp("serve") / "port"
    command = [sys.executable, "-m", "ingestion.sandbox", "serve", "--port", "0", "--speed", "0"]
    command += [*SMALL_WORLD, "--access-log", "--port-file", str(port_file)]
    command += ["--parent-pid", str(os.getpid())]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=PROJECT_ROOT, text=True
    )
    deadline = time.monotonic() + 30
    while not port_file.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield Served(int(port_file.read_text()), process)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (["--faults", "bogus"], "--faults"),
        (["--faults", "{bad"], "--faults"),
        (["--faults", '{"drop_rate": "x"}'], "--faults"),
        (["--sellers", "0"], "--sellers"),
        (["--speed", "-1"], "--speed"),
        (["--history-days", "-5"], "--history-days"),
        (["--orders-per-day", "-1"], "--orders-per-day"),
        (["--start", "yesterday"], "--start"),
        (["--start", "2026-11-30T10:00:00"], "--start"),
        (["--page-size", "50", "--max-page-size", "5"], "--max-page-size"),
        (["--form-failure-rate", "1.5"], "--form-failure-rate"),
    ],
)
def test_serve_bad_input(busy_port, arguments, option):
    result = invoke("serve", "--port", str(busy_port), *arguments)

    assert result.exit_code == 2, result.output
    assert f"'{option}'" in result.output
    assert "Traceback" not in result.output


def test_serve_busy_port(busy_port):
    result = invoke("serve", "--port", str(busy_port), *SMALL_WORLD)

    assert result.exit_code == 1
    assert "Address already in use" in result.output
    assert "--port 0" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_truth_unknown_seller():
    result = invoke("truth", *SMALL_WORLD, "--seller-id", "nope")

    assert result.exit_code == 2
    assert "'--seller-id'" in result.output


def test_truth_missing_rate_card(tmp_path):
    missing = tmp_path / "missing.csv"
    result = invoke("truth", *SMALL_WORLD, "--rate-card", str(missing))

    assert result.exit_code == 2
    assert "'--rate-card'" in result.output
    assert "missing.csv" in result.output


def test_truth_unreachable_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = invoke("truth", "--url", url)

    assert result.exit_code == 1
    assert url in result.output
    assert "No sandbox is reachable" in result.output


def test_truth_url_unknown_seller(served):
    result = invoke("truth", "--url", f"http://127.0.0.1:{served.port}", "--seller-id", "nope")

    assert result.exit_code == 2
    assert "'--seller-id'" in result.output


def test_truth_explicit_card_missing():
    marketplace = Marketplace(SimConfig(sellers=1, history_days=0))

    with pytest.raises(FileNotFoundError, match=r"nonexistent\.csv"):
        marketplace.truth(None, Path("/nonexistent.csv"))


def test_truth_default_card_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(truth, "DEFAULT_RATE_CARD", tmp_path / "rate_card.csv")
    data = Marketplace(SimConfig(sellers=1, history_days=3, orders_per_day=10)).truth()
    items = [item for seller in data["sellers"].values() for item in seller["orderItems"].values()]

    assert data["rateCard"] is None
    assert "rate_card.csv" in data["warnings"][0]
    assert items
    assert all("fees" not in item for item in items)


def test_truth_default_card_used():
    data = Marketplace(SimConfig(sellers=1, history_days=0)).truth()

    assert data["rateCard"] == "rate_card.csv"
    assert data["warnings"] == []


def test_serve_startup_line(served):
    seller = invoke("credentials", *SMALL_WORLD[:4], "--json")
    secret = json.loads(seller.output)[0]["app_secret"]
    line = served.wait_for_line("Sandbox serving") or ""

    assert f"http://127.0.0.1:{served.port} for 1 seller;" in line
    assert "starts at 2026-11-30T10:00:00+05:30 and runs frozen" in line
    assert "sellerops sandbox credentials --seed 3 --sellers 1" in line
    assert secret not in line


def test_serve_access_log(served):
    httpx.get(f"http://127.0.0.1:{served.port}/_sandbox/health", timeout=10)

    assert served.wait_for_line('"GET /_sandbox/health HTTP/1.1" 200') is not None


def test_serve_stops_on_sigterm(served):
    process = served.process
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(10)
    seconds = time.monotonic() - started

    # An idle server stopped in about 0.2 s when measured, so the bound allows a loaded machine.
    assert seconds < 1.5
    assert "is stopping (SIGTERM)" in process.stderr.read()


def test_help_shows_defaults():
    command = typer.main.get_command(app)
    serve = {param.name: param for param in command.commands["serve"].params}

    assert serve["pack_delay"].default == SimConfig().pack_delay_seconds
    assert serve["form_failure_rate"].default == SimConfig().form_failure_rate
    assert serve["token_lifetime"].default is not None
    assert "2026-11-30T10:00:00+05:30" in serve["start"].help
    assert "JSON object" in serve["faults"].help


def test_credentials_help_names_options():
    help_text = typer.main.get_command(app).commands["credentials"].help

    assert "--seed" in help_text
    assert "--sellers" in help_text
