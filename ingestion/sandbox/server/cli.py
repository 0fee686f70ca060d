"""`sandbox` commands: serve the local Flipkart sandbox, print its credentials and ground truth.

The same Typer app is `sellerops sandbox ...` and `python -m ingestion.sandbox ...`.
"""

import json
import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Annotated

import httpx
import typer

from ..simulation import Marketplace, SimConfig
from .admin import seller_credentials
from .state import ServerSettings

app = typer.Typer(
    name="sandbox",
    help="A local Flipkart Seller API sandbox over a simulated marketplace.",
    no_args_is_help=True,
)

SEED_HELP = "Seed of the simulated world; the same seed gives the same sellers and orders."


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port; 0 picks a free one.")] = 8765,
    seed: Annotated[int, typer.Option(help=SEED_HELP)] = 7,
    faults: Annotated[
        str, typer.Option(help="Fault profile: none, light, heavy or a JSON object.")
    ] = "none",
    speed: Annotated[
        float, typer.Option(help="Simulated seconds per real second (0 freezes the clock).")
    ] = 60.0,
    sellers: Annotated[int, typer.Option(help="Number of simulated sellers.")] = 2,
    history_days: Annotated[
        int, typer.Option(help="Days of order history before the start instant.")
    ] = 120,
    orders_per_day: Annotated[
        float, typer.Option(help="Mean daily orders of the first seller.")
    ] = 40.0,
    start: Annotated[
        str | None, typer.Option(help="Simulated start instant, ISO-8601 with offset.")
    ] = None,
    pack_delay: Annotated[
        float | None, typer.Option(help="Real seconds from a labels request to PACKED.")
    ] = None,
    form_failure_rate: Annotated[
        float | None, typer.Option(help="Share of packings that end FORM_FAILED.")
    ] = None,
    page_size: Annotated[
        int, typer.Option(help="Shipment filter page size when a request gives none.")
    ] = 20,
    max_page_size: Annotated[
        int, typer.Option(help="Largest shipment filter page size served.")
    ] = 20,
    token_lifetime: Annotated[
        float | None, typer.Option(help="Access token lifetime in seconds.")
    ] = None,
    access_log: Annotated[
        bool, typer.Option(help="Log every request (slows the server down).")
    ] = False,
    port_file: Annotated[Path | None, typer.Option(hidden=True)] = None,
    parent_pid: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """Serve the sandbox until interrupted."""
    from .serve import serve as run_server

    # `sellerops` may have configured the root logger at WARNING already. The startup line is
    # INFO, so this package's logger level is set explicitly.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("ingestion.sandbox").setLevel(logging.INFO)
    config = _config(
        seed, sellers, history_days, orders_per_day, speed, start, pack_delay, form_failure_rate
    )
    settings = ServerSettings(page_size=page_size, max_page_size=max_page_size)
    if token_lifetime is not None:
        settings = replace(settings, access_token_lifetime=token_lifetime)

    run_server(
        config,
        host=host,
        port=port,
        faults=faults,
        settings=settings,
        port_file=port_file,
        parent_pid=parent_pid,
        access_log=access_log,
    )


@app.command()
def credentials(
    seed: Annotated[int, typer.Option(help=SEED_HELP)] = 7,
    sellers: Annotated[int, typer.Option(help="Number of simulated sellers.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Print the simulated sellers' app ids and secrets (they are sandbox-only values)."""
    marketplace = Marketplace(SimConfig(seed=seed, sellers=sellers, history_days=0))
    rows = [seller_credentials(seller) for seller in marketplace.sellers]

    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return

    columns = ("seller_id", "name", "app_id", "app_secret", "location_ids")
    table = [[_cell(row[column]) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(line[index]) for line in table))
        for index, column in enumerate(columns)
    ]
    for line in [list(columns), *table]:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=True)]
        typer.echo("  ".join(cells).rstrip())


@app.command()
def truth(
    seed: Annotated[int, typer.Option(help=SEED_HELP)] = 7,
    sellers: Annotated[int, typer.Option(help="Number of simulated sellers.")] = 2,
    history_days: Annotated[
        int, typer.Option(help="Days of order history before the start instant.")
    ] = 120,
    orders_per_day: Annotated[
        float, typer.Option(help="Mean daily orders of the first seller.")
    ] = 40.0,
    url: Annotated[
        str | None, typer.Option(help="Read the truth from a running sandbox at this URL.")
    ] = None,
    seller_id: Annotated[str | None, typer.Option(help="Only this seller.")] = None,
    output: Annotated[
        Path | None, typer.Option(help="Write the JSON to this file instead of stdout.")
    ] = None,
    rate_card: Annotated[
        Path | None, typer.Option(help="Rate card CSV used for the fee truth.")
    ] = None,
) -> None:
    """Print the marketplace's ground truth as JSON, offline from the seed or from a server."""
    if url is not None:
        if rate_card is not None:
            raise typer.BadParameter(
                "--rate-card applies offline only; the server uses its own card."
            )
        params = {"seller_id": seller_id} if seller_id else None
        response = httpx.get(f"{url.rstrip('/')}/_sandbox/truth", params=params, timeout=120.0)
        response.raise_for_status()
        data = response.json()
    else:
        config = SimConfig(
            seed=seed, sellers=sellers, history_days=history_days, orders_per_day=orders_per_day
        )
        data = Marketplace(config).truth(seller_id, rate_card)

    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote the ground truth to {output}", err=True)


def _config(
    seed: int,
    sellers: int,
    history_days: int,
    orders_per_day: float,
    speed: float,
    start: str | None,
    pack_delay: float | None,
    form_failure_rate: float | None,
) -> SimConfig:
    fields: dict = {
        "seed": seed,
        "sellers": sellers,
        "history_days": history_days,
        "orders_per_day": orders_per_day,
        "speed": speed,
    }
    if start is not None:
        moment = datetime.fromisoformat(start)
        if moment.tzinfo is None:
            raise typer.BadParameter(f"--start needs an offset, e.g. {start}+05:30.")
        fields["start"] = moment
    if pack_delay is not None:
        fields["pack_delay_seconds"] = pack_delay
    if form_failure_rate is not None:
        fields["form_failure_rate"] = form_failure_rate
    return SimConfig(**fields)


def _cell(value: object) -> str:
    return ",".join(value) if isinstance(value, list) else str(value)
