"""OAuth 2.0 for the Seller API: token requests, the token cache and its renewal.

Flipkart's token endpoint takes GET with query parameters and HTTP Basic auth
(`base64(appId:appSecret)`). The response has `access_token`, `token_type`, `expires_in`,
`scope` and, for partner grants, `refresh_token`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol
from urllib.parse import urlencode

import httpx

from ingestion.client.environments import Environment
from ingestion.client.errors import TokenError
from ingestion.client.logs import log_attempt, loggable_path
from ingestion.client.redact import Redactor
from ingestion.client.retry import RequestSafety
from ingestion.client.retry_loop import RetryRunner
from ingestion.client.server_clock import ServerClock
from ingestion.client.transport_errors import raise_for_status, translate_transport_error

logger = logging.getLogger("ingestion.client")

SCOPE = "Seller_Api"
DEFAULT_EXPIRY_MARGIN = timedelta(seconds=300)
TOKEN_TIMEOUT = 30.0


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
    def from_response(cls, payload: dict, *, now: datetime) -> Token:
        """Build a token from the token endpoint's JSON; raises `TokenError` if none was issued."""
        access_token = payload.get("access_token")
        if not access_token:
            raise TokenError(
                status_code=None,
                error=payload.get("error"),
                error_description=payload.get("error_description"),
            )
        expires_in = float(payload.get("expires_in") or 0)
        return cls(
            access_token=str(access_token),
            expires_at=now + timedelta(seconds=expires_in),
            token_type=str(payload.get("token_type") or "bearer"),
            refresh_token=payload.get("refresh_token"),
            scope=payload.get("scope"),
        )


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
    ) -> None:
        self._http = http
        self._server_clock = server_clock or ServerClock()
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
            response = self._http.send(request)
        except httpx.HTTPError as error:
            log_attempt("GET", path, type(error).__name__, _elapsed_ms(started), attempt)
            raise translate_transport_error(error, "GET", path) from None
        log_attempt("GET", path, response.status_code, _elapsed_ms(started), attempt)
        self._server_clock.observe(response)

        payload = _json_or_empty(response)
        if response.status_code in (400, 401, 403):
            description = payload.get("error_description")
            raise TokenError(
                status_code=response.status_code,
                error=payload.get("error"),
                error_description=self._redactor.text(str(description)) if description else None,
            )
        raise_for_status(response, "GET", path, self._redactor)
        return Token.from_response(payload, now=self._now())


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
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
