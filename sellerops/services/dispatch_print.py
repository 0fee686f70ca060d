"""Invoices, packing slips and the merged print file of selected packed shipments.

The print file contains Flipkart's label PDFs first, then each shipment's invoice and packing
slip, in the layout `sellerops.documents.print_day` makes (A4 or 4x6-inch thermal).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from pypdf import PdfReader

from ingestion.client import FlipkartClient
from sellerops.documents.labels import download_labels
from sellerops.documents.print_day import LAYOUTS, print_day
from sellerops.errors import InvalidInputError
from sellerops.security.permissions import Action
from sellerops.services.actor import Actor
from sellerops.services.authorization import authorize
from sellerops.services.clients import build_client
from sellerops.services.dispatch import selected_ids
from sellerops.services.documents import (
    PACKING_SLIP,
    get_document,
    issue_invoice,
    issue_packing_slip,
    list_documents,
)

logger = logging.getLogger("sellerops.services")


@dataclass(frozen=True)
class PrintFile:
    """One merged PDF: labels, then invoice and packing slip of each shipment."""

    content: bytes
    shipments: int
    pages: int
    layout: str


def issue_shipment_documents(
    actor: Actor, account_id: str, shipment_ids: Iterable[str]
) -> list[str]:
    """Issue the invoice and a packing slip of each packed shipment; return their document ids.

    Issuing again reuses the shipment's invoice number and its newest slip.
    """
    ids = selected_ids(shipment_ids)
    document_ids: list[str] = []
    for shipment_id in ids:
        invoice = issue_invoice(actor, account_id, shipment_id)
        slips = [
            view
            for view in list_documents(actor, account_id, shipment_id)
            if view.kind == PACKING_SLIP
        ]
        slip = slips[0] if slips else issue_packing_slip(actor, account_id, shipment_id)
        document_ids += [invoice.id, slip.id]
    return document_ids


def print_shipments(
    actor: Actor, account_id: str, shipment_ids: Iterable[str], *, layout: str = "a4"
) -> PrintFile:
    """Download the labels and merge them with each shipment's invoice and slip into one PDF.

    Missing invoices and slips are issued first. Raises `LabelError` naming the shipments that
    have no label yet.
    """
    if layout not in LAYOUTS:
        raise InvalidInputError(f"Unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}.")
    ids = selected_ids(shipment_ids)
    authorize(actor, Action.DOCUMENT_ISSUE, object_type="seller_account", object_id=account_id)

    client: FlipkartClient
    with build_client(actor, account_id) as client:
        labels = download_labels(client, ids)
    documents = [
        get_document(actor, document_id)
        for document_id in issue_shipment_documents(actor, account_id, ids)
    ]

    content = print_day(labels, documents, layout=layout)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    logger.info(
        "%s printed %d shipments of account %s: %d pages (%s)",
        actor.label,
        len(ids),
        account_id,
        pages,
        layout,
    )
    return PrintFile(content, len(ids), pages, layout)
