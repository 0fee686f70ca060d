"""The long-running part of `sellerops demo`: Dagster UI, webhook receiver and dashboard.

Each service runs as a child process in its own process group, so a Ctrl-C in the terminal
reaches only the demo, which then stops the children in reverse order: an interrupt first,
then a kill after a grace period. SIGTERM stops the demo the same way.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"
STOP_GRACE_SECONDS = 15.0
POLL_SECONDS = 0.5
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class Service:
    """One long-running process of the demo and the URL it serves."""

    name: str
    command: Sequence[str]
    url: str
    port: int


def check_port_free(port: int, name: str) -> None:
    """Raise OSError naming the service and option when `port` on 127.0.0.1 is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
        except OSError as error:
            raise OSError(
                f"Port {port} for the {name} is in use ({error.strerror}); stop the other "
                f"program or pass another port (see `sellerops demo --help`)."
            ) from None


def console_script(name: str) -> str:
    """Return the path of the console script `name` installed next to this Python."""
    return str(Path(sys.executable).with_name(name))


def dagster_service(port: int) -> Service:
    """Return the `dagster dev` service: UI, daemon, schedules and sensors of the workspace."""
    command = [
        console_script("dagster"),
        "dev",
        "-w",
        str(PROJECT_ROOT / "workspace.yaml"),
        "--host",
        LOOPBACK,
        "--port",
        str(port),
    ]
    return Service("Dagster UI", command, f"http://{LOOPBACK}:{port}", port)


def webhook_service(port: int) -> Service:
    """Return the receiver of the push notifications the sandbox sends."""
    command = [
        sys.executable,
        "-m",
        "sellerops.cli.webhook",
        "serve",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
    ]
    return Service("webhook receiver", command, f"http://{LOOPBACK}:{port}", port)


def dashboard_service(port: int) -> Service:
    """Return the Streamlit dashboard."""
    from sellerops.cli.dashboard import streamlit_command

    return Service(
        "dashboard", streamlit_command(port, LOOPBACK), f"http://{LOOPBACK}:{port}", port
    )


def start_schedules(names: Sequence[str], environment: Mapping[str, str]) -> list[str]:
    """Switch on the Dagster schedules `names` in the instance; return the errors, if any.

    Schedules start switched off in a new Dagster instance, and the daemon of `dagster dev`
    runs only those switched on.
    """
    errors = []
    for name in names:
        command = [
            console_script("dagster"),
            "schedule",
            "start",
            name,
            "-w",
            str(PROJECT_ROOT / "workspace.yaml"),
        ]
        result = subprocess.run(  # noqa: S603 (fixed argv, no shell)
            command,
            env=dict(environment),
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).strip().splitlines()
            errors.append(f"{name}: {lines[-1] if lines else f'exit code {result.returncode}'}")
    return errors


def run_services(
    services: Sequence[Service], environment: Mapping[str, str], log_dir: Path
) -> None:
    """Start `services`, wait until Ctrl-C or until one exits, then stop them all.

    Each service's output goes to `<log_dir>/<name>.log`. Raises RuntimeError naming the
    service and its log when one exits on its own.
    """
    for service in services:
        check_port_free(service.port, service.name)
    take_stop_signals()
    log_dir.mkdir(parents=True, exist_ok=True)
    started: list[tuple[Service, subprocess.Popen[bytes], Path]] = []
    try:
        for service in services:
            log_path = log_dir / f"{service.name.replace(' ', '-').lower()}.log"
            with log_path.open("ab") as log:
                process = subprocess.Popen(  # noqa: S603 (fixed argv, no shell)
                    list(service.command),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=dict(environment),
                    cwd=PROJECT_ROOT,
                    start_new_session=True,
                )
            started.append((service, process, log_path))
        _wait(started)
    except KeyboardInterrupt:
        pass
    finally:
        stop_processes([process for _service, process, _log in reversed(started)])


def take_stop_signals() -> None:
    """Have SIGINT and SIGTERM raise KeyboardInterrupt here, and reach the services too.

    A shell starts a background job with SIGINT ignored, and blocked signals stay blocked in a
    child. Dagster also replaces both handlers while it executes a run in process. Call this
    from the main thread.
    """
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(_signal_number: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _wait(started: Sequence[tuple[Service, subprocess.Popen[bytes], Path]]) -> None:
    while True:
        for service, process, log_path in started:
            code = process.poll()
            if code is not None:
                raise RuntimeError(f"The {service.name} exited with code {code}; see {log_path}.")
        time.sleep(POLL_SECONDS)


def stop_processes(processes: Sequence[subprocess.Popen[bytes]]) -> None:
    """Interrupt each process group, then kill the groups still running after the grace time.

    A group counts as stopped when none of its processes runs any more, not only the one the
    demo started: `dagster dev` leaves its code server and run workers to stop after it.
    """
    for process in processes:
        if process.poll() is None:
            _signal_group(process, signal.SIGINT)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()
        while group_running(process.pid) and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS / 5)
        if group_running(process.pid):
            _signal_group(process, signal.SIGKILL)


def group_running(group_id: int) -> bool:
    """Return True while a process of the process group `group_id` runs (zombies do not count).

    Reads /proc where there is one; elsewhere a zombie of the group counts as running.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(group_id, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # The fields after the command name: state, parent id, process group id, ...
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == group_id:
            return True
    return False


def _signal_group(process: subprocess.Popen[bytes], signal_number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal_number)
