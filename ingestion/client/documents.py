"""Document downloads (labels, invoices) in batches, and the check that a body is a PDF."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from ingestion.client.batching import chunks, clean_ids, path_list, run_batches
from ingestion.client.errors import APIStatusError, DocumentError
from ingestion.client.logs import loggable_path
from ingestion.client.records.results import ItemResult
from ingestion.client.transport import PDF_TYPE, Transport

PDF_MAGIC = b"%PDF"


def require_pdf(response: httpx.Response, document: str) -> bytes:
    """Return the body if it starts with `%PDF`; otherwise raise DocumentError."""
    body = response.content
    if body.startswith(PDF_MAGIC):
        return body

    # The body is not quoted: a label sent as text would carry buyer names and addresses.
    content_type = response.headers.get("Content-Type", "no content type")
    raise DocumentError(
        f"{response.request.method} {loggable_path(response.request.url)} returned "
        f"{len(body)} bytes of {content_type} instead of a {document} PDF (the body does not "
        "start with %PDF). The documents may not be ready yet: check that the shipments are "
        "PACKED, then download again."
    )


def download_documents(
    transport: Transport, shipment_ids: Iterable[str], size: int, method: str, suffix: str
) -> list[bytes]:
    """Download one PDF per batch of `size` shipments from `/v3/shipments/{ids}/{suffix}`.

    When the server names shipments without documents, the rest of their batch is downloaded
    once more without them, and DocumentError is raised at the end with the PDFs obtained in
    `documents` and one result per such shipment in `item_errors`.
    """
    document = suffix.split("?")[0]
    item_errors: list[ItemResult] = []

    def send(batch: list[str]) -> list[bytes]:
        pdf, errors = _download_batch(transport, batch, method, suffix)
        item_errors.extend(errors)
        return [pdf] if pdf is not None else []

    batches = list(chunks(clean_ids(shipment_ids, "shipment id"), size))
    documents = run_batches(f"download of {document}", batches, send)
    if item_errors:
        failed = ", ".join(result.id for result in item_errors[:5])
        more = ", ..." if len(item_errors) > 5 else ""
        raise DocumentError(
            f"{len(item_errors)} shipments have no {document} document yet ({failed}{more}). "
            f"The {len(documents)} PDFs of the other shipments are in `documents` and the "
            "per-shipment errors in `item_errors`. Check that those shipments are PACKED, "
            "then download them again.",
            item_errors=item_errors,
            documents=documents,
        )
    return documents


def _download_batch(
    transport: Transport, batch: list[str], method: str, suffix: str
) -> tuple[bytes | None, list[ItemResult]]:
    try:
        return _download_once(transport, batch, method, suffix), []
    except APIStatusError as error:
        errors = [result for result in error.item_errors if not result.ok]
        if error.status_code >= 500 or not errors:
            raise

    failed = {result.id for result in errors}
    rest = [shipment_id for shipment_id in batch if shipment_id not in failed]
    if not rest:
        return None, errors
    return _download_once(transport, rest, method, suffix), errors


def _download_once(transport: Transport, batch: list[str], method: str, suffix: str) -> bytes:
    response = transport.request(
        method, f"/v3/shipments/{path_list(batch)}/{suffix}", accept=PDF_TYPE
    )
    return require_pdf(response, suffix.split("?")[0])
