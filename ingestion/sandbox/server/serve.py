"""Run the sandbox under uvicorn: bind, build the marketplace, announce, serve until stopped."""

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn

from ..simulation import Marketplace, SimConfig
from .app import create_app
from .faults import FaultProfile
from .middleware import ConnectionDropped
from .state import ServerSettings

logger = logging.getLogger(__name__)

PARENT_POLL_SECONDS = 1.0
# Requests still running this many seconds after a stop signal are cancelled. Idle keep-alive
# connections close at once, so an idle server stopped in about 0.2 s when measured with
# SIGTERM on a one-seller world (uvicorn 0.55 checks for a stop request every 0.1 s).
GRACEFUL_SHUTDOWN_SECONDS = 0.5


class ListenError(RuntimeError):
    """The server socket could not be bound; `errno` is the OSError's code."""

    def __init__(self, host: str, port: int, error: OSError) -> None:
        super().__init__(f"Cannot listen on {host}:{port}: {error.strerror or error}")
        self.errno = error.errno


class _DroppedConnectionFilter(logging.Filter):
    """Hide uvicorn's traceback for connections the dropped-connection fault cuts on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        return not (exc_info and isinstance(exc_info[1], ConnectionDropped))


class _Server(uvicorn.Server):
    """A uvicorn server that logs one line naming why it stops."""

    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self.url = url
        self.stop_reason = "stop requested"

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.stop_reason = signal.Signals(sig).name
        super().handle_exit(sig, frame)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        logger.info("Sandbox at %s is stopping (%s)", self.url, self.stop_reason)
        await super().shutdown(sockets)


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
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted; with `port_file`, write the bound port there once ready.

    The socket is bound before the marketplace is built, so a busy port raises `ListenError`
    at once. `announce` receives the one-line startup message (default: this module's logger).
    With `parent_pid`, the server stops by itself when that process is gone, so a test runner
    that dies never leaves a server behind.
    """
    sock = _bind(host, port)
    bound_port = sock.getsockname()[1]
    url = f"http://{_url_host(host)}:{bound_port}"

    app = create_app(Marketplace(config), faults, settings=settings)

    server = _Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=access_log,
            # The middleware sends the simulated clock's Date instead.
            date_header=False,
            lifespan="off",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        ),
        url,
    )
    # uvicorn.Config sets every uvicorn logger to `log_level`, which hides the INFO access lines.
    if access_log:
        logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    logging.getLogger("uvicorn.error").addFilter(_DroppedConnectionFilter())

    if parent_pid is not None:
        _watch_parent(server, parent_pid)
    (announce or logger.info)(startup_message(url, config))
    if port_file is not None:
        _write_port_file(port_file, bound_port)
    server.run(sockets=[sock])


def startup_message(url: str, config: SimConfig) -> str:
    """Return the startup line: URL, sellers, simulated clock and how to get credentials."""
    speed = "frozen" if config.speed == 0 else f"at {config.speed:g}x real time"
    sellers = f"{config.sellers} seller" + ("" if config.sellers == 1 else "s")
    return (
        f"Sandbox serving {url} for {sellers}; the simulated clock starts at "
        f"{config.start.isoformat()} and runs {speed}. Ctrl-C to stop; "
        f"`sellerops sandbox credentials --seed {config.seed} --sellers {config.sellers}` "
        "prints the app credentials."
    )


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as error:
        sock.close()
        raise ListenError(host, port, error) from error
    sock.set_inheritable(True)
    return sock


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _write_port_file(path: Path, port: int) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(str(port))
    temporary.replace(path)


def _watch_parent(server: _Server, parent_pid: int) -> None:
    # A changed parent id also means the parent died (the orphan was re-parented), and it
    # stays correct even if the old id is reused by another process.
    direct_child = os.getppid() == parent_pid

    def watch() -> None:
        while not server.should_exit:
            if not _alive(parent_pid) or (direct_child and os.getppid() != parent_pid):
                server.stop_reason = f"parent process {parent_pid} is gone"
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
