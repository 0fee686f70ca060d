"""Run the sandbox under uvicorn: build the marketplace, bind, announce, serve until stopped."""

import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from ..simulation import Marketplace, SimConfig
from .app import create_app
from .faults import FaultProfile
from .middleware import ConnectionDropped
from .state import ServerSettings

logger = logging.getLogger(__name__)

PARENT_POLL_SECONDS = 1.0


class _DroppedConnectionFilter(logging.Filter):
    """Hide uvicorn's traceback for connections the dropped-connection fault cuts on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        return not (exc_info and isinstance(exc_info[1], ConnectionDropped))


def serve(
    config: SimConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    faults: str | dict[str, Any] | FaultProfile | None = None,
    settings: ServerSettings | None = None,
    port_file: Path | None = None,
    parent_pid: int | None = None,
    access_log: bool = False,
) -> None:
    """Serve until interrupted; with `port_file`, write the bound port there once listening.

    With `parent_pid`, the server stops by itself when that process is gone, so a test runner
    that dies never leaves a server behind.
    """
    started = time.perf_counter()
    marketplace = Marketplace(config)
    app = create_app(marketplace, faults, settings=settings)
    build_seconds = time.perf_counter() - started

    sock = _bind(host, port)
    bound_port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=access_log,
            # The middleware sends the simulated clock's Date instead.
            date_header=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
    )
    logging.getLogger("uvicorn.error").addFilter(_DroppedConnectionFilter())

    if parent_pid is not None:
        _watch_parent(server, parent_pid)
    if port_file is not None:
        _write_port_file(port_file, bound_port)

    logger.info(
        "Sandbox serving http://%s:%d for %d sellers (seed %d, faults %s, built in %.1f s)",
        host,
        bound_port,
        len(marketplace.sellers),
        config.seed,
        app.state.sandbox.faults.profile.name,
        build_seconds,
    )
    server.run(sockets=[sock])


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _write_port_file(path: Path, port: int) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(str(port))
    temporary.replace(path)


def _watch_parent(server: uvicorn.Server, parent_pid: int) -> None:
    # A changed parent id also means the parent died (the orphan was re-parented), and it
    # stays correct even if the old id is reused by another process.
    direct_child = os.getppid() == parent_pid

    def watch() -> None:
        while not server.should_exit:
            if not _alive(parent_pid) or (direct_child and os.getppid() != parent_pid):
                logger.warning("Parent process %d is gone; stopping the sandbox", parent_pid)
                server.should_exit = True
                return
            time.sleep(PARENT_POLL_SECONDS)

    threading.Thread(target=watch, name="sandbox-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
