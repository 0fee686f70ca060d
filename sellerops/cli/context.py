"""Shared CLI plumbing: open the store, log the acting user in, read secrets without echo."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from sellerops.db import current_revision, head_revision, masked_url
from sellerops.errors import ConfigurationError
from sellerops.services import Actor, login
from sellerops.settings import Settings
from sellerops.store import Store

PASSWORD_VARIABLE = "SELLEROPS_PASSWORD"  # noqa: S105 (a variable name)
NEW_PASSWORD_VARIABLE = "SELLEROPS_NEW_PASSWORD"  # noqa: S105 (a variable name)

TenantOption = Annotated[
    str,
    typer.Option("--tenant", "-t", envvar="SELLEROPS_TENANT", help="Slug of the tenant to act in."),
]
ActingUserOption = Annotated[
    str,
    typer.Option(
        "--as",
        envvar="SELLEROPS_USER",
        help=(
            "Email of the acting user; the password is read from SELLEROPS_PASSWORD or asked "
            "for without echo."
        ),
    ),
]


def open_store(*, create_key: bool = False) -> Store:
    """Open the store from the environment; it must have been initialized by `sellerops init`."""
    settings = Settings.from_environment()
    store = Store.open(settings, create_key=create_key)
    current, head = current_revision(store.engine), head_revision()
    if current != head:
        url = masked_url(settings.resolved_database_url)
        store.close()
        raise ConfigurationError(
            f"The operational store at {url!r} is at revision {current or 'none'}, not "
            f"{head}; run `sellerops init` first."
        )
    return store


def acting_user(store: Store, tenant: str, email: str) -> Actor:
    """Log `email` in to `tenant` with the password from the environment or a hidden prompt."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = typer.prompt(f"Password for {email}", hide_input=True)
    return login(store, tenant, email, password)


def new_password(for_whom: str) -> str:
    """Read a new password from SELLEROPS_NEW_PASSWORD or a hidden prompt asked twice."""
    password = os.environ.get(NEW_PASSWORD_VARIABLE)
    if password is not None:
        return password
    return typer.prompt(f"New password for {for_whom}", hide_input=True, confirmation_prompt=True)
