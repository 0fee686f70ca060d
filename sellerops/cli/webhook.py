"""`sellerops webhook serve`: run the receiver of Flipkart's push notifications."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from sellerops.cli.context import open_store
from sellerops.cli.errors import reported_errors
from sellerops.webhooks.app import MAX_BODY_BYTES, NOTIFICATION_PATH, create_app

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

app = typer.Typer(
    help="The receiver of Flipkart's push notifications.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.callback()
def webhook() -> None:
    """Receive Flipkart's push notifications and store them for the sync."""


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port to listen on.")] = 8790,
    public_url: Annotated[
        str | None,
        typer.Option(
            help="Scheme and host that Flipkart posts to when a proxy is in front, e.g. "
            "https://hooks.example.com; the signature covers this URL. Default: the URL "
            "of each request as the receiver sees it."
        ),
    ] = None,
    max_body_bytes: Annotated[
        int, typer.Option(min=1, help="Largest notification body accepted, in bytes.")
    ] = MAX_BODY_BYTES,
) -> None:
    """Serve the receiver until Ctrl-C or SIGTERM.

    Register `<public URL>/flipkart/notifications/<account id>` with Flipkart for each seller
    account. Valid events are stored once in the operational store; the `webhook_events_sensor`
    of the Dagster code location turns them into incremental syncs.
    """
    import uvicorn

    with reported_errors():
        store = open_store()
    # One line per notification is the receiver's record, so its INFO lines are always shown.
    if not logging.getLogger().handlers:
        logging.basicConfig(format=LOG_FORMAT)
    logging.getLogger("sellerops").setLevel(logging.INFO)
    typer.echo(
        f"Receiving Flipkart notifications on http://{host}:{port}"
        f"{NOTIFICATION_PATH.replace('{account_id}', '<account id>')}; Ctrl-C to stop.",
        err=True,
    )
    try:
        uvicorn.run(
            create_app(store, public_url=public_url, max_body_bytes=max_body_bytes),
            host=host,
            port=port,
            log_level="info",
            access_log=False,
            lifespan="off",
        )
    finally:
        store.close()


if __name__ == "__main__":
    app()
