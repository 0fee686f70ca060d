"""Fixtures of the sandbox server tests; each module defines its own `marketplace` fixture."""

import pytest
from starlette.testclient import TestClient

from ingestion.sandbox.server import create_app


def authorised_client(app, seller) -> TestClient:
    """Return a TestClient for `app` that sends a client-credentials token of `seller`."""
    client = TestClient(app)
    grant = client.get(
        "/oauth-service/oauth/token",
        params={"grant_type": "client_credentials"},
        auth=(seller.app_id, seller.app_secret),
    ).json()
    client.headers["Authorization"] = f"Bearer {grant['access_token']}"
    return client


@pytest.fixture(scope="module")
def seller(marketplace):
    return marketplace.sellers[0]


@pytest.fixture(scope="module")
def api_client(marketplace, seller) -> TestClient:
    """A client of a fresh app over the module's marketplace, authorised as `seller`."""
    return authorised_client(create_app(marketplace), seller)
