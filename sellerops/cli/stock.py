"""`sellerops stock ...`: stock levels, receipts, adjustments, counts, CSV files and pushes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from sellerops.cli.context import ActingUserOption, TenantOption, acting_user, open_store
from sellerops.cli.errors import reported_errors
from sellerops.errors import InvalidInputError
from sellerops.services.actor import Actor
from sellerops.services.stock import (
    StockChange,
    adjust_stock,
    count_stock,
    receive_stock,
    stock_levels,
)
from sellerops.services.stock_csv import (
    export_skus_csv,
    export_stock_csv,
    import_skus_csv,
    import_stock_csv,
)
from sellerops.services.stock_push import push_available_stock

app = typer.Typer(help="Stock of each SKU at each location, and pushes of it to Flipkart.")

Result = TypeVar("Result")

SkuArgument = Annotated[str, typer.Argument(help="The seller's SKU id, as in the SKU master.")]
LocationOption = Annotated[
    str, typer.Option("--location", help="Seller location id (LOC...) that stores the stock.")
]
SkusFlag = Annotated[
    bool, typer.Option("--skus", help="Use the SKU master CSV instead of the stock CSV.")
]


def _run(tenant: str, email: str, call: Callable[[Actor], Result]) -> Result:
    """Log the acting user in, run `call`, and print a failure as one `Error:` line."""
    with reported_errors():
        store = open_store()
        try:
            return call(acting_user(store, tenant, email))
        finally:
            store.close()


@app.command("levels")
def levels(
    tenant: TenantOption,
    acting_email: ActingUserOption,
    sku: Annotated[str | None, typer.Option("--sku", help="Show this SKU only.")] = None,
) -> None:
    """Print on hand, reserved, damaged and available units per SKU and location."""
    rows = _run(tenant, acting_email, lambda actor: stock_levels(actor, sku))
    typer.echo("sku\tlocation_id\ton_hand\treserved\tdamaged\tavailable\tsafety_buffer")
    for row in rows:
        typer.echo(
            f"{row.sku}\t{row.location_id}\t{row.on_hand}\t{row.reserved}\t{row.damaged}\t"
            f"{row.available}\t{row.safety_buffer}"
        )


@app.command("receive")
def receive(
    sku: SkuArgument,
    quantity: Annotated[int, typer.Argument(help="Units received.")],
    location: LocationOption,
    reference: Annotated[
        str, typer.Option("--reference", help="GRN or supplier invoice number; booked once.")
    ],
    tenant: TenantOption,
    acting_email: ActingUserOption,
) -> None:
    """Book received units; the same reference for the same SKU and location is booked once."""
    change = _run(
        tenant,
        acting_email,
        lambda actor: receive_stock(actor, sku, location, quantity, reference),
    )
    if not change.applied:
        typer.echo(
            f"Receipt {reference!r} of {sku!r} at {location!r} was booked before; nothing "
            f"changed. On hand: {change.on_hand}."
        )
        return
    typer.echo(_changed("Received", change))


@app.command("adjust")
def adjust(
    sku: SkuArgument,
    delta: Annotated[int, typer.Argument(help="Units to add; negative to remove, e.g. -2.")],
    location: LocationOption,
    reason: Annotated[str, typer.Option("--reason", help="Why the stock changes (required).")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
) -> None:
    """Add or remove on-hand units by hand, with a reason."""
    change = _run(
        tenant, acting_email, lambda actor: adjust_stock(actor, sku, location, delta, reason)
    )
    typer.echo(_changed("Adjusted", change))


@app.command("count")
def count(
    sku: SkuArgument,
    counted: Annotated[int, typer.Argument(help="Units counted on the shelf.")],
    location: LocationOption,
    tenant: TenantOption,
    acting_email: ActingUserOption,
) -> None:
    """Record a stock count: on hand becomes the counted units."""
    change = _run(tenant, acting_email, lambda actor: count_stock(actor, sku, location, counted))
    typer.echo(_changed("Counted", change))


@app.command("import")
def import_csv(
    file: Annotated[Path, typer.Argument(help="CSV file; the first line names the columns.")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
    skus: SkusFlag = False,
) -> None:
    """Import a stock CSV (sku, location_id, quantity[, reason]) as counts, or the SKU master.

    With --skus the columns are sku, title, category, hsn, gst_rate, cost_price, weight_g,
    length_cm, breadth_cm, height_cm, low_stock_threshold and safety_buffer. Only sku is
    required, and a row replaces the stored values of its SKU. `sellerops stock export --skus`
    writes a file in this layout.

    Prints the loaded count and each rejected line with its reason. Exits 0 even when some
    rows were rejected, and 2 when the file cannot be read or its header is unusable.
    """
    text = _read(file)
    importer = import_skus_csv if skus else import_stock_csv
    result = _run(tenant, acting_email, lambda actor: importer(actor, text))

    what = "SKU master rows" if skus else "stock counts"
    typer.echo(f"Loaded {result.loaded} {what} from {file.name}; {len(result.rejected)} rejected.")
    for line, reason in result.rejected:
        typer.echo(f"  line {line}: {reason}")


@app.command("export")
def export_csv(
    tenant: TenantOption,
    acting_email: ActingUserOption,
    skus: SkusFlag = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default: stdout.")
    ] = None,
) -> None:
    """Write stock levels (or the SKU master) as CSV that `stock import` reads back."""
    exporter = export_skus_csv if skus else export_stock_csv
    text = _run(tenant, acting_email, exporter)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"Wrote {text.count(chr(10)) - 1} rows to {output}.")


@app.command("push")
def push(
    account: Annotated[str, typer.Option("--account", help="Id of the seller account.")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
) -> None:
    """Set Flipkart's listed stock to available minus the safety buffer, where it differs.

    Exits 1 when any listing failed after its retries.
    """
    report = _run(tenant, acting_email, lambda actor: push_available_stock(actor, account))
    typer.echo(f"Pushed {len(report.pushed)} SKU-locations; {len(report.failed)} failed.")
    for outcome in report.failed:
        typer.echo(
            f"Error: push of {outcome.sku} at {outcome.location_id} failed after "
            f"{outcome.attempts} tries: {outcome.error}",
            err=True,
        )
    if report.failed:
        raise typer.Exit(code=1)


def _changed(verb: str, change: StockChange) -> str:
    return (
        f"{verb} {change.sku} at {change.location_id}: {change.on_hand_delta:+d} on hand, "
        f"now {change.on_hand} on hand, {change.reserved} reserved, "
        f"{change.on_hand - change.reserved} available."
    )


def _read(file: Path) -> str:
    with reported_errors():
        try:
            return file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise InvalidInputError(
                f"Cannot read {file}: {reason}; give a UTF-8 CSV file."
            ) from None
