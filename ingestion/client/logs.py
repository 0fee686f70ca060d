"""The one log line per request attempt, written to the `ingestion.client` logger."""

from __future__ import annotations

import logging

import httpx

logger = logging.getLogger("ingestion.client")

MAX_LOGGED_PATH = 200

# httpx logs every request's full URL at INFO. Flipkart's token endpoint takes the OAuth
# authorization code and refresh token as query parameters, so the client logs its own line.
HTTP_LIBRARY_LOGGERS = ("httpx", "httpcore")


def quiet_http_library_loggers() -> None:
    """Raise the httpx and httpcore loggers to WARNING unless the application set their level."""
    for name in HTTP_LIBRARY_LOGGERS:
        library_logger = logging.getLogger(name)
        if library_logger.level == logging.NOTSET:
            library_logger.setLevel(logging.WARNING)


def loggable_path(url: httpx.URL) -> str:
    """Return the URL path with query parameter names but not their values.

    Values are dropped because some (OAuth `code`, `refresh_token`) are secrets; the host is
    dropped so lines read the same for every environment. Long id lists are truncated.
    """
    path = url.path
    if len(path) > MAX_LOGGED_PATH:
        path = f"{path[:MAX_LOGGED_PATH]}...({len(url.path)} chars)"
    names = [name for name, _ in url.params.multi_items()]
    if names:
        path = f"{path}?{'&'.join(sorted(set(names)))}"
    return path


def log_attempt(
    method: str, path: str, status: int | str, milliseconds: float, attempt: int
) -> None:
    """Write the INFO line for one attempt; `status` is the HTTP code or an error class name."""
    logger.info(
        "%s %s -> %s in %.0f ms (attempt %d)",
        method,
        path,
        status,
        milliseconds,
        attempt,
        extra={
            "http_method": method,
            "http_path": path,
            "http_status": status,
            "duration_ms": round(milliseconds, 1),
            "attempt": attempt,
        },
    )
