"""Checks on downloaded documents (labels, invoices, manifests)."""

from __future__ import annotations

import httpx

from ingestion.client.errors import DocumentError
from ingestion.client.logs import loggable_path

PDF_MAGIC = b"%PDF"


def require_pdf(response: httpx.Response, document: str) -> bytes:
    """Return the body if it starts with `%PDF`; otherwise raise DocumentError."""
    body = response.content
    if body.startswith(PDF_MAGIC):
        return body

    content_type = response.headers.get("Content-Type", "no content type")
    raise DocumentError(
        f"{response.request.method} {loggable_path(response.request.url)} returned "
        f"{len(body)} bytes of {content_type} instead of a {document} PDF "
        f"(body starts with {body[:16]!r}). The documents may not be ready yet: "
        "check that the shipments are PACKED, then download again."
    )
