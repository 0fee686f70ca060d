"""`sellerops init`: migrate the operational store, create the key file and the default plan."""

from __future__ import annotations

import typer
from sqlalchemy import func, select

from sellerops.cli.errors import reported_errors
from sellerops.db import masked_url, upgrade_to_head
from sellerops.errors import SecretKeyError
from sellerops.models import SellerAccount
from sellerops.services import ensure_default_plan, operator_label
from sellerops.settings import Settings
from sellerops.store import Store


def init() -> None:
    """Create or upgrade the operational store; safe to run again."""
    with reported_errors():
        settings = Settings.from_environment()
        key_file = settings.resolved_key_file
        new_key_file = not settings.secret_key and not key_file.exists()
        store = Store.open(settings, create_key=True)
        try:
            revision = upgrade_to_head(store.engine)
            if new_key_file:
                _refuse_new_key_for_old_secrets(store, str(key_file))
            ensure_default_plan(store, operator_label())
        finally:
            store.close()

    typer.echo(
        f"Operational store ready at {masked_url(settings.resolved_database_url)} "
        f"(revision {revision})."
    )
    typer.echo(f"Secrets are encrypted with the key from {store.secrets.source}.")


def _refuse_new_key_for_old_secrets(store: Store, key_file: str) -> None:
    """Raise if a key file was just created for a store that has secrets from an older key."""
    with store.operator_read() as session:
        stored = session.scalar(select(func.count(SellerAccount.id))) or 0
    if stored:
        raise SecretKeyError(
            f"The key file {key_file!r} was missing, so a new key was created, but the store has "
            f"{stored} seller account(s) encrypted with the old key; delete the new file and "
            f"restore the old key file from a backup."
        )
