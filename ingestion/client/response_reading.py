"""Receive one HTTP response under a body size limit and a wall-clock deadline.

httpx's timeouts apply to each socket read, so a server that sends one byte just inside the
read timeout can hold a call open indefinitely. `receive` adds a deadline for the whole
attempt: a shared watchdog thread shuts down the connection's socket when the deadline passes
while the body is still being read, which ends the blocked read at once.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import socket
import threading
import time
from collections.abc import Callable

import httpx

from ingestion.client.errors import InvalidResponseError, RequestTimeoutError

logger = logging.getLogger("ingestion.client")

# Large enough for a PDF of 100 labels with invoices, small enough that a runaway body cannot
# exhaust the memory of the process.
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class _Watch:
    """One armed deadline. `fired` records that the watchdog aborted the read."""

    __slots__ = ("abort", "deadline", "done", "fired", "lock")

    def __init__(self, deadline: float, abort: Callable[[], None]) -> None:
        self.deadline = deadline
        self.abort = abort
        self.done = False
        self.fired = False
        self.lock = threading.Lock()

    def disarm(self) -> None:
        with self.lock:
            self.done = True


class Watchdog:
    """Call `abort` of every watch whose deadline passes before it is disarmed.

    One daemon thread serves every client in the process, so arming a watch costs a heap push
    and no thread start.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._condition = threading.Condition()
        self._heap: list[tuple[float, int, _Watch]] = []
        self._sequence = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, seconds: float, abort: Callable[[], None]) -> _Watch:
        """Arm a watch that calls `abort` in `seconds` unless it is disarmed first."""
        watch = _Watch(self._clock() + seconds, abort)
        with self._condition:
            heapq.heappush(self._heap, (watch.deadline, next(self._sequence), watch))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="flipkart-deadline-watchdog", daemon=True
                )
                self._thread.start()
            if self._heap[0][2] is watch:
                self._condition.notify()
        return watch

    def _run(self) -> None:
        while True:
            expired = self._next_expired()
            with expired.lock:
                if expired.done:
                    continue
                expired.fired = True
                try:
                    expired.abort()
                except OSError:
                    continue  # the connection is already closed
                except Exception:
                    # The thread serves every client, so one failed abort must not stop it.
                    logger.exception("Could not abort a response past its deadline")

    def _next_expired(self) -> _Watch:
        with self._condition:
            while True:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._condition.wait()
                    continue
                remaining = self._heap[0][0] - self._clock()
                if remaining <= 0:
                    return heapq.heappop(self._heap)[2]
                self._condition.wait(remaining)


WATCHDOG = Watchdog()


def receive(
    http: httpx.Client,
    request: httpx.Request,
    *,
    deadline: float,
    max_bytes: int,
    method: str,
    path: str,
    watchdog: Watchdog = WATCHDOG,
) -> httpx.Response:
    """Send `request` and return the response with its body read.

    Raises RequestTimeoutError when the body is still arriving `deadline` seconds after the
    send began, InvalidResponseError when it exceeds `max_bytes`, and the httpx exception of
    any other transport failure.

    NOTE: the deadline starts covering the exchange once the status line and headers have
    arrived. A server that trickles its headers is bounded only by httpx's read timeout.
    """
    started = time.monotonic()
    response = http.send(request, stream=True)
    remaining = deadline - (time.monotonic() - started)

    if remaining <= 0:
        response.close()
        raise _timed_out(method, path, deadline)

    watch = watchdog.watch(remaining, lambda: _shut_down(response))
    try:
        return _read_body(response, max_bytes, method, path)
    except httpx.HTTPError:
        if watch.fired:
            raise _timed_out(method, path, deadline) from None
        raise
    finally:
        watch.disarm()
        response.close()


def _read_body(response: httpx.Response, max_bytes: int, method: str, path: str) -> httpx.Response:
    declared = response.headers.get("Content-Length", "")
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(method, path, max_bytes, f" of {int(declared)} bytes")

    # A declared length bounds an unencoded body, and h11 never reads past it.
    if declared.isdigit() and encoding == "identity":
        response.read()
        return response

    # Without a length, or with a compressed body whose decoded size is unknown, read the
    # decoded chunks and stop as soon as they pass the limit.
    chunks = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(method, path, max_bytes, "")
        chunks.append(chunk)
    return _with_body(response, b"".join(chunks))


def _with_body(response: httpx.Response, body: bytes) -> httpx.Response:
    """Return a copy of `response` holding the already decoded `body`."""
    headers = response.headers.copy()
    for name in ("Content-Encoding", "Content-Length", "Transfer-Encoding"):
        headers.pop(name, None)
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=response.request,
        extensions=response.extensions,
    )


def _shut_down(response: httpx.Response) -> None:
    """Shut down the response's socket, which wakes a read blocked on it with end-of-file."""
    if response.is_closed:
        return
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        # The base-class method, because SSLSocket.shutdown also changes TLS state that the
        # reading thread is using.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _timed_out(method: str, path: str, deadline: float) -> RequestTimeoutError:
    return RequestTimeoutError(
        f"{method} {path}: the response did not arrive completely within {deadline:g} s. "
        "The server may still have processed the request.",
        method=method,
        path=path,
    )


def _too_large(method: str, path: str, max_bytes: int, size: str) -> InvalidResponseError:
    return InvalidResponseError(
        f"{method} {path}: the response body{size} exceeds the limit of {max_bytes} bytes "
        "(max_response_bytes), so reading stopped. Raise max_response_bytes on the client if "
        "responses this large are expected."
    )
