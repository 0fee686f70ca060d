"""`SandboxServer`: run the sandbox in a separate process on 127.0.0.1 for tests and demos.

    with SandboxServer(seed=7, sellers=1, history_days=10, faults="heavy") as sandbox:
        seller = sandbox.credentials()[0]
        ...  # talk to sandbox.base_url with seller["app_id"] / seller["app_secret"]

The child process serves on a free port, stops with the context, and also stops by itself when
the process that started it dies.
"""

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[3]
STARTUP_TIMEOUT = 60.0  # seconds; building a large marketplace takes a few seconds
STOP_TIMEOUT = 5.0
POLL_INTERVAL = 0.05


class SandboxStartError(RuntimeError):
    """The sandbox process exited or its health check did not pass in time."""


class SandboxServer:
    """A sandbox server process; use it as a context manager."""

    def __init__(
        self,
        *,
        seed: int = 7,
        sellers: int = 2,
        history_days: int = 120,
        orders_per_day: float = 40.0,
        speed: float = 1.0,
        start: datetime | None = None,
        pack_delay_seconds: float | None = None,
        form_failure_rate: float | None = None,
        late_weekday: int | None = None,
        autopilot: bool = False,
        faults: str | dict[str, Any] = "none",
        page_size: int | None = None,
        max_page_size: int | None = None,
        token_lifetime: float | None = None,
        startup_timeout: float = STARTUP_TIMEOUT,
    ) -> None:
        self._arguments = ["--seed", str(seed), "--sellers", str(sellers)]
        self._arguments += [
            "--history-days",
            str(history_days),
            "--orders-per-day",
            str(orders_per_day),
        ]
        self._arguments += ["--speed", str(speed)]
        if autopilot:
            self._arguments.append("--autopilot")
        self._arguments += ["--faults", faults if isinstance(faults, str) else json.dumps(faults)]
        optional = {
            "--start": start.isoformat() if start is not None else None,
            "--pack-delay": pack_delay_seconds,
            "--form-failure-rate": form_failure_rate,
            "--late-weekday": late_weekday,
            "--page-size": page_size,
            "--max-page-size": max_page_size,
            "--token-lifetime": token_lifetime,
        }
        for option, value in optional.items():
            if value is not None:
                self._arguments += [option, str(value)]

        self._startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: tempfile.TemporaryDirectory[str] | None = None
        self._http: httpx.Client | None = None
        self.base_url = ""

    def __enter__(self) -> "SandboxServer":
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start the process and wait until `/_sandbox/health` returns 200."""
        self._workdir = tempfile.TemporaryDirectory(prefix="sellerops-sandbox-")
        workdir = Path(self._workdir.name)
        port_file = workdir / "port"
        log_path = workdir / "server.log"

        command = [sys.executable, "-m", "ingestion.sandbox", "serve", "--host", "127.0.0.1"]
        command += ["--port", "0", "--port-file", str(port_file), "--parent-pid", str(os.getpid())]
        command += self._arguments
        environment = {**os.environ, "PYTHONPATH": _python_path()}

        with log_path.open("wb") as log:
            self._process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                command, stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=PROJECT_ROOT
            )
        try:
            port = self._wait_for_port(port_file, log_path)
            self.base_url = f"http://127.0.0.1:{port}"
            self._http = httpx.Client(base_url=self.base_url, timeout=30.0)
            self._wait_for_health(log_path)
        except BaseException:
            self.stop()
            raise
        logger.info("Sandbox process %d is serving %s", self._process.pid, self.base_url)

    def stop(self) -> None:
        """Stop the process (terminate, then kill after a grace period) and clean up."""
        if self._http is not None:
            self._http.close()
            self._http = None

        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)
        self._process = None

        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/_sandbox/health")

    def credentials(self) -> list[dict[str, Any]]:
        """Return the simulated sellers with their app ids, secrets and location ids."""
        return self._request("GET", "/_sandbox/credentials")

    def set_faults(self, profile: str | dict[str, Any]) -> dict[str, Any]:
        """Switch the fault profile (a name or a custom JSON object); return the active profile."""
        return self._request("PUT", "/_sandbox/faults", json=profile)

    def expire_tokens(self) -> int:
        """Revoke every live access token now; return how many were revoked."""
        return self._request("POST", "/_sandbox/tokens/expire")["revoked"]

    def stats(self, *, reset: bool = False) -> dict[str, Any]:
        """Return token grants, requests by route and status, and faults by kind."""
        return self._request("DELETE" if reset else "GET", "/_sandbox/stats")

    def clock(
        self, *, speed: float | None = None, advance_seconds: float | None = None
    ) -> dict[str, Any]:
        """Return the simulated clock, after changing its speed or advancing it when asked."""
        if speed is None and advance_seconds is None:
            return self._request("GET", "/_sandbox/clock")
        body = {"speed": speed, "advance_seconds": advance_seconds}
        return self._request(
            "PUT", "/_sandbox/clock", json={k: v for k, v in body.items() if v is not None}
        )

    def subscribe_notifications(self, seller_id: str, url: str) -> dict[str, Any]:
        """Send the seller's signed push notifications to `url`; return the notifier status."""
        return self._request(
            "PUT", "/_sandbox/notifications", json={"sellerId": seller_id, "url": url}
        )

    def notifications(self) -> dict[str, Any]:
        """Return the notification subscriptions and the counts of sent and failed posts."""
        return self._request("GET", "/_sandbox/notifications")

    def truth(self, seller_id: str | None = None) -> dict[str, Any]:
        params = {"seller_id": seller_id} if seller_id is not None else None
        return self._request("GET", "/_sandbox/truth", params=params)

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        if self._http is None:
            raise RuntimeError(
                "The sandbox is not running; use SandboxServer as a context manager."
            )
        response = self._http.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json()

    def _wait_for_port(self, port_file: Path, log_path: Path) -> int:
        deadline = time.monotonic() + self._startup_timeout
        while time.monotonic() < deadline:
            if port_file.exists():
                return int(port_file.read_text())
            self._check_alive(log_path)
            time.sleep(POLL_INTERVAL)
        raise SandboxStartError(
            f"The sandbox did not bind a port within {self._startup_timeout:.0f} s; "
            f"its log ends with:\n{_tail(log_path)}"
        )

    def _wait_for_health(self, log_path: Path) -> None:
        assert self._http is not None
        deadline = time.monotonic() + self._startup_timeout
        while time.monotonic() < deadline:
            try:
                if self._http.get("/_sandbox/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            self._check_alive(log_path)
            time.sleep(POLL_INTERVAL)
        raise SandboxStartError(f"The sandbox health check did not pass; log:\n{_tail(log_path)}")

    def _check_alive(self, log_path: Path) -> None:
        assert self._process is not None
        code = self._process.poll()
        if code is not None:
            raise SandboxStartError(f"The sandbox exited with code {code}; log:\n{_tail(log_path)}")


def _python_path() -> str:
    existing = os.environ.get("PYTHONPATH")
    return f"{PROJECT_ROOT}{os.pathsep}{existing}" if existing else str(PROJECT_ROOT)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
