"""Print the day: labels and documents merged into one PDF, in A4 and 4x6-inch layouts."""

from __future__ import annotations

import io

import pytest
from conftest import barcodes, page_image, pdf_text
from fpdf import FPDF
from pdf_samples import BRANDING, SLIP, invoice
from pypdf import PdfReader

from sellerops.documents.labels import LabelError, merge_pdfs, require_pdf
from sellerops.documents.pdf import render_invoice, render_packing_slip
from sellerops.documents.print_day import print_day


def label_sheet(shipment_id: str, size: str | tuple[float, float] = "A4") -> bytes:
    """A label PDF like Flipkart's: the label in the top half of the page."""
    pdf = FPDF(format=size)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 20)
    pdf.text(20, 40, f"LABEL {shipment_id}")
    pdf.text(20, 250, "INVOICE HALF")
    return bytes(pdf.output())


def page_sizes(content: bytes) -> list[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(content))
    return [(round(page.mediabox.width), round(page.mediabox.height)) for page in reader.pages]


def test_a4_day_keeps_labels_then_documents() -> None:
    documents = [render_invoice(invoice(), BRANDING), render_packing_slip(SLIP, BRANDING)]

    content = print_day([label_sheet("SHP-1"), label_sheet("SHP-2")], documents, layout="a4")
    text = pdf_text(content)

    assert page_sizes(content) == [(595, 842)] * 4
    assert text.index("LABEL SHP-1") < text.index("LABEL SHP-2") < text.index("TAX INVOICE")


def test_thermal_day_crops_label_to_top_half() -> None:
    content = print_day([label_sheet("SHP-1")], layout="4x6")

    assert page_sizes(content) == [(288, 432)]
    assert page_image(content).getbbox() is not None


def test_thermal_day_lays_out_records_natively() -> None:
    content = print_day([label_sheet("SHP-1")], records=[(SLIP, BRANDING)], layout="4x6")

    assert page_sizes(content) == [(288, 432), (288, 432)]
    assert barcodes(page_image(content, index=1, dpi=300)) == {SLIP.shipment_id, SLIP.order_id}


def test_thermal_day_scales_a4_document_to_fit() -> None:
    content = print_day([], [render_invoice(invoice(), BRANDING)], layout="4x6")

    assert page_sizes(content) == [(288, 432)]
    assert "INV/2627/000042" in pdf_text(content)


def test_print_day_rejects_non_pdf_label() -> None:
    with pytest.raises(LabelError, match="do not start with %PDF"):
        print_day([b"<html>session expired</html>"])


def test_print_day_rejects_unknown_layout() -> None:
    with pytest.raises(ValueError, match="a4, 4x6"):
        print_day([label_sheet("SHP-1")], layout="letter")


def test_require_pdf_hides_body() -> None:
    with pytest.raises(LabelError) as raised:
        require_pdf(b"Buyer Rajesh, 22 Sector 9", "label batch 1 of 1")

    assert "Rajesh" not in str(raised.value)


def test_merge_pdfs_keeps_every_page() -> None:
    merged = merge_pdfs([label_sheet("A"), label_sheet("B"), label_sheet("C")])

    assert len(page_sizes(merged)) == 3
