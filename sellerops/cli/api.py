"""`sellerops api`: call the Flipkart Seller API from the shell through the project's client.

Credentials come from `FLIPKART_APP_ID` and `FLIPKART_APP_SECRET` (or the options), so a secret
never has to appear in shell history. Output is JSON lines, one record per line, ready for `jq`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

import typer
from pydantic import BaseModel, ValidationError

from ingestion.client import (
    DateRange,
    FlipkartClient,
    FlipkartError,
    ShipmentFilter,
    full_pull,
)
from ingestion.client.records.filters import STATES_BY_TYPE, CancellationType, ShipmentType
from ingestion.client.records.returns import RETURN_SOURCES

StateName = StrEnum(
    "StateName", [(state, state) for state in sorted(set().union(*STATES_BY_TYPE.values()))]
)
ReturnSource = Literal[RETURN_SOURCES]

app = typer.Typer(
    help="Call the Flipkart Seller API (or the local sandbox) through the client.",
    no_args_is_help=True,
)

EnvironmentOption = Annotated[
    str,
    typer.Option(
        "--env",
        envvar="SELLEROPS_FLIPKART_ENV",
        help="Which API to call: production, sandbox (Flipkart's) or local (this project's).",
    ),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        envvar="SELLEROPS_SANDBOX_URL",
        help="URL of the local sandbox (only for --env local). Default: http://127.0.0.1:8765.",
    ),
]
AppIdOption = Annotated[
    str | None,
    typer.Option("--app-id", envvar="FLIPKART_APP_ID", help="Flipkart application id."),
]
AppSecretOption = Annotated[
    str | None,
    typer.Option(
        "--app-secret",
        envvar="FLIPKART_APP_SECRET",
        help="Flipkart application secret; prefer the environment variable.",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class _Connection:
    """The API choice and credentials given to the `api` group, checked by each command."""

    env: str
    base_url: str | None
    app_id: str | None
    app_secret: str | None


@app.callback()
def connect(
    context: typer.Context,
    env: EnvironmentOption = "local",
    base_url: BaseUrlOption = None,
    app_id: AppIdOption = None,
    app_secret: AppSecretOption = None,
) -> None:
    """Choose the API and the app credentials every `api` command uses."""
    # SELLEROPS_SANDBOX_URL names the local sandbox; it must not block a production call.
    source = context.get_parameter_source("base_url")
    given_on_command_line = source is not None and source.name == "COMMANDLINE"
    if env != "local" and not given_on_command_line:
        base_url = None
    context.obj = _Connection(env, base_url, app_id, app_secret)


def _client(context: typer.Context) -> FlipkartClient:
    """Build the client from the group's options; a missing or invalid one exits with code 2.

    The group only records its options, so `sellerops api COMMAND --help` works without
    credentials; the check runs here, before the command sends its first request.
    """
    connection: _Connection = context.find_object(_Connection)
    for value, option, variable in (
        (connection.app_id, "--app-id", "FLIPKART_APP_ID"),
        (connection.app_secret, "--app-secret", "FLIPKART_APP_SECRET"),
    ):
        if not value:
            typer.secho(
                f"Missing option '{option}': set {variable} or run `sellerops api {option} "
                f"VALUE {context.info_name}`.",
                err=True,
                fg=typer.colors.RED,
            )
            raise typer.Exit(2)
    try:
        client = FlipkartClient(
            connection.env,
            connection.app_id,
            connection.app_secret,
            base_url=connection.base_url,
        )
    except ValueError as error:
        raise typer.BadParameter(str(error), ctx=context, param_hint="--env") from None
    context.call_on_close(client.close)
    return client


def _emit(records: Iterable[BaseModel | dict[str, Any]], limit: int | None) -> None:
    for count, record in enumerate(records):
        if limit is not None and count >= limit:
            return
        if isinstance(record, BaseModel):
            record = record.model_dump(mode="json", by_alias=True)
        typer.echo(json.dumps(record, ensure_ascii=False, default=str))


@contextmanager
def _reported_errors() -> Iterator[None]:
    """Turn a client error into a one-line message: exit code 1, or 2 for invalid input."""
    try:
        yield
    except FlipkartError as error:
        typer.secho(f"Error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1) from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'value'}: {item['msg']}"
            for item in error.errors()
        )
        typer.secho(f"Invalid input: {problems}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    except ValueError as error:
        typer.secho(f"Invalid input: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None


def _server_now(client: FlipkartClient) -> datetime:
    """Return the server's time, read from the Date header of a token request."""
    client.tokens.get()
    return client.server_clock.now()


@app.command()
def token(context: typer.Context) -> None:
    """Request an access token and print when it expires (never the token itself)."""
    client = _client(context)
    with _reported_errors():
        issued = client.tokens.get()
    typer.echo(
        json.dumps({"token_type": issued.token_type, "expires_at": issued.expires_at.isoformat()})
    )


@app.command()
def shipments(
    context: typer.Context,
    shipment_type: Annotated[
        ShipmentType, typer.Option("--type", help="Search type.")
    ] = "preDispatch",
    state: Annotated[
        list[StateName] | None,
        typer.Option(
            "--state", help="Item state to include; repeatable. Default: every state of the type."
        ),
    ] = None,
    cancellation_type: Annotated[
        CancellationType | None, typer.Option(help="Required with --type cancelled.")
    ] = None,
    days: Annotated[int, typer.Option(min=1, help="Search orders placed in the last N days.")] = 30,
    limit: Annotated[int | None, typer.Option(min=1, help="Print at most N shipments.")] = None,
) -> None:
    """Search shipments with the shipment filter and print them as JSON lines."""
    client = _client(context)
    with _reported_errors():
        # Validate the options before any request, then add the window on the server's clock.
        criteria = ShipmentFilter(
            type=shipment_type,
            states=[name.value for name in state] if state else None,
            cancellation_type=cancellation_type,
        )
        now = _server_now(client)
        window = {"start": now - timedelta(days=days), "end": now}
        criteria = criteria.model_copy(update={"order_date": DateRange(**window)})
        _emit(client.shipments.filter(criteria), limit)


@app.command()
def returns(
    context: typer.Context,
    source: Annotated[
        ReturnSource, typer.Option(help="courier_return (RTO) or customer_return.")
    ] = "courier_return",
    days: Annotated[
        int, typer.Option(min=1, help="Search returns created in the last N days.")
    ] = 30,
    limit: Annotated[int | None, typer.Option(min=1, help="Print at most N returns.")] = None,
) -> None:
    """Search returns of one source and print them as JSON lines."""
    client = _client(context)
    with _reported_errors():
        now = _server_now(client)
        items = client.returns.search(
            source, created_after=now - timedelta(days=days), created_before=now
        )
        _emit(items, limit)


@app.command()
def listings(
    context: typer.Context,
    skus: Annotated[
        list[str] | None, typer.Argument(help="Seller SKUs to read; none lists every listing.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Print at most N listings.")] = None,
) -> None:
    """Read listings by SKU (or search them all) and print them as JSON lines."""
    client = _client(context)
    with _reported_errors():
        if skus:
            _emit(_listing_rows(client.listings.get(skus)), limit)
        else:
            _emit(client.listings.search(), limit)


def _listing_rows(lookup: Any) -> Iterator[dict[str, Any]]:
    for sku, listing in lookup.available.items():
        yield {"sku": sku, "available": True, **listing.model_dump(mode="json", by_alias=True)}
    for sku in lookup.unavailable:
        yield {"sku": sku, "available": False}
    for sku in lookup.invalid:
        yield {"sku": sku, "invalid": True}


@app.command()
def pull(
    context: typer.Context,
    days: Annotated[int, typer.Option(min=1, help="Pull orders placed in the last N days.")] = 400,
) -> None:
    """Pull every shipment (with details and invoices) and return of a seller; print counts."""
    client = _client(context)
    with _reported_errors():
        until = _server_now(client)
        result = full_pull(client, since=until - timedelta(days=days), until=until)
    summary = {**result.counts, "requests": result.requests}
    summary["seconds"] = round(result.elapsed_seconds, 2)
    typer.echo(json.dumps(summary))
