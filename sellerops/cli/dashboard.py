"""`sellerops dashboard`: start the Streamlit dashboard on this machine.

The dashboard opens the store named by the same `SELLEROPS_*` variables as every other
command, so it shows the data the CLI and the pipeline write.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

APP_PATH = Path(__file__).resolve().parents[2] / "streamlit_app" / "app.py"
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"


def streamlit_command(port: int, address: str) -> list[str]:
    """Return the `streamlit run` command line of the dashboard."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # Hides Streamlit's developer menu and Deploy button from sellers.
        "--client.toolbarMode",
        "viewer",
    ]


def dashboard(
    port: Annotated[int, typer.Option(help="TCP port to serve the dashboard on.")] = DEFAULT_PORT,
    address: Annotated[
        str,
        typer.Option(
            help="Address to listen on; 127.0.0.1 keeps it on this machine. Put TLS in front "
            "of any other address."
        ),
    ] = DEFAULT_ADDRESS,
    tenant: Annotated[
        str | None,
        typer.Option(help="Tenant slug the login form starts with (SELLEROPS_DASHBOARD_TENANT)."),
    ] = None,
    session_timeout: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Minutes without activity before a user must log in again "
            "(SELLEROPS_SESSION_TIMEOUT_MINUTES; default 30).",
        ),
    ] = None,
) -> None:
    """Start the dashboard and serve it until interrupted (Ctrl+C)."""
    environment = dict(os.environ)
    if tenant:
        environment["SELLEROPS_DASHBOARD_TENANT"] = tenant
    if session_timeout:
        environment["SELLEROPS_SESSION_TIMEOUT_MINUTES"] = str(session_timeout)

    typer.echo(f"Dashboard: http://{address}:{port} (Ctrl+C stops it)")
    # Replacing this process with Streamlit's means Ctrl+C and a service manager's SIGTERM
    # reach the server itself, with no wrapper left behind to orphan it.
    command = streamlit_command(port, address)
    os.execve(command[0], command, environment)  # noqa: S606 (fixed argv, no shell)
