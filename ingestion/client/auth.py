"""OAuth 2.0 for the Seller API: token requests, the token cache and its renewal.

Flipkart's token endpoint takes GET with query parameters and HTTP Basic auth
(`base64(appId:appSecret)`). The response has `access_token`, `token_type`, `expires_in`,
`scope` and, for partner grants, `refresh_token`.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol
from urllib.parse import urlencode

import httpx

from ingestion.client.environments import Environment
from ingestion.client.errors import FlipkartError, InvalidResponseError, TokenError
from ingestion.client.logs import log_attempt, loggable_path
from ingestion.client.redact import Redactor
from ingestion.client.response_reading import DEFAULT_MAX_RESPONSE_BYTES, receive
from ingestion.client.retry import RequestSafety
from ingestion.client.retry_loop import RetryRunner
from ingestion.client.server_clock import ServerClock
from ingestion.client.transport_errors import raise_for_status, translate_transport_error

logger = logging.getLogger("ingestion.client")

SCOPE = "Seller_Api"
DEFAULT_EXPIRY_MARGIN = timedelta(seconds=300)
TOKEN_TIMEOUT = 30.0
# Used when `expires_in` is missing or unusable. It must exceed the expiry margin, or every
# call would request a new token; a token that dies sooner is renewed after its first 401.
DEFAULT_TOKEN_LIFETIME = timedelta(hours=1)
# Flipkart issues tokens for about 60 days; a longer lifetime is treated as unusable.
MAX_TOKEN_LIFETIME = timedelta(days=365)
MAX_ERROR_FIELD_CHARS = 200

# Visible ASCII only: anything else cannot go into an Authorization header as sent.
_HEADER_SAFE_TOKEN = re.compile(r"[\x21-\x7e]+")


@dataclass(frozen=True)
class AppCredentials:
    """A Flipkart app id (the OAuth client id) and its secret; `repr` hides the secret."""

    app_id: str
    app_secret: str = field(repr=False)

    def __repr__(self) -> str:
        return f"AppCredentials(app_id={self.app_id!r}, app_secret=[REDACTED])"


@dataclass(frozen=True)
class Token:
    """An issued access token with its expiry (aware UTC datetime); `repr` hides the secrets."""

    access_token: str
    expires_at: datetime
    token_type: str = "bearer"  # noqa: S105 (the OAuth token type, not a secret)
    refresh_token: str | None = None
    scope: str | None = None

    def __repr__(self) -> str:
        refresh = "[REDACTED]" if self.refresh_token else None
        return (
            f"Token(access_token=[REDACTED], token_type={self.token_type!r}, "
            f"expires_at={self.expires_at.isoformat()}, refresh_token={refresh}, "
            f"scope={self.scope!r})"
        )

    def is_fresh(self, now: datetime, margin: timedelta = DEFAULT_EXPIRY_MARGIN) -> bool:
        """True while more than `margin` remains before expiry."""
        return now + margin < self.expires_at

    @classmethod
    def from_response(
        cls, payload: dict, *, now: datetime, redactor: Redactor | None = None
    ) -> Token:
        """Build a token from the token endpoint's JSON.

        Raises TokenError when no token was issued, and InvalidResponseError when the token
        cannot be sent in a header. A missing or unusable `expires_in` gives the token
        `DEFAULT_TOKEN_LIFETIME` (see `token_lifetime`).
        """
        access_token = payload.get("access_token")
        if not access_token:
            raise token_error(None, payload, redactor or Redactor())
        if not isinstance(access_token, str) or not _HEADER_SAFE_TOKEN.fullmatch(access_token):
            raise InvalidResponseError(
                "The token endpoint returned a malformed access_token: it must be visible ASCII "
                "text without spaces or control characters to fit an Authorization header. "
                "The token was not used. Check that the token URL points at Flipkart."
            )

        refresh_token = payload.get("refresh_token")
        if refresh_token is not None and not isinstance(refresh_token, str):
            raise InvalidResponseError(
                "The token endpoint returned a refresh_token that is not a string "
                f"({type(refresh_token).__name__}), so the token was not used."
            )

        lifetime = token_lifetime(payload.get("expires_in")) or DEFAULT_TOKEN_LIFETIME
        scope = payload.get("scope")
        return cls(
            access_token=access_token,
            expires_at=now + lifetime,
            token_type=str(payload.get("token_type") or "bearer"),
            refresh_token=refresh_token or None,
            scope=str(scope) if scope is not None else None,
        )


def token_lifetime(expires_in: object) -> timedelta | None:
    """Read `expires_in` (seconds, a number or numeric text) as a lifetime.

    Returns None when it is missing, not a number, not finite, zero or negative, or longer
    than `MAX_TOKEN_LIFETIME`.
    """
    if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float, str)):
        return None
    try:
        seconds = float(expires_in)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(seconds) or seconds <= 0:
        return None
    if seconds > MAX_TOKEN_LIFETIME.total_seconds():
        return None
    return timedelta(seconds=seconds)


def token_error(status_code: int | None, payload: dict, redactor: Redactor) -> TokenError:
    """Build the TokenError for an OAuth error body, with both fields redacted and shortened."""
    return TokenError(
        status_code=status_code,
        error=_redacted_field(payload.get("error"), redactor),
        error_description=_redacted_field(payload.get("error_description"), redactor),
    )


def _redacted_field(value: object, redactor: Redactor) -> str | None:
    if value is None or value == "":
        return None
    return redactor.text(str(value))[:MAX_ERROR_FIELD_CHARS]


class TokenStore(Protocol):
    """Storage of the current token between runs (the operational core encrypts it)."""

    def load(self) -> Token | None: ...

    def save(self, token: Token) -> None: ...


class MemoryTokenStore:
    """A token store that lives only as long as the process."""

    def __init__(self, token: Token | None = None) -> None:
        self._token = token

    def load(self) -> Token | None:
        return self._token

    def save(self, token: Token) -> None:
        self._token = token


class OAuthClient:
    """Token requests for one app: client credentials, code exchange and refresh."""

    def __init__(
        self,
        http: httpx.Client,
        environment: Environment,
        credentials: AppCredentials,
        *,
        runner: RetryRunner | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        server_clock: ServerClock | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._http = http
        self._server_clock = server_clock or ServerClock()
        self._max_response_bytes = max_response_bytes
        self._warned_lifetime = False
        self._environment = environment
        self._credentials = credentials
        self._runner = runner or RetryRunner()
        self._now = now
        self._redactor = Redactor([credentials.app_secret])

    def authorize_url(self, redirect_uri: str, state: str, scope: str = SCOPE) -> str:
        """Build the URL a seller opens to grant this partner app access."""
        query = urlencode(
            {
                "client_id": self._credentials.app_id,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": scope,
                "state": state,
            }
        )
        return f"{self._environment.authorize_url}?{query}"

    def client_credentials(self, scope: str = SCOPE) -> Token:
        """Request a self-access token for the seller who owns the app."""
        return self._request({"grant_type": "client_credentials", "scope": scope})

    def exchange_code(self, code: str, redirect_uri: str, state: str) -> Token:
        """Exchange an authorization code from the redirect for a token (partner apps)."""
        self._redactor.add_secret(code)
        return self._request(
            {
                "redirect_uri": redirect_uri,
                "grant_type": "authorization_code",
                "state": state,
                "code": code,
            }
        )

    def refresh(self, refresh_token: str) -> Token:
        """Get a new access token from a refresh token (partner apps)."""
        self._redactor.add_secret(refresh_token)
        return self._request({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def _request(self, params: dict[str, str]) -> Token:
        description = f"token request ({params['grant_type']})"
        return self._runner.run(
            lambda attempt: self._attempt(params, attempt),
            RequestSafety.IDEMPOTENT,
            description=description,
        )

    def _attempt(self, params: dict[str, str], attempt: int) -> Token:
        auth = httpx.BasicAuth(self._credentials.app_id, self._credentials.app_secret)
        request = self._http.build_request(
            "GET", self._environment.token_url, params=params, timeout=TOKEN_TIMEOUT
        )
        request = next(auth.auth_flow(request))
        path = loggable_path(request.url)
        started = time.perf_counter()

        try:
            response = receive(
                self._http,
                request,
                deadline=TOKEN_TIMEOUT,
                max_bytes=self._max_response_bytes,
                method="GET",
                path=path,
            )
        except httpx.HTTPError as error:
            log_attempt("GET", path, type(error).__name__, _elapsed_ms(started), attempt)
            raise translate_transport_error(error, "GET", path) from None
        except FlipkartError as error:
            log_attempt("GET", path, type(error).__name__, _elapsed_ms(started), attempt)
            raise
        log_attempt("GET", path, response.status_code, _elapsed_ms(started), attempt)
        self._server_clock.observe(response)

        payload = _json_or_empty(response)
        if response.status_code in (400, 401, 403):
            raise token_error(response.status_code, payload, self._redactor)
        raise_for_status(response, "GET", path, self._redactor)

        if token_lifetime(payload.get("expires_in")) is None and "access_token" in payload:
            self._warn_lifetime_once()
        return Token.from_response(payload, now=self._now(), redactor=self._redactor)

    def _warn_lifetime_once(self) -> None:
        if self._warned_lifetime:
            return
        self._warned_lifetime = True
        logger.warning(
            "The token response has a missing or unusable expires_in, so the token is treated as "
            "valid for %d s and renewed earlier if the API rejects it.",
            DEFAULT_TOKEN_LIFETIME.total_seconds(),
        )


class TokenProvider:
    """Hand out a valid access token, renewing it `expiry_margin` before it expires.

    Renewal is single-flight: when many threads find the token stale at once, one of them
    calls `renew` and the others wait for and share its result.
    """

    def __init__(
        self,
        renew: Callable[[Token | None], Token],
        store: TokenStore | None = None,
        *,
        expiry_margin: timedelta = DEFAULT_EXPIRY_MARGIN,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_new_token: Callable[[Token], None] | None = None,
    ) -> None:
        self._renew = renew
        self._store = store or MemoryTokenStore()
        self._margin = expiry_margin
        self._now = now
        self._on_new_token = on_new_token
        self._lock = threading.Lock()
        self._current: Token | None = None
        self._rejected: set[str] = set()
        self._loaded = False

    def get(self) -> Token:
        """Return a fresh token, renewing it first if needed."""
        token = self._current
        if token is not None and token.is_fresh(self._now(), self._margin):
            return token

        with self._lock:
            token = self._cached_or_stored()
            if token is not None and token.is_fresh(self._now(), self._margin):
                self._current = token
                return token

            new_token = self._renew(token)
            self._store.save(new_token)
            self._current = new_token
            if self._on_new_token is not None:
                self._on_new_token(new_token)
            logger.info("Obtained a new access token valid until %s", new_token.expires_at)
            return new_token

    def invalidate(self, token: Token) -> None:
        """Drop `token` after the API rejected it, unless another thread already replaced it."""
        with self._lock:
            self._rejected.add(token.access_token)
            if self._current is not None and self._current.access_token == token.access_token:
                # Kept as expired rather than dropped, so its refresh token can still renew it.
                self._current = _expired_copy(self._current)

    def _cached_or_stored(self) -> Token | None:
        token = self._current
        if token is None and not self._loaded:
            token = self._store.load()
            self._loaded = True
            if token is not None and self._on_new_token is not None:
                self._on_new_token(token)
        if token is not None and token.access_token in self._rejected:
            # A rejected token is still useful for its refresh token, but must not be reused.
            return _expired_copy(token)
        return token


def _expired_copy(token: Token) -> Token:
    return Token(
        access_token=token.access_token,
        expires_at=datetime.min.replace(tzinfo=UTC),
        token_type=token.token_type,
        refresh_token=token.refresh_token,
        scope=token.scope,
    )


def renew_with(oauth: OAuthClient) -> Callable[[Token | None], Token]:
    """Build the renewal: the refresh grant if a refresh token exists, else client credentials."""

    def renew(previous: Token | None) -> Token:
        if previous is not None and previous.refresh_token:
            renewed = oauth.refresh(previous.refresh_token)
            if renewed.refresh_token is None:
                # Keep refreshing with the old refresh token if the response has no new one.
                renewed = replace(renewed, refresh_token=previous.refresh_token)
            return renewed
        return oauth.client_credentials()

    return renew


def _json_or_empty(response: httpx.Response) -> dict:
    try:
        payload = json.loads(response.content or b"{}")
    except (ValueError, RecursionError):
        return {}
    return payload if isinstance(payload, dict) else {}


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
