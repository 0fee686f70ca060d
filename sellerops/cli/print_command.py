"""`sellerops print`: one print-ready PDF of the labels, invoices and packing slips of the day."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Annotated

import typer
from pypdf import PdfReader

from ingestion.client import FlipkartClient, RetryBudgetExhausted, RetryPolicy
from ingestion.client.errors import FlipkartError
from ingestion.client.records.filters import ShipmentFilter
from sellerops.cli.context import ActingUserOption, TenantOption, acting_user, open_store
from sellerops.cli.errors import reported_errors
from sellerops.documents.labels import LabelError, download_labels
from sellerops.documents.print_day import LAYOUTS, print_day
from sellerops.errors import InvalidInputError, NotFoundError, SellerOpsError
from sellerops.services.actor import Actor
from sellerops.services.clients import build_client
from sellerops.services.dispatch import MAX_SELECTION
from sellerops.services.dispatch_print import issue_shipment_documents
from sellerops.services.documents import get_document

logger = logging.getLogger("sellerops.cli")

# Pre-dispatch states in which Flipkart has a label to download.
PRINTABLE_STATES = ("PACKED", "READY_TO_DISPATCH")
# The packer waits at the printer: a few short retries, then a clear error, not a minute of them.
PRINT_RETRY = RetryPolicy(max_attempts=3, base_delay=0.5, max_delay=2.0, total_budget=5.0)


class PrintFailedError(SellerOpsError):
    """Flipkart or the label download failed while the day's print file was assembled."""

    exit_code = 1


def print_day_command(
    account: Annotated[str, typer.Option("--account", help="Seller account id to print for.")],
    tenant: TenantOption,
    acting_email: ActingUserOption,
    state: Annotated[
        str, typer.Option("--state", help="Shipment state to print: PACKED or READY_TO_DISPATCH.")
    ] = "PACKED",
    layout: Annotated[
        str, typer.Option("--layout", help="Page layout: a4, or 4x6 for thermal printers.")
    ] = "a4",
    output: Annotated[Path, typer.Option("--output", "-o", help="PDF file to write.")] = Path(
        "print-day.pdf"
    ),
) -> None:
    """Download labels and issue invoices and slips for every shipment in STATE; merge them."""
    with reported_errors():
        state = _printable_state(state)
        if layout not in LAYOUTS:
            raise InvalidInputError(f"Unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}.")
        if not output.parent.is_dir():
            raise InvalidInputError(
                f"Folder {str(output.parent)!r} of --output does not exist; create it first."
            )

        store = open_store()
        try:
            actor = acting_user(store, tenant, acting_email)
            content, count = _assemble(actor, account, state, layout)
        finally:
            store.close()

        pages = len(PdfReader(io.BytesIO(content)).pages)
        try:
            output.write_bytes(content)
        except OSError as error:
            raise InvalidInputError(
                f"Cannot write {str(output)!r} ({error.strerror}); choose another --output."
            ) from None
        typer.echo(
            f"Wrote {output} ({count} shipments, {pages} pages, {len(content):,} bytes, {layout})."
        )


def _printable_state(state: str) -> str:
    state = state.strip().upper()
    if state not in PRINTABLE_STATES:
        raise InvalidInputError(
            f"Shipments that are {state or 'in no state'} have no Flipkart label to print; use "
            f"--state {' or '.join(PRINTABLE_STATES)} (pack APPROVED shipments first)."
        )
    return state


def _assemble(actor: Actor, account_id: str, state: str, layout: str) -> tuple[bytes, int]:
    client: FlipkartClient
    try:
        with build_client(actor, account_id, retry_policy=PRINT_RETRY) as client:
            criteria = ShipmentFilter(type="preDispatch", states=(state,))
            shipment_ids = [shipment.shipment_id for shipment in client.shipments.filter(criteria)]
            if not shipment_ids:
                raise NotFoundError(
                    f"No shipments of account {account_id} are {state}, so nothing was printed. "
                    "Pack APPROVED shipments first or choose another --state."
                )
            # NOTE: Flipkart's label PDF also carries its own invoice, whose number differs
            # from ours unless our number was sent when the labels were generated.
            labels = download_labels(client, shipment_ids)
        documents = _documents(actor, account_id, shipment_ids)
    except LabelError as error:
        raise PrintFailedError(f"Labels of account {account_id} failed: {error}") from None
    except FlipkartError as error:
        cause = error.last_error if isinstance(error, RetryBudgetExhausted) else error
        reason = " ".join(str(cause).split()).rstrip(".")
        raise PrintFailedError(
            f"Flipkart could not be reached for account {account_id}, so nothing was printed: "
            f"{reason}."
        ) from None

    logger.info(
        "print day: account %s, %d shipments, %d label PDFs, %d documents",
        account_id,
        len(shipment_ids),
        len(labels),
        len(documents),
    )
    return print_day(labels, documents, layout=layout), len(shipment_ids)


def _documents(actor: Actor, account_id: str, shipment_ids: list[str]) -> list[bytes]:
    """Return each shipment's invoice and packing slip, issued by the Dispatch service.

    The service takes at most `MAX_SELECTION` shipments per call, and a day can have more.
    """
    document_ids: list[str] = []
    for start in range(0, len(shipment_ids), MAX_SELECTION):
        batch = shipment_ids[start : start + MAX_SELECTION]
        document_ids += issue_shipment_documents(actor, account_id, batch)
    return [get_document(actor, document_id) for document_id in document_ids]
