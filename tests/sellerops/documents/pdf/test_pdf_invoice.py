"""Invoice and credit note layouts: rule 46 fields, rupee amounts, Hindi names, tax heads."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from conftest import ink_share, page_image, pdf_text
from pdf_samples import (
    BRANDING,
    BUYER,
    HINDI_BUYER,
    LINES,
    LOCAL_BUYER,
    SELLER,
    credit_note,
    invoice,
)
from pypdf import PdfReader

from sellerops.documents.pdf import render_credit_note, render_invoice
from sellerops.documents.tax import compute_lines, totals

INVOICE_FIELDS = [
    "TAX INVOICE",
    "Kaveri Home Textiles",  # supplier name
    "Plot 14, 2nd Cross",  # supplier address
    "GSTIN: 29ABCDE1234F1Z5",
    "Invoice no.: INV/2627/000042",
    "Invoice date: 04-12-2026",
    "House 22, Sector 9",  # recipient and delivery address
    "State: Uttar Pradesh, code 09",
    "HSN 6304",
    "HSN 6302",
    "Cotton double bedsheet with two pillow covers, floral print",
    "Qty",
    "Taxable value ₹",
    "IGST rate",
    "5%",
    "12%",
    "Place of supply: Uttar Pradesh (09)",
    "Reverse charge: No",
    "Authorised signatory",
    "Order ID: OD432109876543210",
    "Shipment ID: SHP-7781-0042",
    "Round off",
    "Amount in words: Rupees Two Thousand Eight Hundred Thirty Eight Only",
]


@pytest.fixture(scope="module")
def invoice_text() -> str:
    return pdf_text(render_invoice(invoice(), BRANDING))


@pytest.mark.parametrize("field", INVOICE_FIELDS)
def test_invoice_shows_field(invoice_text: str, field: str) -> None:
    assert field in invoice_text


@pytest.mark.parametrize(
    "amount",
    ["₹ 2,628.01", "₹ 209.50", "+ ₹ 0.49", "₹ 2,838.00", "1,512.38", "75.62", "133.88"],
)
def test_invoice_shows_rupee_amount(invoice_text: str, amount: str) -> None:
    assert amount in invoice_text


def test_hindi_buyer_name_extracts_exactly(invoice_text: str) -> None:
    assert HINDI_BUYER in invoice_text


@pytest.mark.parametrize(
    "name", ["क्षत्रिय प्रिया", "श्रीमती किरण शर्मा", "सूर्य कृष्ण", "Rajesh राजेश (Lucknow)"]
)
def test_devanagari_names_extract_exactly(name: str) -> None:
    content = render_invoice(invoice(buyer=replace(BUYER, name=name)), BRANDING)

    assert name in pdf_text(content)


def test_intra_state_invoice_splits_cgst_sgst() -> None:
    text = pdf_text(render_invoice(invoice(buyer=LOCAL_BUYER), BRANDING))

    assert "CGST rate" in text
    assert "SGST rate" in text
    assert "2.5%" in text
    assert "IGST" not in text


def test_union_territory_invoice_uses_utgst() -> None:
    seller = replace(SELLER, state="Chandigarh", state_code="04", gstin="04ABCDE1234F1Z5")
    buyer = replace(LOCAL_BUYER, state="Chandigarh", state_code="04")
    doc = replace(invoice(buyer=buyer), seller=seller)
    lines = compute_lines(LINES, "04", "04")
    total = totals(lines)
    doc = replace(
        doc,
        lines=lines,
        cgst_total=total.cgst_total,
        sgst_total=total.sgst_total,
        utgst_total=total.utgst_total,
        igst_total=total.igst_total,
    )

    text = pdf_text(render_invoice(doc, BRANDING))

    assert "UTGST rate" in text
    assert "SGST rate" not in text.replace("UTGST rate", "")


def test_credit_note_shows_original_invoice() -> None:
    text = pdf_text(render_credit_note(credit_note(), BRANDING))

    assert "CREDIT NOTE" in text
    assert "Credit note no.: CN/2627/000007" in text
    assert "Against invoice INV/2627/000042 dated 04-12-2026" in text
    assert "Taxable value credited" in text
    assert "IGST reversed" in text
    assert "Total credited" in text


def test_render_invoice_rejects_credit_note() -> None:
    with pytest.raises(ValueError, match="render_credit_note"):
        render_invoice(credit_note(), BRANDING)


def test_invoice_without_seller_gstin_rejected() -> None:
    doc = replace(invoice(), seller=replace(SELLER, gstin=None))

    with pytest.raises(ValueError, match="no GSTIN"):
        render_invoice(doc, BRANDING)


def test_many_lines_continue_on_next_page() -> None:
    doc = invoice(lines=LINES * 20)
    content = render_invoice(doc, BRANDING)

    assert len(PdfReader(io.BytesIO(content)).pages) > 1
    assert "INV/2627/000042 (continued)" in pdf_text(content)


def test_invoice_page_has_ink_where_layout_writes() -> None:
    image = page_image(render_invoice(invoice(), BRANDING))

    assert ink_share(image, (12, 12, 40, 26)) > 0.9  # logo
    assert ink_share(image, (150, 10, 198, 18)) > 0.02  # title
    header_rows = [
        top for top in range(40, 120) if ink_share(image, (12, top, 198, top + 1)) > 0.95
    ]
    assert header_rows  # the accent band of the table header
    assert ink_share(image, (12, header_rows[-1] + 2, 198, header_rows[-1] + 20)) > 0.02  # lines
    assert ink_share(image, (12, 200, 198, 280)) < 0.01  # empty lower page
