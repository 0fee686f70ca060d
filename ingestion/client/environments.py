"""Flipkart hosts: production, Flipkart's sandbox, and a local sandbox server."""

from __future__ import annotations

import os
from dataclasses import dataclass

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
        return cls("local", url.rstrip("/"))

    @classmethod
    def named(cls, name: str, base_url: str | None = None) -> Environment:
        """Build the environment called `name` (`production`, `sandbox` or `local`)."""
        if name == "production":
            return cls.production()
        if name == "sandbox":
            return cls.sandbox()
        if name == "local":
            return cls.local(base_url)
        raise ValueError(f"Unknown environment {name!r}; use 'production', 'sandbox' or 'local'.")
