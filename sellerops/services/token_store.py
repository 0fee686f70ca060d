"""The encrypted token cache of one seller account, implementing the client's `TokenStore`."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from ingestion.client import Token
from sellerops.errors import PermissionDeniedError, SecretKeyError
from sellerops.models import SellerAccount
from sellerops.store import Store

logger = logging.getLogger("sellerops.services")


class EncryptedTokenStore:
    """Loads and saves the token of exactly one account, Fernet-encrypted in its row.

    Each call opens its own short transaction, so a token renewed by the client is kept even if
    the caller's work later fails.

    NOTE: on SQLite, do not call the client inside an open `Store.write` block of the same
    process. A token renewal would then wait for that transaction until the busy timeout.
    """

    def __init__(self, store: Store, tenant_id: str, account_id: str) -> None:
        self._store = store
        self._tenant_id = tenant_id
        self._account_id = account_id

    def __repr__(self) -> str:
        return f"EncryptedTokenStore(account_id={self._account_id!r})"

    def load(self) -> Token | None:
        """Return the cached token, or None if there is none, it cannot be decrypted or the
        account was deactivated."""
        with self._store.read(self._tenant_id) as session:
            row = session.get(SellerAccount, self._account_id)
            usable = row is not None and row.is_active
            encrypted = row.token_encrypted if usable else None
        if encrypted is None:
            return None

        try:
            payload = json.loads(self._store.secrets.decrypt(encrypted))
        except (SecretKeyError, ValueError):
            # A fresh token is one OAuth request away, so an unreadable cache is only logged.
            logger.warning(
                "Cached token of account %s is unreadable; requesting a new one", self._account_id
            )
            return None
        return Token(
            access_token=payload["access_token"],
            expires_at=datetime.fromisoformat(payload["expires_at"]),
            token_type=payload.get("token_type", "bearer"),
            refresh_token=payload.get("refresh_token"),
            scope=payload.get("scope"),
        )

    def save(self, token: Token) -> None:
        """Encrypt `token` and store it in the account's row.

        Raises `PermissionDeniedError` if the account was deactivated after the client was
        built, so that a long-lived client stops instead of caching a token for it.
        """
        payload = {
            "access_token": token.access_token,
            "expires_at": token.expires_at.isoformat(),
            "token_type": token.token_type,
            "refresh_token": token.refresh_token,
            "scope": token.scope,
        }
        encrypted = self._store.secrets.encrypt(json.dumps(payload))
        with self._store.write(self._tenant_id) as session:
            row = session.get(SellerAccount, self._account_id)
            if row is None:
                logger.warning(
                    "Account %s no longer exists; its new token was not cached", self._account_id
                )
                return
            if not row.is_active:
                raise PermissionDeniedError(
                    f"Seller account {row.name!r} was deactivated, so its new token was not "
                    f"cached; stop the client that uses it."
                )
            row.token_encrypted = encrypted
        logger.info(
            "Cached a new token for account %s, valid until %s", self._account_id, token.expires_at
        )
