"""`sellerops privacy export|erase --order ID`: a buyer's personal data for one order."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from sellerops.cli.context import ActingUserOption, TenantOption, acting_user, open_store
from sellerops.cli.errors import reported_errors
from sellerops.services import erase_order_data, export_order_data

app = typer.Typer(help="Export or erase the buyer's personal data of an order.")

OrderOption = Annotated[str, typer.Option("--order", help="Flipkart order id (OD...).")]


@app.command("export")
def export(
    order: OrderOption,
    tenant: TenantOption,
    acting_email: ActingUserOption,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON here (mode 0600).")
    ] = None,
) -> None:
    """Print (or write) every stored personal field of the order as JSON; the export is audited."""
    with reported_errors():
        store = open_store()
        try:
            document = export_order_data(acting_user(store, tenant, acting_email), order)
        finally:
            store.close()

    text = json.dumps(document, indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
        return
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        # An existing file keeps its old mode through O_TRUNC, so set it explicitly.
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text + "\n")
    typer.echo(f"Wrote the personal data of order {order} to {output}.")


@app.command("erase")
def erase(
    order: OrderOption,
    tenant: TenantOption,
    acting_email: ActingUserOption,
    yes: Annotated[
        bool, typer.Option("--yes", help="Erase without asking for confirmation.")
    ] = False,
) -> None:
    """Pseudonymize the order's personal fields, keeping what issued invoices must retain."""
    if not yes:
        typer.confirm(
            f"Erase the buyer's personal data of order {order}? This cannot be undone",
            abort=True,
        )
    with reported_errors():
        store = open_store()
        try:
            report = erase_order_data(acting_user(store, tenant, acting_email), order)
        finally:
            store.close()
    typer.echo(report.summary())
