"""Translation of httpx failures and HTTP error statuses into the client's exceptions."""

from __future__ import annotations

import json

import httpx
from pydantic import ValidationError

from ingestion.client.errors import (
    APIStatusError,
    ConnectError,
    ConnectionDroppedError,
    InvalidRequestError,
    RequestTimeoutError,
    TransportError,
    status_error_class,
)
from ingestion.client.records.results import ItemResult
from ingestion.client.redact import Redactor
from ingestion.client.retry import parse_retry_after

_PLAIN_REDACTOR = Redactor()
MAX_MESSAGE_CHARS = 500


def translate_transport_error(error: httpx.HTTPError, method: str, path: str) -> TransportError:
    """Map an httpx exception to ConnectError, RequestTimeoutError or ConnectionDroppedError.

    Connect and pool timeouts count as connect errors because no byte of the request was sent.
    """
    name = type(error).__name__
    host = _host_of(error)
    # httpx's own text is left out of these messages: for an invalid header it quotes the
    # header value, which may be the Authorization header with the access token.
    if isinstance(error, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return InvalidRequestError(
            f"{method} {path}: the request URL {host} is not usable ({name}). Check the base "
            "URL; this is not retried.",
            method=method,
            path=path,
            host=host,
        )
    if isinstance(error, httpx.LocalProtocolError):
        return InvalidRequestError(
            f"{method} {path}: the request to {host} could not be sent because it is not valid "
            f"HTTP ({name}), for example a header value with a line break. This is not retried.",
            method=method,
            path=path,
            host=host,
        )
    if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return ConnectError(
            f"{method} {path}: could not connect to {host} ({name}). "
            "Check the base URL and that the server is running.",
            method=method,
            path=path,
            host=host,
        )
    if isinstance(error, httpx.TimeoutException):
        return RequestTimeoutError(
            f"{method} {path}: timed out waiting for the response ({name}). "
            "The server may still have processed the request.",
            method=method,
            path=path,
            host=host,
        )
    return ConnectionDroppedError(
        f"{method} {path}: the connection dropped before a complete response ({name}). "
        "The server may have processed the request.",
        method=method,
        path=path,
        host=host,
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
    body, text = _parsed_body(response)
    error_code, message = _error_fields(body) if text is None else (None, text or None)
    if message is not None:
        message = redactor.text(message)[:MAX_MESSAGE_CHARS]
    if error_code is not None:
        error_code = redactor.text(error_code)[:MAX_MESSAGE_CHARS]
    error_class = status_error_class(response.status_code)
    return error_class(
        status_code=response.status_code,
        method=method,
        path=path,
        error_code=error_code,
        message=message,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
        item_errors=_item_errors(body, redactor),
    )


def _parsed_body(response: httpx.Response) -> tuple[object, str | None]:
    """Return the JSON body, or None and the stripped text when the body is not JSON."""
    if not response.content:
        return None, None
    try:
        return json.loads(response.content), None
    except ValueError:
        return None, response.text.strip()
    except RecursionError:
        return None, "(an error body nested too deeply to read)"


def _item_errors(body: object, redactor: Redactor) -> list[ItemResult]:
    """Read the per-shipment entries some 400 bodies carry under `shipments`."""
    entries = body.get("shipments") if isinstance(body, dict) else None
    if not isinstance(entries, list):
        return []
    results = []
    for entry in entries:
        try:
            result = ItemResult.model_validate(entry)
        except ValidationError:
            continue
        if result.error_message:
            result.error_message = redactor.text(result.error_message)[:MAX_MESSAGE_CHARS]
        results.append(result)
    return results


def _error_fields(body: object) -> tuple[str | None, str | None]:
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


def _host_of(error: httpx.HTTPError) -> str:
    try:
        url = error.request.url
    except RuntimeError:  # httpx raises this when the error carries no request
        return "the server"
    return f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"
