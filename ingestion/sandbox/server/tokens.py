"""OAuth 2.0 state of the sandbox: clients, access and refresh tokens, authorization codes.

Tokens are opaque UUID strings like Flipkart's. Lifetimes run on real time (not the simulated
clock), so a test can make tokens expire by configuring a short lifetime.
"""

import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

ACCESS_TOKEN_LIFETIME = 5_183_999  # seconds; Flipkart's documented expires_in (~60 days)
REFRESH_TOKEN_LIFETIME = 180 * 24 * 3600  # Flipkart states refresh tokens last 180 days
CODE_LIFETIME = 300  # seconds an authorization code stays valid
SCOPE = "Seller_Api"
ACCEPTED_SCOPES = frozenset({"Seller_Api", "Default"})


class OAuthError(Exception):
    """A token-endpoint failure in Spring OAuth's `error` / `error_description` form."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


@dataclass(frozen=True)
class Client:
    """One registered OAuth client: the app of one simulated seller."""

    app_id: str
    app_secret: str
    seller_id: str


@dataclass
class _AccessToken:
    app_id: str
    seller_id: str
    expires_at: float
    grant_type: str


@dataclass
class _Code:
    app_id: str
    redirect_uri: str
    expires_at: float


@dataclass
class _RefreshToken:
    app_id: str
    expires_at: float
    access_token: str | None


class TokenStore:
    """Thread-safe issuer and checker of the sandbox's OAuth tokens."""

    def __init__(
        self,
        clients: Iterable[Client],
        *,
        access_lifetime: float = ACCESS_TOKEN_LIFETIME,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._clients = {client.app_id: client for client in clients}
        self.access_lifetime = access_lifetime
        self._clock = clock
        self._lock = threading.Lock()
        self._access: dict[str, _AccessToken] = {}
        self._refresh: dict[str, _RefreshToken] = {}
        self._codes: dict[str, _Code] = {}
        self._client_credentials_tokens: dict[str, str] = {}
        self._grants: dict[str, Counter[str]] = {}

    def authenticate(self, app_id: str, app_secret: str) -> Client:
        """Return the client for a Basic-auth pair, or raise Flipkart's 401 for it."""
        client = self._clients.get(app_id)
        if client is None:
            raise OAuthError(401, "unauthorized", f"No client with requested id: {app_id}")
        if not secrets.compare_digest(client.app_secret, app_secret):
            raise OAuthError(401, "unauthorized", "Bad credentials")
        return client

    def client(self, app_id: str) -> Client | None:
        return self._clients.get(app_id)

    def client_credentials(self, client: Client) -> dict:
        """Grant a token without a refresh token.

        A request while the client's previous client-credentials token is still live returns that
        same token with its remaining lifetime, as Flipkart's documented examples suggest.
        """
        # NOTE: the reuse of a live token is inferred from Flipkart's examples, not documented.
        now = self._clock()
        with self._lock:
            self._count(client.app_id, "client_credentials")
            token = self._client_credentials_tokens.get(client.app_id)
            record = self._access.get(token) if token is not None else None
            if token is not None and record is not None and record.expires_at > now:
                return self._response(token, record.expires_at - now, None)

            token = self._new_access(client, "client_credentials", now)
            self._client_credentials_tokens[client.app_id] = token
            return self._response(token, self.access_lifetime, None)

    def issue_code(self, client: Client, redirect_uri: str) -> str:
        code = secrets.token_urlsafe(12)
        with self._lock:
            self._codes[code] = _Code(client.app_id, redirect_uri, self._clock() + CODE_LIFETIME)
        return code

    def authorization_code(self, client: Client, code: str, redirect_uri: str | None) -> dict:
        """Exchange a single-use code for an access and a refresh token."""
        now = self._clock()
        with self._lock:
            record = self._codes.pop(code, None)
            if record is None or record.expires_at <= now or record.app_id != client.app_id:
                raise OAuthError(400, "invalid_grant", f"Invalid authorization code: {code}")
            if redirect_uri != record.redirect_uri:
                raise OAuthError(400, "invalid_grant", "Redirect URI mismatch.")

            self._count(client.app_id, "authorization_code")
            return self._grant_with_refresh(
                client, "authorization_code", now, secrets.token_urlsafe(24)
            )

    def refresh(self, client: Client, refresh_token: str) -> dict:
        """Grant a new access token for a refresh token; the old access token is revoked."""
        now = self._clock()
        with self._lock:
            record = self._refresh.get(refresh_token)
            if record is None or record.expires_at <= now or record.app_id != client.app_id:
                raise OAuthError(400, "invalid_grant", f"Invalid refresh token: {refresh_token}")

            if record.access_token is not None:
                self._access.pop(record.access_token, None)
            self._count(client.app_id, "refresh_token")
            return self._grant_with_refresh(client, "refresh_token", now, refresh_token)

    def seller_for(self, access_token: str) -> str | None:
        """Return the seller id a live access token belongs to, or None."""
        record = self._access.get(access_token)
        if record is None or record.expires_at <= self._clock():
            return None
        return record.seller_id

    def revoke_all(self) -> int:
        """Revoke every access token (refresh tokens stay valid); return how many were live."""
        now = self._clock()
        with self._lock:
            live = sum(1 for record in self._access.values() if record.expires_at > now)
            self._access.clear()
            self._client_credentials_tokens.clear()
            for record in self._refresh.values():
                record.access_token = None
        return live

    def grant_counts(self) -> dict[str, dict[str, int]]:
        """Return the grants issued so far: app id -> grant type -> count, plus a `total`."""
        with self._lock:
            return {
                app_id: {**counter, "total": sum(counter.values())}
                for app_id, counter in self._grants.items()
            }

    def reset_counts(self) -> None:
        with self._lock:
            self._grants.clear()

    def _grant_with_refresh(
        self, client: Client, grant_type: str, now: float, refresh: str
    ) -> dict:
        token = self._new_access(client, grant_type, now)
        self._refresh[refresh] = _RefreshToken(client.app_id, now + REFRESH_TOKEN_LIFETIME, token)
        return self._response(token, self.access_lifetime, refresh)

    def _new_access(self, client: Client, grant_type: str, now: float) -> str:
        token = str(uuid.uuid4())
        self._access[token] = _AccessToken(
            client.app_id, client.seller_id, now + self.access_lifetime, grant_type
        )
        return token

    def _count(self, app_id: str, grant_type: str) -> None:
        self._grants.setdefault(app_id, Counter())[grant_type] += 1

    @staticmethod
    def _response(token: str, expires_in: float, refresh_token: str | None) -> dict:
        body: dict = {"access_token": token, "token_type": "bearer"}
        if refresh_token is not None:
            body["refresh_token"] = refresh_token
        body["expires_in"] = max(int(expires_in), 0)
        body["scope"] = SCOPE
        return body
