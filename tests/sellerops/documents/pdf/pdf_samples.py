"""Sample invoices, credit notes, packing slips and branding for the PDF layout tests."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from PIL import Image

from sellerops.documents.model import Branding, InvoiceDocument, LineInput, PackingSlip, Party
from sellerops.documents.tax import compute_lines, totals
from sellerops.documents.words import amount_in_words

HINDI_BUYER = "राजेश कुमार"
SELLER = Party(
    name="Kaveri Home Textiles",
    address_lines=("Plot 14, 2nd Cross", "Peenya Industrial Area"),
    city="Bengaluru",
    state="Karnataka",
    state_code="29",
    pincode="560058",
    gstin="29ABCDE1234F1Z5",
)
BUYER = Party(
    name=HINDI_BUYER,
    address_lines=("House 22, Sector 9",),
    city="Lucknow",
    state="Uttar Pradesh",
    state_code="09",
    pincode="226016",
)
LOCAL_BUYER = replace(
    BUYER, name="Anita Rao", city="Mysuru", state="Karnataka", state_code="29", pincode="570001"
)


def png(colour: tuple[int, int, int], size: tuple[int, int] = (120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


BRANDING = Branding(
    business_name="Kaveri Home",
    address_lines=("Peenya Industrial Area, Bengaluru 560058", "care@kaverihome.example"),
    footer="Thank you for shopping with Kaveri Home. Goods once sold are exchanged within 7 days.",
    accent_rgb=(20, 90, 160),
    logo_png=png((20, 90, 160)),
    signature_png=png((40, 40, 40), (200, 60)),
)

LINES = (
    LineInput(
        "OI-1001",
        "KH-BEDSHEET-D",
        "BDSF3KXZ9YQ",
        "Cotton double bedsheet with two pillow covers, floral print",
        "6304",
        2,
        Decimal("799.00"),
        Decimal("50.00"),
        Decimal("40.00"),
        Decimal("5"),
    ),
    LineInput(
        "OI-1002",
        "KH-TOWEL-SET",
        None,
        "Bath towel set of 4",
        "6302",
        1,
        Decimal("1249.50"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("12"),
    ),
)


def invoice(
    buyer: Party = BUYER, lines: tuple[LineInput, ...] = LINES, number: str = "INV/2627/000042"
) -> InvoiceDocument:
    """Build a tax invoice through the real tax arithmetic."""
    tax_lines = compute_lines(lines, SELLER.state_code, buyer.state_code)
    total = totals(tax_lines)
    return InvoiceDocument(
        kind="tax_invoice",
        number=number,
        issued_on=date(2026, 12, 4),
        seller=SELLER,
        buyer=buyer,
        ship_to=buyer,
        place_of_supply=f"{buyer.state} ({buyer.state_code})",
        reverse_charge=False,
        order_id="OD432109876543210",
        shipment_id="SHP-7781-0042",
        lines=tax_lines,
        taxable_total=total.taxable_total,
        cgst_total=total.cgst_total,
        sgst_total=total.sgst_total,
        utgst_total=total.utgst_total,
        igst_total=total.igst_total,
        round_off=total.round_off,
        grand_total=total.grand_total,
        amount_in_words=amount_in_words(total.grand_total),
    )


def credit_note() -> InvoiceDocument:
    return replace(
        invoice(),
        kind="credit_note",
        number="CN/2627/000007",
        issued_on=date(2026, 12, 20),
        original_invoice_number="INV/2627/000042",
        original_invoice_date=date(2026, 12, 4),
    )


SLIP = PackingSlip(
    order_id="OD432109876543210",
    shipment_id="SHP-7781-0042",
    order_item_ids=("OI-1001", "OI-1002"),
    items=(
        ("KH-BEDSHEET-D", "BDSF3KXZ9YQ", "Cotton double bedsheet with two pillow covers", 2),
        ("KH-TOWEL-SET", None, "Bath towel set of 4", 1),
    ),
    dispatch_by=datetime(2026, 12, 5, 8, 30, tzinfo=UTC),
    packaging_policy="Flipkart packaging",
    location_id="LOC9f2c1e",
)
