"""`FlipkartClient`: one app's connection to one Flipkart environment."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from types import TracebackType

import httpx

from ingestion.client.auth import (
    DEFAULT_EXPIRY_MARGIN,
    AppCredentials,
    OAuthClient,
    Token,
    TokenProvider,
    TokenStore,
    renew_with,
)
from ingestion.client.environments import Environment
from ingestion.client.listings import ListingsAPI
from ingestion.client.logs import quiet_http_library_loggers
from ingestion.client.redact import Redactor
from ingestion.client.response_reading import DEFAULT_MAX_RESPONSE_BYTES
from ingestion.client.retry import RetryPolicy
from ingestion.client.retry_loop import RetryRunner
from ingestion.client.returns import ReturnsAPI
from ingestion.client.server_clock import ServerClock
from ingestion.client.shipments import ShipmentsAPI
from ingestion.client.transport import Transport, new_http_client


class FlipkartClient:
    """Seller API client with `.shipments`, `.returns` and `.listings`.

    `environment` is an `Environment` or one of 'production', 'sandbox', 'local';
    `base_url` sets the host of 'local'. Pass `http_client` to reuse a pool, or `transport`
    (an httpx transport such as `MockTransport`) to route requests without a network.
    `max_response_bytes` bounds every response body (64 MiB by default), and a larger one raises
    InvalidResponseError. `sleep` and `rng` are for tests of the retry schedule.
    """

    def __init__(
        self,
        environment: Environment | str,
        app_id: str,
        app_secret: str,
        *,
        base_url: str | None = None,
        token_store: TokenStore | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        expiry_margin: timedelta = DEFAULT_EXPIRY_MARGIN,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if http_client is not None and transport is not None:
            raise ValueError("Pass either http_client or transport, not both.")
        if max_response_bytes < 1:
            raise ValueError(f"max_response_bytes must be positive, got {max_response_bytes}.")
        if isinstance(environment, str):
            environment = Environment.named(environment, base_url)
        elif base_url is not None:
            environment = Environment(environment.name, base_url.rstrip("/"))

        quiet_http_library_loggers()
        self.environment = environment
        self._owns_http = http_client is None
        if http_client is None:
            http_client = (
                httpx.Client(transport=transport) if transport is not None else new_http_client()
            )
        self._http = http_client

        runner_options = {"sleep": sleep} if sleep is not None else {}
        runner = RetryRunner(retry_policy, rng=rng, **runner_options)
        credentials = AppCredentials(app_id, app_secret)
        self._redactor = Redactor([app_secret])

        self.server_clock = ServerClock()
        self.oauth = OAuthClient(
            http_client,
            environment,
            credentials,
            runner=runner,
            server_clock=self.server_clock,
            max_response_bytes=max_response_bytes,
        )
        self.tokens = TokenProvider(
            renew_with(self.oauth),
            token_store,
            expiry_margin=expiry_margin,
            on_new_token=self._remember_token,
        )
        self.transport = Transport(
            http_client,
            environment.api_base,
            self.tokens,
            runner=runner,
            redactor=self._redactor,
            server_clock=self.server_clock,
            max_response_bytes=max_response_bytes,
        )
        self.shipments = ShipmentsAPI(self.transport)
        self.returns = ReturnsAPI(self.transport)
        self.listings = ListingsAPI(self.transport)

    def __repr__(self) -> str:
        return (
            f"FlipkartClient(environment={self.environment.name!r}, host={self.environment.host!r})"
        )

    def close(self) -> None:
        """Close the HTTP pool if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> FlipkartClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _remember_token(self, token: Token) -> None:
        self._redactor.add_secret(token.access_token)
        self._redactor.add_secret(token.refresh_token)
