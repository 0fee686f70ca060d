"""Shared helpers of the PDF layout tests: text extraction, page images and barcode reading."""

from __future__ import annotations

import io

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """Return the text pypdf extracts from every page."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def page_image(content: bytes, index: int = 0, dpi: int = 200) -> Image.Image:
    """Render one page to a greyscale image with pdfium."""
    document = pypdfium2.PdfDocument(content)
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def ink_share(image: Image.Image, box_mm: tuple[float, float, float, float], dpi: int = 200):
    """Return the share of dark pixels inside a box given in millimetres from the top left."""
    scale = dpi / 25.4
    left, top, right, bottom = (round(value * scale) for value in box_mm)
    region = image.crop((left, top, right, bottom))
    histogram = region.histogram()
    return sum(histogram[:128]) / max(1, region.width * region.height)


def barcodes(image: Image.Image) -> set[str]:
    return {result.text for result in zxingcpp.read_barcodes(image)}


@pytest.fixture
def extract():
    return pdf_text
