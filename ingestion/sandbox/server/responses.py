"""JSON and PDF responses of the sandbox, and the request-level error every route raises.

Request-level failures (bad JSON, a batch over its limit, a malformed page token) return
`{"errors": [{"errorCode": ..., "errorMessage": ...}]}`. Flipkart documents no envelope for these
(its wrappers only check for a top-level `errors` key), so this shape is the sandbox's choice.
"""

import json
import logging
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

logger = logging.getLogger(__name__)

JSON_TYPE = "application/json"
PDF_TYPE = "application/pdf"


class RequestError(Exception):
    """A whole request is invalid, so the server responds `status` with an `errors` body."""

    def __init__(self, message: str, *, status: int = 400, code: str = "INVALID_REQUEST") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def encode_json(data: Any) -> bytes:
    """Encode `data` compactly; the benchmark sends thousands of these a second."""
    return json.dumps(data, separators=(",", ":")).encode()


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(encode_json(data), status_code=status, headers=headers, media_type=JSON_TYPE)


def error_body(code: str, message: str) -> dict:
    return {"errors": [{"errorCode": code, "errorMessage": message}]}


def error_response(status: int, code: str, message: str) -> Response:
    return json_response(error_body(code, message), status=status)


def pdf_response(body: bytes, media_type: str = PDF_TYPE) -> Response:
    return Response(body, media_type=media_type)


async def request_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    logger.info(
        "Rejected %s %s with %d %s: %s",
        request.method,
        request.url.path,
        exc.status,
        exc.code,
        exc.message,
    )
    return error_response(exc.status, exc.code, exc.message)


async def not_found_handler(request: Request, exc: Exception) -> Response:
    message = f"No sandbox route matches {request.method} {request.url.path}."
    return error_response(404, "NOT_FOUND", message)


async def method_not_allowed_handler(request: Request, exc: Exception) -> Response:
    message = f"{request.method} is not allowed on {request.url.path}."
    return error_response(405, "METHOD_NOT_ALLOWED", message)


async def read_json(request: Request) -> Any:
    """Decode the request body as JSON, or raise a 400 that names what is wrong with it."""
    body = await request.body()
    if not body:
        raise RequestError("The request body is empty; send a JSON object.")

    try:
        return json.loads(body, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise RequestError(
            "The request body is nested too deeply to decode; send a flatter JSON object."
        ) from exc
    except ValueError as exc:
        raise RequestError(f"The request body is not valid JSON: {exc}.") from exc


def _reject_constant(name: str) -> Any:
    # Python's json module accepts NaN and Infinity by default, but JSON itself has no such values.
    raise ValueError(f"{name} is not a JSON number, so send a finite number in its place")


async def read_json_object(request: Request) -> dict:
    data = await read_json(request)
    if not isinstance(data, dict):
        raise RequestError(f"The request body must be a JSON object, not {type(data).__name__}.")
    return data
