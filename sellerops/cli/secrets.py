"""`sellerops secrets rotate`: re-encrypt every stored secret under a new key."""

from __future__ import annotations

import os

import typer

from sellerops.cli.context import open_store
from sellerops.cli.errors import reported_errors
from sellerops.services import operator_label, rotate_secret_key

app = typer.Typer(help="Encryption of app secrets and tokens at rest.")

NEW_KEY_VARIABLE = "SELLEROPS_NEW_SECRET_KEY"


@app.command("rotate")
def rotate() -> None:
    """Re-encrypt all secrets under a new key; the old key no longer decrypts them.

    With the key file, a new key is generated and written there. With SELLEROPS_SECRET_KEY,
    the new key is read from SELLEROPS_NEW_SECRET_KEY and must then replace it.
    """
    with reported_errors():
        store = open_store()
        try:
            report = rotate_secret_key(
                store, operator_label(), new_key=os.environ.get(NEW_KEY_VARIABLE) or None
            )
        finally:
            store.close()
    typer.echo(report.summary())
