"""Flipkart shipping labels through the client: generate, download in batches, check, merge."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter

from ingestion.client import DocumentError, FlipkartClient
from ingestion.client.records.actions import PackRequest
from ingestion.client.records.results import BulkResult

logger = logging.getLogger("sellerops.documents")

PDF_MAGIC = b"%PDF"


class LabelError(ValueError):
    """A label that is missing or not a PDF, or a label generation that failed for a shipment."""


def generate_labels(client: FlipkartClient, requests: Sequence[PackRequest]) -> BulkResult:
    """Start label generation (packing) for shipments; the client sends 25 per request.

    Raises LabelError naming the shipments Flipkart rejected, with its error codes.
    """
    result = client.shipments.generate_labels(requests)
    logger.info(
        "generate_labels: %d shipments, %d succeeded, %d failed",
        len(requests),
        len(result.succeeded),
        len(result.failed),
    )
    if result.failed:
        failures = ", ".join(
            f"{item.id} ({item.error_code or item.status})" for item in result.failed[:5]
        )
        raise LabelError(
            f"Flipkart did not generate labels for {len(result.failed)} of {len(requests)} "
            f"shipments: {failures}. Fix those shipments and generate their labels again."
        )
    return result


def download_labels(client: FlipkartClient, shipment_ids: Sequence[str]) -> list[bytes]:
    """Download label PDFs, one per batch of at most 100 shipments, each checked to be a PDF.

    Raises LabelError naming the shipments that have no label yet, with Flipkart's error codes.
    """
    try:
        documents = client.shipments.download_labels(shipment_ids)
    except DocumentError as error:
        if not error.item_errors:
            raise LabelError(f"The label download failed: {error}") from None
        missing = ", ".join(
            f"{item.id} ({item.error_code or item.status})" for item in error.item_errors[:5]
        )
        more = ", ..." if len(error.item_errors) > 5 else ""
        raise LabelError(
            f"Flipkart has no label for {len(error.item_errors)} of {len(shipment_ids)} "
            f"shipments: {missing}{more}. Generate their labels (pack them) first, then "
            "download again."
        ) from None
    for index, body in enumerate(documents, start=1):
        require_pdf(body, f"label batch {index} of {len(documents)}")
    logger.info("download_labels: %d shipments, %d PDFs", len(shipment_ids), len(documents))
    return documents


def require_pdf(body: bytes, what: str) -> bytes:
    """Return `body` if it starts with %PDF; otherwise raise LabelError without quoting it."""
    if not body.startswith(PDF_MAGIC):
        # The body is not shown: a label sent as text would carry buyer names and addresses.
        raise LabelError(
            f"The {what} is {len(body)} bytes that do not start with %PDF. Download the labels "
            "again; if it repeats, check that the shipments are PACKED."
        )
    return body


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    """Concatenate PDFs page by page into one PDF."""
    if not parts:
        raise ValueError("merge_pdfs got no PDFs; pass at least one.")
    writer = PdfWriter()
    for index, part in enumerate(parts, start=1):
        require_pdf(part, f"PDF {index} of {len(parts)}")
        writer.append(PdfReader(io.BytesIO(part)))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
