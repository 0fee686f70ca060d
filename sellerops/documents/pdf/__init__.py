"""PDF layouts of invoices, credit notes and packing slips (fpdf2), with bundled fonts."""

from sellerops.documents.pdf.fonts import MissingGlyphError
from sellerops.documents.pdf.render import (
    render_batch,
    render_credit_note,
    render_invoice,
    render_packing_slip,
)

__all__ = [
    "MissingGlyphError",
    "render_batch",
    "render_credit_note",
    "render_invoice",
    "render_packing_slip",
]
