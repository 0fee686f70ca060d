"""Small but real PDF documents: shipping labels, invoices and pickup manifests (fpdf2).

fpdf2's core fonts cover Latin-1 only, so other characters (e.g. Devanagari buyer names) print
as '?'. The bodies start with `%PDF` and contain `startxref` like any complete PDF file.
"""

from collections.abc import Iterable

from fpdf import FPDF

PAGE_FORMAT = (100, 150)  # millimetres; a common thermal-label size


def labels_pdf(shipments: Iterable[dict], *, with_invoice: bool) -> bytes:
    """Render one page per shipment showing its id, order and items."""
    pdf = _document("Shipping labels")
    for shipment in shipments:
        pdf.add_page()
        _heading(pdf, "SHIPPING LABEL" + (" + INVOICE" if with_invoice else ""))
        _line(pdf, f"Shipment: {shipment.get('shipmentId', '')}")
        _line(pdf, f"Location: {shipment.get('locationId', '')}")
        for item in shipment.get("orderItems", []):
            _line(pdf, f"Order {item.get('orderId', '')} item {item.get('orderItemId', '')}")
            _line(pdf, f"  {item.get('sku', '')} x {item.get('quantity', '')}")
    return bytes(pdf.output())


def invoices_pdf(invoices: Iterable[dict]) -> bytes:
    """Render one page per shipment invoice with its number, date and item amounts."""
    pdf = _document("Tax invoices")
    for invoice in invoices:
        pdf.add_page()
        _heading(pdf, "TAX INVOICE")
        _line(pdf, f"Shipment: {invoice.get('shipmentId', '')}")
        _line(
            pdf, f"Invoice: {invoice.get('invoiceNumber', '')} of {invoice.get('invoiceDate', '')}"
        )
        for item in invoice.get("orderItems", []):
            _line(
                pdf,
                f"Item {item.get('orderItemId', '')}: {item.get('invoiceAmount', '')} INR, "
                f"GST {item.get('taxRate', '')}%",
            )
    return bytes(pdf.output())


def manifest_pdf(vendor_group_code: str, location_id: str, shipment_ids: list[str]) -> bytes:
    """Render a pickup manifest listing the ready-to-dispatch shipments of one courier."""
    pdf = _document("Pickup manifest")
    pdf.add_page()
    _heading(pdf, "PICKUP MANIFEST")
    _line(pdf, f"Courier: {vendor_group_code}")
    _line(pdf, f"Location: {location_id}")
    _line(pdf, f"Shipments: {len(shipment_ids)}")
    for shipment_id in shipment_ids:
        _line(pdf, shipment_id)
    return bytes(pdf.output())


def _document(title: str) -> FPDF:
    pdf = FPDF(format=PAGE_FORMAT)
    pdf.set_title(title)
    pdf.set_creator("SellerOps sandbox")
    pdf.set_auto_page_break(auto=True, margin=8)
    pdf.set_margins(6, 6, 6)
    return pdf


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.cell(0, 8, _latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)


def _line(pdf: FPDF, text: str) -> None:
    pdf.cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")


def _latin1(text: str) -> str:
    return text.encode("latin-1", errors="replace").decode("latin-1")
