"""Batch rendering, page formats, missing glyphs and printed number formats."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from conftest import pdf_text
from pdf_samples import BRANDING, BUYER, SLIP, credit_note, invoice
from pypdf import PdfReader

from sellerops.documents.pdf import MissingGlyphError, render_batch, render_invoice
from sellerops.documents.pdf import formatting as fmt


def pages(content: bytes) -> list:
    return list(PdfReader(io.BytesIO(content)).pages)


def test_batch_puts_documents_in_one_pdf() -> None:
    items = [(invoice(number=f"INV/2627/{n:06d}"), BRANDING) for n in range(1, 21)]
    items += [(SLIP, BRANDING), (credit_note(), BRANDING)]

    content = render_batch(items)
    text = pdf_text(content)

    assert len(pages(content)) == 22
    assert "INV/2627/000020" in text
    assert "CN/2627/000007" in text


def test_batch_embeds_each_font_once() -> None:
    items = [(invoice(number=f"INV/2627/{n:06d}"), BRANDING) for n in range(1, 11)]

    content = render_batch(items)

    # Four faces are used (Latin and Devanagari, regular and bold), each embedded once.
    assert content.count(b"/FontFile2") == 4


@pytest.mark.parametrize(("name", "size_pt"), [("A4", (595.28, 841.89)), ("4x6", (288.0, 432.0))])
def test_batch_page_size(name: str, size_pt: tuple[float, float]) -> None:
    page = pages(render_batch([(invoice(), BRANDING)], name))[0]

    assert float(page.mediabox.width) == pytest.approx(size_pt[0], abs=0.1)
    assert float(page.mediabox.height) == pytest.approx(size_pt[1], abs=0.1)


def test_batch_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="A4, 4x6"):
        render_batch([(invoice(), BRANDING)], "letter")


def test_batch_rejects_empty_input() -> None:
    with pytest.raises(ValueError, match="no documents"):
        render_batch([])


@pytest.mark.parametrize(("character", "code"), [("த", "U+0BA4"), ("😀", "U+1F600")])
def test_missing_glyph_names_character(character: str, code: str) -> None:
    doc = invoice(buyer=replace(BUYER, name=f"Kumar {character}"))

    with pytest.raises(MissingGlyphError, match=re.escape(code)) as raised:
        render_invoice(doc, BRANDING)

    assert raised.value.character == character


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("0"), "0.00"),
        (Decimal("999.5"), "999.50"),
        (Decimal("1000"), "1,000.00"),
        (Decimal("100000"), "1,00,000.00"),
        (Decimal("12345678.905"), "1,23,45,678.91"),
        (Decimal("-1234.5"), "-1,234.50"),
    ],
)
def test_amount_uses_indian_grouping(value: Decimal, printed: str) -> None:
    assert fmt.amount(value) == printed


@pytest.mark.parametrize(
    ("value", "printed"),
    [(0, "0"), (123, "123"), (1234, "1,234"), (12345, "12,345"), (1234567, "12,34,567")],
)
def test_whole_number_uses_indian_grouping(value: int, printed: str) -> None:
    assert fmt.whole_number(value) == printed
    assert fmt.whole_number(-value) == (f"-{printed}" if value else "0")


@pytest.mark.parametrize(
    ("value", "printed"),
    [(Decimal("0.40"), "+ ₹ 0.40"), (Decimal("-0.35"), "- ₹ 0.35"), (Decimal("0"), "₹ 0.00")],
)
def test_round_off_shows_sign(value: Decimal, printed: str) -> None:
    assert fmt.signed_rupees(value) == printed
