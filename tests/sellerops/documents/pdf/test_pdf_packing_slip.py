"""Packing slip layout: ids, items, no prices, and Code128 barcodes that scanners read."""

from __future__ import annotations

import pytest
from conftest import barcodes, ink_share, page_image, pdf_text
from pdf_samples import BRANDING, SLIP

from sellerops.documents.pdf import render_batch, render_packing_slip
from sellerops.documents.pdf.barcode import modules


@pytest.fixture(scope="module")
def slip_pdf() -> bytes:
    return render_packing_slip(SLIP, BRANDING)


@pytest.mark.parametrize(
    "field",
    [
        "PACKING SLIP",
        "SHP-7781-0042",
        "OD432109876543210",
        "Order item IDs: OI-1001, OI-1002",
        "KH-BEDSHEET-D",
        "BDSF3KXZ9YQ",
        "Bath towel set of 4",
        "Dispatch by: 05-12-2026 14:00 IST",
        "Packaging: Flipkart packaging",
        "Location: LOC9f2c1e",
        "2 lines, 3 units",
    ],
)
def test_slip_shows_field(slip_pdf: bytes, field: str) -> None:
    assert field in pdf_text(slip_pdf)


def test_slip_has_no_prices(slip_pdf: bytes) -> None:
    assert "₹" not in pdf_text(slip_pdf)


def test_slip_barcodes_decode_to_ids(slip_pdf: bytes) -> None:
    image = page_image(slip_pdf, dpi=300)

    assert barcodes(image) == {SLIP.shipment_id, SLIP.order_id}


def test_slip_barcode_area_has_bars(slip_pdf: bytes) -> None:
    image = page_image(slip_pdf)

    assert 0.3 < ink_share(image, (14, 27, 90, 40)) < 0.8
    assert ink_share(image, (14, 110, 198, 280)) < 0.01


def test_thermal_slip_barcodes_decode() -> None:
    content = render_batch([(SLIP, BRANDING)], "4x6")

    assert barcodes(page_image(content, dpi=300)) == {SLIP.shipment_id, SLIP.order_id}


@pytest.mark.parametrize("value", ["", "राजेश", "line\nbreak"])
def test_barcode_rejects_unencodable_value(value: str) -> None:
    with pytest.raises(ValueError, match="Code128"):
        modules(value)
