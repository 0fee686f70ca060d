"""Translation of httpx failures and HTTP error statuses into the client's exceptions."""

from __future__ import annotations

import json

import httpx

from ingestion.client.errors import (
    APIStatusError,
    ConnectError,
    ConnectionDroppedError,
    RequestTimeoutError,
    TransportError,
    status_error_class,
)
from ingestion.client.redact import Redactor
from ingestion.client.retry import parse_retry_after

_PLAIN_REDACTOR = Redactor()
MAX_MESSAGE_CHARS = 500


def translate_transport_error(error: httpx.HTTPError, method: str, path: str) -> TransportError:
    """Map an httpx exception to ConnectError, RequestTimeoutError or ConnectionDroppedError.

    Connect and pool timeouts count as connect errors because no byte of the request was sent.
    """
    name = type(error).__name__
    if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return ConnectError(
            f"{method} {path}: could not connect ({name}). Check the base URL and the network.",
            method=method,
            path=path,
        )
    if isinstance(error, httpx.TimeoutException):
        return RequestTimeoutError(
            f"{method} {path}: timed out waiting for the response ({name}). "
            "The server may still have processed the request.",
            method=method,
            path=path,
        )
    return ConnectionDroppedError(
        f"{method} {path}: the connection dropped before a complete response ({name}). "
        "The server may have processed the request.",
        method=method,
        path=path,
    )


def raise_for_status(
    response: httpx.Response, method: str, path: str, redactor: Redactor | None = None
) -> None:
    """Raise the matching APIStatusError subclass for a 4xx or 5xx response."""
    if response.status_code < 400:
        return
    raise status_error(response, method, path, redactor)


def status_error(
    response: httpx.Response, method: str, path: str, redactor: Redactor | None = None
) -> APIStatusError:
    """Build the exception for an error response, with server text redacted."""
    redactor = redactor or _PLAIN_REDACTOR
    error_code, message = _error_fields(response)
    if message is not None:
        message = redactor.text(message)[:MAX_MESSAGE_CHARS]
    error_class = status_error_class(response.status_code)
    return error_class(
        status_code=response.status_code,
        method=method,
        path=path,
        error_code=error_code,
        message=message,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
    )


def _error_fields(response: httpx.Response) -> tuple[str | None, str | None]:
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        text = response.text.strip()
        return None, text or None

    if not isinstance(body, dict):
        return None, None

    code = body.get("errorCode") or body.get("error")
    message = body.get("errorMessage") or body.get("error_description") or body.get("message")

    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        code = code or first.get("errorCode") or first.get("code")
        message = message or first.get("errorMessage") or first.get("description")

    return (str(code) if code is not None else None, str(message) if message else None)
