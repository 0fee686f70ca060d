"""`sellerops demo`: run the product end to end on the built-in sandbox.

The demo starts the sandbox in its own process, pulls every simulated seller's data through the
same client that talks to Flipkart, and prints what was pulled next to the sandbox's ground
truth, so a new user sees the whole path work without any Flipkart credentials.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

import typer

from ingestion.client import FlipkartClient, full_pull

app = typer.Typer()

COLUMNS = ("seller", "shipments", "truth", "details", "invoices", "returns", "truth", "seconds")


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Seed of the simulated sellers.")] = 7,
    sellers: Annotated[int, typer.Option(help="Number of simulated sellers.")] = 2,
    history_days: Annotated[int, typer.Option(help="Days of order history to simulate.")] = 120,
    orders_per_day: Annotated[
        float, typer.Option(help="Mean daily orders of the first seller.")
    ] = 40.0,
    speed: Annotated[
        float, typer.Option(help="Simulated seconds per real second; new orders keep arriving.")
    ] = 60.0,
    faults: Annotated[
        str, typer.Option(help="Sandbox fault profile: none, light or heavy.")
    ] = "none",
) -> None:
    """Start the sandbox, pull each seller's data through the API client and print counts."""
    from ingestion.sandbox.server.runner import SandboxServer

    typer.echo(f"Starting the sandbox: {sellers} sellers, seed {seed}, clock x{speed:g} ...")
    started = time.perf_counter()
    with SandboxServer(
        seed=seed,
        sellers=sellers,
        history_days=history_days,
        orders_per_day=orders_per_day,
        speed=speed,
        faults=faults,
    ) as server:
        typer.echo(f"Sandbox ready at {server.base_url} in {time.perf_counter() - started:.1f} s")
        rows = [_pull_seller(server, seller) for seller in server.credentials()]

    _print_table(rows)
    typer.echo(
        "Each pull read every shipment (with shipment details and invoices) and every return of "
        "the seller through the Seller API client; 'truth' is what the sandbox holds. Shipments "
        "not yet packed have no invoice. The sandbox's simulated clock starts at 2026-11-30 "
        "10:00 IST and ran at the chosen speed."
    )


def _pull_seller(server: Any, seller: dict[str, Any]) -> dict[str, Any]:
    with FlipkartClient(
        "local", seller["app_id"], seller["app_secret"], base_url=server.base_url
    ) as client:
        result = full_pull(client)

    truth = server.truth(seller["seller_id"])["sellers"][seller["seller_id"]]["counts"]
    return {
        "seller": seller["name"],
        "shipments": result.counts["shipments"],
        "shipments_truth": truth["shipments"],
        "details": result.counts["details"],
        "invoices": result.counts["invoices"],
        "returns": result.counts["returns"],
        "returns_truth": truth["returns"],
        "seconds": f"{result.elapsed_seconds:.1f}",
    }


def _print_table(rows: list[dict[str, Any]]) -> None:
    cells = [list(COLUMNS)] + [[str(value) for value in row.values()] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    for line in cells:
        typer.echo("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))
