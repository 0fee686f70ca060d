"""`rotate_secret_key`: re-encrypt every stored secret and token under a new Fernet key.

With the key file, rotation is crash-safe. The file first contains the new and the old key,
then every secret is re-encrypted in one transaction, and only then is the old key removed.
With `SELLEROPS_SECRET_KEY`, the caller supplies the new key and must then set the variable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cryptography.fernet import Fernet
from sqlalchemy import select

from sellerops.audit import AuditRecord, AuditResult, append_entry
from sellerops.errors import SecretKeyError
from sellerops.models import CHAIN_HEAD_ID, AuditChainHead, SellerAccount
from sellerops.notify.channels import rotate_channel_secrets
from sellerops.security.keyfile import write_key_file
from sellerops.security.secrets import SecretBox, load_keys
from sellerops.settings import SECRET_KEY_VARIABLE
from sellerops.store import Store

logger = logging.getLogger("sellerops.services")


@dataclass(frozen=True)
class RotationReport:
    """How many values were re-encrypted and where the new key lives."""

    secrets: int
    tokens: int
    key_source: str
    key_in_environment: bool

    def summary(self) -> str:
        """Return what the CLI prints after a rotation."""
        first = (
            f"Re-encrypted {self.secrets} app secret(s) and {self.tokens} cached token(s) "
            f"under a new key."
        )
        if self.key_in_environment:
            return (
                f"{first} Set {SECRET_KEY_VARIABLE} to the new key now: the old key no longer "
                f"decrypts anything, and running processes must be restarted."
            )
        return (
            f"{first} The {self.key_source} now holds only the new key; restart running "
            f"processes so that they read it."
        )


def rotate_secret_key(store: Store, operator: str, *, new_key: str | None = None) -> RotationReport:
    """Re-encrypt all secrets under `new_key` (default: a generated one) and retire the old keys.

    Updates `store.secrets` to the new key. With `SELLEROPS_SECRET_KEY` set, `new_key` is
    required, because only the caller can change the environment.
    """
    old_keys, source = load_keys(store.settings, create=False)
    in_environment = bool(store.settings.secret_key)
    if in_environment and not new_key:
        raise SecretKeyError(
            f"The key comes from {SECRET_KEY_VARIABLE}, so the new key must be given; set "
            f"SELLEROPS_NEW_SECRET_KEY to a new Fernet key and run the rotation again."
        )
    new_key = new_key or Fernet.generate_key().decode("ascii")
    if new_key in old_keys:
        raise SecretKeyError("The new key is the key in use; generate a different one.")

    key_file = store.settings.resolved_key_file
    both = SecretBox([new_key, *old_keys], source=source)
    if not in_environment:
        write_key_file(key_file, [new_key, *old_keys])

    with store.operator_write() as session:
        secrets_count, tokens_count = 0, 0
        for account in session.scalars(select(SellerAccount)).all():
            account.app_secret_encrypted = both.rotate(account.app_secret_encrypted)
            secrets_count += 1
            if account.token_encrypted is not None:
                account.token_encrypted = both.rotate(account.token_encrypted)
                tokens_count += 1
        channel_count = rotate_channel_secrets(session, both)
        append_entry(
            session,
            AuditRecord(
                action="secrets.rotate",
                object_type="secret_key",
                object_id=None,
                result=AuditResult.SUCCEEDED,
                actor_label=operator,
                detail={
                    "secrets": secrets_count,
                    "tokens": tokens_count,
                    "channel_secrets": channel_count,
                },
            ),
        )
        # After the append, which decrypts the audit key with the session's old keys.
        head = session.get_one(AuditChainHead, CHAIN_HEAD_ID)
        if head.key_encrypted is not None:
            head.key_encrypted = both.rotate(head.key_encrypted)

    if not in_environment:
        write_key_file(key_file, [new_key])
    store.secrets = SecretBox([new_key], source=source)
    logger.info(
        "%s rotated the secret key (%d secrets, %d tokens)", operator, secrets_count, tokens_count
    )
    return RotationReport(secrets_count, tokens_count, source, in_environment)
