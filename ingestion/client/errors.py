"""Exceptions raised by the Flipkart Seller API client, all rooted at `FlipkartError`.

Messages never contain an access token, a refresh token or the app secret: the transport
redacts server text before it reaches an exception.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sellerops.errors import SellerOpsError

if TYPE_CHECKING:
    from ingestion.client.records.results import ItemResult


class FlipkartError(Exception):
    """Base class of every error this client raises."""


class TransportError(FlipkartError):
    """The HTTP exchange failed before a complete response arrived.

    `host` is the scheme, host and port the request went to (no user info or path), when known.
    """

    def __init__(self, message: str, *, method: str, path: str, host: str | None = None) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.host = host


class InvalidRequestError(TransportError):
    """The request could not be built or sent as given (bad URL or scheme); it is never retried."""


class ConnectError(TransportError):
    """No connection could be made, so the request was provably not sent."""


class RequestTimeoutError(TransportError):
    """No response arrived within the timeout, but the server may have processed the request."""


class ConnectionDroppedError(TransportError):
    """The connection closed mid-exchange; the server may have processed the request."""


class InvalidResponseError(FlipkartError):
    """A 2xx response whose body is not the JSON shape the endpoint documents."""


class APIStatusError(FlipkartError):
    """Flipkart returned an HTTP error status (4xx or 5xx).

    `error_code` and `message` come from the response body when it has them
    (`errorCode`/`errorMessage`, OAuth `error`/`error_description`, or an `errors` list).
    `item_errors` contains the per-shipment entries of a body that lists them under
    `shipments`, as a document download that fails for some shipments of a batch does.
    """

    def __init__(
        self,
        *,
        status_code: int,
        method: str,
        path: str,
        error_code: str | None = None,
        message: str | None = None,
        retry_after: float | None = None,
        item_errors: list[ItemResult] | None = None,
    ) -> None:
        self.status_code = status_code
        self.method = method
        self.path = path
        self.error_code = error_code
        self.message = message
        self.retry_after = retry_after
        self.item_errors = item_errors or []
        super().__init__(self._describe())

    def _describe(self) -> str:
        detail = (self.message or "no error message in the response body").rstrip(". ")
        code = f" [{self.error_code}]" if self.error_code else ""
        return (
            f"{self.method} {self.path} failed with HTTP {self.status_code}{code}: {detail}. "
            f"{self.advice}"
        )

    @property
    def advice(self) -> str:
        """What the caller should do next, in one sentence."""
        return "Check the request against the Flipkart Seller API documentation."


class BadRequestError(APIStatusError):
    """HTTP 400: the request body or parameters are invalid."""

    @property
    def advice(self) -> str:
        return "Fix the request parameters or body; repeating it unchanged fails again."


class AuthenticationError(APIStatusError):
    """HTTP 401: the access token is missing, expired or revoked."""

    @property
    def is_invalid_token(self) -> bool:
        """True when Flipkart reported `invalid_token`, so a new token may fix it."""
        return self.error_code == "invalid_token"

    @property
    def advice(self) -> str:
        return "Check the app id and secret, or re-authorize the app for this seller."


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the app or seller may not use this endpoint or object."""

    @property
    def advice(self) -> str:
        return "Check that the app has the Seller_Api scope and the object belongs to the seller."


class NotFoundError(APIStatusError):
    """HTTP 404: the path or object does not exist."""

    @property
    def advice(self) -> str:
        return "Check the ids and the base URL of the environment."


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the request is well formed but Flipkart rejected its content."""

    @property
    def advice(self) -> str:
        return "Fix the values named in the message; repeating the request unchanged fails again."


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests; `retry_after` is the server's wait in seconds, if sent."""

    @property
    def advice(self) -> str:
        return "Slow down and retry after the Retry-After delay."


class ServerError(APIStatusError):
    """HTTP 5xx (including Flipkart's 599 for an upstream timeout)."""

    @property
    def advice(self) -> str:
        return "Retry later; for actions, check the object's state first because it may have run."


class TokenError(FlipkartError):
    """The OAuth token endpoint rejected the request (bad credentials, unknown client, bad code).

    `error` and `error_description` are Flipkart's OAuth fields, for example
    `unauthorized` / `Bad credentials`.
    """

    def __init__(
        self, *, status_code: int | None, error: str | None, error_description: str | None
    ) -> None:
        self.status_code = status_code
        self.error = error
        self.error_description = error_description
        status = f"HTTP {status_code}" if status_code is not None else "a response"
        super().__init__(
            f"Token request failed with {status}: {error or 'no error code'}"
            f" ({error_description or 'no description'}). "
            "Check the app id and app secret, or start the authorization again for partner apps."
        )


class RetryBudgetExhausted(FlipkartError, SellerOpsError):
    """Every allowed attempt failed, so the Seller API is unreachable or keeps failing.

    `last_error` is the final failure and `request` names the request (`GET /v3/...` or the
    token request). It is also a `SellerOpsError` because the dashboard and the CLI show those
    messages to the user as they are. The message contains the method, path, host and HTTP
    status but never a token or secret: the transport leaves them out of every error.
    """

    def __init__(
        self, *, last_error: FlipkartError, attempts: int, elapsed: float, request: str = ""
    ) -> None:
        self.last_error = last_error
        self.attempts = attempts
        self.elapsed = elapsed
        self.request = request
        super().__init__(
            f"Flipkart's Seller API did not complete {request or 'the request'} after "
            f"{attempts} attempts in {elapsed:.1f} s (last error: "
            f"{describe_failure(last_error)}). Try again when the API is back; if the error "
            "stays, check the seller account's environment and base URL."
        )


class PagingError(FlipkartError):
    """Paging cannot continue safely: a repeated or invalid cursor, or pages without end."""


class DocumentError(FlipkartError):
    """A document download returned a body that is not a PDF, or some shipments had none.

    When some shipments of a download have no document, `item_errors` contains one result per
    such shipment and `documents` the PDFs downloaded for the other shipments.
    """

    def __init__(
        self,
        message: str,
        *,
        item_errors: list[ItemResult] | None = None,
        documents: list[bytes] | None = None,
    ) -> None:
        super().__init__(message)
        self.item_errors = item_errors or []
        self.documents = documents or []


class PartialBatchError(FlipkartError):
    """A call that splits its input into batches failed after some batches had completed.

    `completed` is what the call would have returned for the completed batches, of the same
    type as its normal result. `error` is the failure of the next batch, and `failed_items` are
    the input items of that batch. For an action, the server may have applied some of them.
    `unsent_items` are the items of later batches, which were never sent.
    """

    def __init__(
        self,
        *,
        operation: str,
        completed: Any,
        error: FlipkartError,
        failed_items: list[Any],
        unsent_items: list[Any],
    ) -> None:
        self.operation = operation
        self.completed = completed
        self.error = error
        self.failed_items = failed_items
        self.unsent_items = unsent_items
        super().__init__(
            f"{operation} stopped after its earlier batches completed: a batch of "
            f"{len(failed_items)} items failed ({error}), and {len(unsent_items)} later items "
            "were not sent. The results of the completed batches are in `completed`. Check "
            "the state of the failed items before sending them again."
        )


class PullNotSettledError(FlipkartError):
    """A full pull kept seeing changes after the maximum number of catch-up rounds."""


class BatchLimitError(FlipkartError, ValueError):
    """A call got more items than Flipkart accepts in one request and cannot split them."""

    def __init__(self, *, operation: str, limit: int, count: int) -> None:
        self.operation = operation
        self.limit = limit
        self.count = count
        super().__init__(
            f"{operation} accepts at most {limit} items per call, got {count}; "
            f"split the input into chunks of {limit} or fewer."
        )


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """Return the exception class for an HTTP error status."""
    if status_code >= 500:
        return ServerError
    return _STATUS_CLASSES.get(status_code, APIStatusError)


def describe_failure(error: FlipkartError) -> str:
    """Summarize a failed attempt in a few words, such as `HTTP 503` or `could not connect to …`."""
    if isinstance(error, APIStatusError):
        code = f" [{error.error_code}]" if error.error_code else ""
        return f"HTTP {error.status_code}{code}"
    if isinstance(error, ConnectError):
        return f"could not connect to {error.host or 'the server'}"
    if isinstance(error, RequestTimeoutError):
        return "timed out waiting for the response"
    if isinstance(error, ConnectionDroppedError):
        return "the connection dropped before a complete response"
    return type(error).__name__
