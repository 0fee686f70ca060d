"""The audit log's HMAC key: random, stored encrypted under the secret key in the chain head.

Keying the chain means that recomputing it after an edit needs the key, so write access to
the database alone is not enough to rewrite history. The key is random rather than derived
from the Fernet key, so `secrets rotate` re-encrypts it like any other secret and entries
written before a rotation still verify afterwards.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sellerops.errors import ConfigurationError, SecretKeyError
from sellerops.models import CHAIN_HEAD_ID, AuditChainHead, Plan, Tenant
from sellerops.security.secrets import SecretBox, open_secret_box

logger = logging.getLogger("sellerops.audit")

# Key of `Session.info` under which `Store` puts itself, so the audit functions reach its keys.
STORE_INFO_KEY = "sellerops_store"

KEY_BYTES = 32


def session_secrets(session: Session) -> SecretBox:
    """Return the `SecretBox` of the store that opened `session`."""
    return _session_store(session).secrets


def read_audit_key(session: Session, head: AuditChainHead) -> bytes | None:
    """Return the decrypted audit key, or None if the head has none.

    If the store's keys fail, the key file is read again once: after `secrets rotate` in
    another process, a running process would otherwise fail every audited action.
    """
    if head.key_encrypted is None:
        return None

    store = _session_store(session)
    try:
        plaintext = store.secrets.decrypt(head.key_encrypted)
    except SecretKeyError:
        if store.settings.secret_key:
            raise
        store.secrets = open_secret_box(store.settings, create=False)
        logger.warning("Reloaded the secret key from %s after a rotation", store.secrets.source)
        plaintext = store.secrets.decrypt(head.key_encrypted)
    return base64.b64decode(plaintext)


def audit_key_for_append(session: Session, head: AuditChainHead) -> bytes:
    """Return the audit key, creating it only in a store that has never been used.

    A store with plans or tenants but no key had its chain head reset, so appending would
    start a new chain that hides the old one: that raises `ConfigurationError` instead.
    """
    key = read_audit_key(session, head)
    if key is not None:
        return key
    if head.last_sequence != 0 or store_has_rows(session):
        raise ConfigurationError(
            "The audit chain head has no audit key, but the store already contains data, so the "
            "audit log was reset or written before keyed hashing; restore the database from "
            "a backup and run `sellerops audit verify`."
        )

    key = secrets.token_bytes(KEY_BYTES)
    head.key_encrypted = session_secrets(session).encrypt(base64.b64encode(key).decode("ascii"))
    return key


def ensure_audit_key(session: Session) -> None:
    """Lock the chain head and create the audit key if the store is unused.

    Call it in a writing transaction before the first plan or tenant is inserted, because
    afterwards a missing key reads as a reset log (see `audit_key_for_append`).
    """
    statement = select(AuditChainHead).where(AuditChainHead.id == CHAIN_HEAD_ID)
    head = session.scalars(statement.with_for_update()).one()
    audit_key_for_append(session, head)


def store_has_rows(session: Session) -> bool:
    """Return True if any plan or tenant exists (each of them was created with an audit entry)."""
    plans = session.scalar(select(func.count(Plan.id))) or 0
    tenants = session.scalar(select(func.count(Tenant.id))) or 0
    return plans + tenants > 0


def _session_store(session: Session) -> Any:
    store = session.info.get(STORE_INFO_KEY)
    if store is None:
        raise RuntimeError("The audit log needs a session opened by Store.read or Store.write.")
    return store


def head_mac(key: bytes, sequence: int, last_hash: str) -> str:
    """Return the hex HMAC-SHA256 of the chain head's sequence and hash."""
    message = f"audit-chain-head:{sequence}:{last_hash}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()
