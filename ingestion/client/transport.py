"""The single request layer: Bearer auth, timeouts, retries, logging and JSON decoding."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from ingestion.client.auth import Token, TokenProvider
from ingestion.client.errors import AuthenticationError, FlipkartError, InvalidResponseError
from ingestion.client.logs import log_attempt, loggable_path
from ingestion.client.redact import Redactor
from ingestion.client.response_reading import DEFAULT_MAX_RESPONSE_BYTES, receive
from ingestion.client.retry import RequestSafety
from ingestion.client.retry_loop import RetryRunner
from ingestion.client.server_clock import ServerClock
from ingestion.client.transport_errors import status_error, translate_transport_error
from ingestion.client.wire_json import EXACT_FLOAT_DIGITS, encode_json, find_inexact_number

logger = logging.getLogger("ingestion.client")

# Flipkart's advice on client timeouts, in seconds. Each bounds every socket read and, as a
# deadline, the whole response of one attempt.
LISTINGS_TIMEOUT = 10.0
ORDERS_TIMEOUT = 60.0

JSON_TYPE = "application/json"
PDF_TYPE = "application/pdf"

ModelT = TypeVar("ModelT", bound=BaseModel)
ValueT = TypeVar("ValueT")


def new_http_client(max_connections: int = 16) -> httpx.Client:
    """Build the pooled HTTP/1.1 keep-alive client the transport uses by default."""
    return httpx.Client(
        http1=True,
        http2=False,
        timeout=ORDERS_TIMEOUT,
        limits=httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        ),
    )


def decode_json(response: httpx.Response, method: str, path: str) -> Any:
    """Parse a JSON response with every non-integer number as Decimal (money never is float)."""
    if not response.content:
        return None
    try:
        return json.loads(response.content, parse_float=Decimal)
    except (ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise InvalidResponseError(
            f"{method} {path} returned HTTP {response.status_code} with a body that is not "
            f"valid JSON ({reason}). Check that the base URL points at the Seller API."
        ) from None


def decode_model(response: httpx.Response, model: type[ModelT], method: str, path: str) -> ModelT:
    """Validate a JSON response body straight from its bytes into `model`.

    pydantic reads JSON numbers for Decimal fields through a float, which is exact for numbers
    of at most 15 significant digits (any rupee amount below ten trillion with paise). A body
    with a longer non-integer number raises InvalidResponseError instead of being rounded.
    Integers of any length (ids sent as numbers) stay exact.
    """
    content = response.content
    where = f"{method} {path} returned HTTP {response.status_code} with"
    if not content:
        raise InvalidResponseError(
            f"{where} an empty body where a {model.__name__} was expected. "
            "Retry the request, and if it stays empty, check that the base URL points at the "
            "Seller API."
        )

    inexact = find_inexact_number(content)
    if inexact is not None:
        raise InvalidResponseError(
            f"{where} the number {inexact[:40]} of more than {EXACT_FLOAT_DIGITS} significant "
            "digits, which this client cannot read without rounding."
        )

    try:
        return model.model_validate_json(content)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidResponseError(
            f"{where} a body that does not match {model.__name__}: {location}: "
            f"{first['msg']} ({error.error_count()} errors). "
            "Check that the base URL points at the Seller API."
        ) from None


def validate_payload(payload: Any, adapter: TypeAdapter[ValueT], method: str, path: str) -> ValueT:
    """Validate an already parsed JSON body; a mismatch raises InvalidResponseError."""
    try:
        return adapter.validate_python(payload)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidResponseError(
            f"{method} {path} returned a body that does not match the documented shape: "
            f"{location}: {first['msg']} ({error.error_count()} errors)."
        ) from None


@dataclass
class _Call:
    """One logical request; `sends` counts its HTTP sends for the attempt number in logs."""

    method: str
    url: str
    params: dict[str, str] | None
    content: bytes | None
    json_body: Any
    timeout: float
    accept: str
    sends: int = 0

    def count_send(self) -> int:
        self.sends += 1
        return self.sends


class Transport:
    """Send Seller API requests relative to `api_base`, under the retry policy of `runner`.

    Each attempt must receive its whole response within its timeout (see
    `response_reading.receive`), and bodies above `max_response_bytes` are rejected.
    """

    def __init__(
        self,
        http: httpx.Client,
        api_base: str,
        tokens: TokenProvider,
        *,
        runner: RetryRunner | None = None,
        redactor: Redactor | None = None,
        server_clock: ServerClock | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._http = http
        self._max_response_bytes = max_response_bytes
        self.server_clock = server_clock or ServerClock()
        self._api_base = api_base.rstrip("/")
        self._tokens = tokens
        self._runner = runner or RetryRunner()
        self._redactor = redactor or Redactor()
        self._count_lock = threading.Lock()
        self._request_count = 0

    @property
    def request_count(self) -> int:
        """Number of HTTP requests sent so far, every attempt and renewal retry included."""
        return self._request_count

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: Any = None,
        timeout: float = ORDERS_TIMEOUT,
        safety: RequestSafety = RequestSafety.IDEMPOTENT,
        accept: str = JSON_TYPE,
    ) -> httpx.Response:
        """Send one logical request (retrying as the policy allows) and return the 2xx response."""
        call = _Call(
            method=method,
            url=f"{self._api_base}{path}",
            params=params,
            content=encode_json(json_body) if json_body is not None else None,
            json_body=json_body,
            timeout=timeout,
            accept=accept,
        )
        return self._runner.run(
            lambda _: self._attempt(call), safety, description=f"{method} {path.split('?')[0]}"
        )

    def request_model(self, method: str, path: str, model: type[ModelT], **options: Any) -> ModelT:
        """Send a request and validate its JSON body into `model` (see `decode_model`)."""
        response = self.request(method, path, **options)
        return decode_model(response, model, method, loggable_path(response.request.url))

    def request_json(self, method: str, path: str, **options: Any) -> Any:
        """Send a request and return its body parsed as JSON (see `decode_json`)."""
        response = self.request(method, path, **options)
        return decode_json(response, method, loggable_path(response.request.url))

    def _attempt(self, call: _Call) -> httpx.Response:
        token = self._tokens.get()
        response, path = self._send(call, token)

        # An expired or revoked token gets one renewal and one more send, outside the
        # retry budget, because the request was rejected before any processing.
        if response.status_code == 401:
            error = status_error(response, call.method, path, self._redactor)
            if not (isinstance(error, AuthenticationError) and error.is_invalid_token):
                raise error
            self._tokens.invalidate(token)
            token = self._tokens.get()
            response, path = self._send(call, token)

        if response.status_code >= 400:
            raise status_error(response, call.method, path, self._redactor)
        return response

    def _send(self, call: _Call, token: Token) -> tuple[httpx.Response, str]:
        headers = {"Authorization": f"Bearer {token.access_token}", "Accept": call.accept}
        if call.content is not None:
            headers["Content-Type"] = JSON_TYPE
        request = self._http.build_request(
            call.method,
            call.url,
            params=call.params,
            content=call.content,
            headers=headers,
            timeout=call.timeout,
        )
        path = loggable_path(request.url)
        attempt = call.count_send()
        self._count_request()

        if call.json_body is not None and logger.isEnabledFor(logging.DEBUG):
            body = self._redactor.data(call.json_body)
            logger.debug("%s %s request body: %s", call.method, path, body)

        started = time.perf_counter()
        try:
            response = receive(
                self._http,
                request,
                deadline=call.timeout,
                max_bytes=self._max_response_bytes,
                method=call.method,
                path=path,
            )
        except httpx.HTTPError as error:
            log_attempt(call.method, path, type(error).__name__, _elapsed_ms(started), attempt)
            raise translate_transport_error(error, call.method, path) from None
        except FlipkartError as error:
            log_attempt(call.method, path, type(error).__name__, _elapsed_ms(started), attempt)
            raise

        log_attempt(call.method, path, response.status_code, _elapsed_ms(started), attempt)
        self.server_clock.observe(response)
        if logger.isEnabledFor(logging.DEBUG):
            body = self._describe_body(response)
            logger.debug("%s %s response body: %s", call.method, path, body)
        return response, path

    def _describe_body(self, response: httpx.Response) -> Any:
        content_type = response.headers.get("Content-Type", "")
        if not content_type.startswith(JSON_TYPE):
            return f"<{content_type or 'no content type'}, {len(response.content)} bytes>"
        try:
            return self._redactor.data(json.loads(response.content))
        except (ValueError, RecursionError):
            return f"<invalid or too deeply nested JSON, {len(response.content)} bytes>"

    def _count_request(self) -> None:
        with self._count_lock:
            self._request_count += 1


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
