"""The client factory: a `FlipkartClient` for one seller account from its stored credentials."""

from __future__ import annotations

import logging
from typing import Any

from ingestion.client import FlipkartClient
from sellerops.errors import InvalidInputError
from sellerops.security.permissions import Action
from sellerops.services.accounts import require_account
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize, record_success
from sellerops.services.token_store import EncryptedTokenStore

logger = logging.getLogger("sellerops.services")


def build_client(actor: Actor, account_id: str, **client_options: Any) -> FlipkartClient:
    """Build the Flipkart client of `account_id` with its decrypted secret and token cache.

    The token cache belongs to this account alone, so no token is ever sent for another
    account. `client_options` go to `FlipkartClient` (e.g. `retry_policy`, `transport`).
    The caller closes the client (it is a context manager).
    """
    authorize(actor, Action.ACCOUNT_CONNECT, object_type="seller_account", object_id=account_id)
    store = actor.store

    with store.write(actor.tenant_id) as session:
        row = require_account(session, account_id)
        if not row.is_active:
            raise InvalidInputError(
                f"Seller account {row.name!r} is deactivated; add it again or use another account."
            )
        environment, base_url, app_id = row.environment, row.base_url, row.app_id
        app_secret = store.secrets.decrypt(row.app_secret_encrypted)
        record_success(
            session,
            actor,
            Action.ACCOUNT_CONNECT,
            object_type="seller_account",
            object_id=row.id,
            detail={"environment": environment},
        )

    token_store = EncryptedTokenStore(store, actor.tenant_id, account_id)
    logger.info("%s opened a %s client for account %s", actor.label, environment, account_id)
    return FlipkartClient(
        environment,
        app_id,
        app_secret,
        base_url=base_url,
        token_store=token_store,
        **client_options,
    )
