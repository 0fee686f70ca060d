"""Flipkart hosts: production, Flipkart's sandbox, and a local sandbox server."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

PRODUCTION_HOST = "https://api.flipkart.net"
SANDBOX_HOST = "https://sandbox-api.flipkart.net"
LOCAL_URL_VARIABLE = "SELLEROPS_SANDBOX_URL"
DEFAULT_LOCAL_URL = "http://127.0.0.1:8765"


@dataclass(frozen=True)
class Environment:
    """One Flipkart deployment, identified by its host URL (scheme and authority)."""

    name: str
    host: str

    @property
    def api_base(self) -> str:
        """Base URL of the Seller API; paths such as `/v3/shipments` are relative to it."""
        return f"{self.host}/sellers"

    @property
    def token_url(self) -> str:
        """OAuth token endpoint, which is not under `/sellers`."""
        return f"{self.host}/oauth-service/oauth/token"

    @property
    def authorize_url(self) -> str:
        """OAuth authorize endpoint that a seller opens in a browser (partner apps)."""
        return f"{self.host}/oauth-service/oauth/authorize"

    @classmethod
    def production(cls) -> Environment:
        return cls("production", PRODUCTION_HOST)

    @classmethod
    def sandbox(cls) -> Environment:
        return cls("sandbox", SANDBOX_HOST)

    @classmethod
    def local(cls, base_url: str | None = None) -> Environment:
        """Build a local environment from `base_url`, `$SELLEROPS_SANDBOX_URL` or the default."""
        url = base_url or os.environ.get(LOCAL_URL_VARIABLE) or DEFAULT_LOCAL_URL
        return cls("local", _checked_host(url))

    @classmethod
    def named(cls, name: str, base_url: str | None = None) -> Environment:
        """Build the environment called `name` (`production`, `sandbox` or `local`).

        `base_url` applies only to `local`: Flipkart's own hosts are fixed, and silently
        sending credentials elsewhere than the caller pointed would be worse than an error.
        """
        if base_url is not None and name in ("production", "sandbox"):
            raise ValueError(
                f"A base URL ({base_url!r}) applies only to the 'local' environment; "
                f"{name!r} always uses Flipkart's own host. Drop the base URL or use 'local'."
            )
        if name == "production":
            return cls.production()
        if name == "sandbox":
            return cls.sandbox()
        if name == "local":
            return cls.local(base_url)
        raise ValueError(f"Unknown environment {name!r}; use 'production', 'sandbox' or 'local'.")


def _checked_host(url: str) -> str:
    """Return `url` without a trailing slash, or raise ValueError naming what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"Invalid sandbox URL {url!r}: it needs a scheme and a host, "
            "for example http://127.0.0.1:8765."
        )
    if parts.path.strip("/") or parts.query:
        raise ValueError(
            f"Invalid sandbox URL {url!r}: give only the scheme, host and port "
            "(the client adds /sellers and /oauth-service itself)."
        )
    try:
        port = parts.port
    except ValueError:
        port = -1  # urlsplit raises for a port that is not a number from 0 to 65535
    if port is not None and not 1 <= port <= 65535:
        raise ValueError(f"Invalid sandbox URL {url!r}: the port must be a number from 1 to 65535.")
    return f"{parts.scheme}://{parts.netloc}"
