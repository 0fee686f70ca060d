"""Entry points: one document per PDF, or many documents in one PDF (fonts parsed once)."""

from __future__ import annotations

from collections.abc import Iterable

from sellerops.documents.model import Branding, InvoiceDocument, PackingSlip
from sellerops.documents.pdf.canvas import Canvas
from sellerops.documents.pdf.frame import Frame
from sellerops.documents.pdf.invoice import draw_invoice
from sellerops.documents.pdf.packing_slip import draw_packing_slip
from sellerops.documents.pdf.pages import new_document
from sellerops.documents.pdf.pages import page_format as lookup_page_format

Document = InvoiceDocument | PackingSlip


def render_invoice(doc: InvoiceDocument, branding: Branding, page_format_name: str = "A4") -> bytes:
    """Render one tax invoice as a PDF."""
    if doc.kind != "tax_invoice":
        raise ValueError(f"render_invoice got a {doc.kind!r}; use render_credit_note for it.")
    return render_batch([(doc, branding)], page_format_name)


def render_credit_note(
    doc: InvoiceDocument, branding: Branding, page_format_name: str = "A4"
) -> bytes:
    """Render one credit note as a PDF."""
    if doc.kind != "credit_note":
        raise ValueError(f"render_credit_note got a {doc.kind!r}; use render_invoice for it.")
    return render_batch([(doc, branding)], page_format_name)


def render_packing_slip(
    slip: PackingSlip, branding: Branding, page_format_name: str = "A4"
) -> bytes:
    """Render one packing slip as a PDF."""
    return render_batch([(slip, branding)], page_format_name)


def render_batch(items: Iterable[tuple[Document, Branding]], page_format: str = "A4") -> bytes:
    """Render invoices, credit notes and packing slips into ONE PDF, each from a new page.

    Fonts are parsed once for the whole batch and equal logos are embedded once, which is what
    makes thousands of invoices per PDF fast. `page_format` is "A4" or "4x6".
    """
    page = lookup_page_format(page_format)
    pdf = new_document(page)
    canvas = Canvas(pdf)

    count = 0
    for document, branding in items:
        frame = Frame(canvas, page, branding)
        if isinstance(document, InvoiceDocument):
            draw_invoice(frame, document)
        elif isinstance(document, PackingSlip):
            draw_packing_slip(frame, document)
        else:
            raise TypeError(
                f"render_batch cannot lay out a {type(document).__name__}; pass "
                "InvoiceDocument or PackingSlip items."
            )
        count += 1

    if count == 0:
        raise ValueError("render_batch got no documents; pass at least one.")
    return bytes(pdf.output())
