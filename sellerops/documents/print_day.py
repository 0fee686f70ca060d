"""Print the day: labels, invoices and packing slips of chosen shipments in one PDF.

A4 keeps every page at its own size, in the order labels, then documents. The 4x6-inch thermal
layout fits each page onto a 101.6 x 152.4 mm page: from an A4 label sheet it takes the top half,
where Flipkart puts the shipping label, and it scales other pages down to fit, centred.
Documents passed as records (not PDFs) are laid out natively in the chosen format.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from sellerops.documents.labels import require_pdf
from sellerops.documents.model import Branding, InvoiceDocument, PackingSlip
from sellerops.documents.pdf import render_batch

LAYOUTS = ("a4", "4x6")
MM = 72 / 25.4
THERMAL_WIDTH, THERMAL_HEIGHT = 101.6 * MM, 152.4 * MM
# A page at least this much taller than wide is a sheet with the label in its top half (A4).
SHEET_RATIO = 1.3

Record = tuple[InvoiceDocument | PackingSlip, Branding]


def print_day(
    labels: Sequence[bytes],
    documents: Sequence[bytes] = (),
    records: Sequence[Record] = (),
    layout: str = "a4",
) -> bytes:
    """Merge label PDFs, stored document PDFs and freshly laid-out records into one PDF."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}.")
    if not labels and not documents and not records:
        raise ValueError("print_day got nothing to print; pass labels or documents.")

    writer = PdfWriter()
    for index, body in enumerate(labels, start=1):
        require_pdf(body, f"label PDF {index} of {len(labels)}")
        _add_pages(writer, body, layout, label=True)
    for index, body in enumerate(documents, start=1):
        require_pdf(body, f"document PDF {index} of {len(documents)}")
        _add_pages(writer, body, layout, label=False)
    if records:
        rendered = render_batch(records, "A4" if layout == "a4" else "4x6")
        _add_pages(writer, rendered, "a4", label=False)

    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _add_pages(writer: PdfWriter, body: bytes, layout: str, *, label: bool) -> None:
    for page in PdfReader(io.BytesIO(body)).pages:
        if layout == "a4":
            writer.add_page(page)
        else:
            writer.add_page(fit_thermal(page, label=label))


def fit_thermal(page: PageObject, *, label: bool) -> PageObject:
    """Return a 4x6-inch page showing `page` scaled to fit and centred.

    For a label sheet (much taller than wide) only its top half is shown.
    """
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    if label and height > SHEET_RATIO * width:
        bottom += height / 2
        height /= 2

    scale = min(THERMAL_WIDTH / width, THERMAL_HEIGHT / height)
    offset_x = (THERMAL_WIDTH - width * scale) / 2 - left * scale
    offset_y = (THERMAL_HEIGHT - height * scale) / 2 - bottom * scale
    target = PageObject.create_blank_page(width=THERMAL_WIDTH, height=THERMAL_HEIGHT)
    target.merge_transformed_page(
        page, Transformation().scale(scale, scale).translate(offset_x, offset_y)
    )
    return target
