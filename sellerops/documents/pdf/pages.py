"""Page formats (A4 and 4x6-inch thermal) and the FPDF documents the layouts draw into."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from sellerops.documents.pdf.fonts import add_fonts


@dataclass(frozen=True)
class PageFormat:
    """Page size and the type scale of a layout, in millimetres and points."""

    name: str
    width: float
    height: float
    margin: float
    size: float  # body text, points
    columns: int  # party blocks side by side

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def bottom(self) -> float:
        return self.height - self.margin


A4 = PageFormat("A4", 210.0, 297.0, 12.0, 8.5, 3)
THERMAL_4X6 = PageFormat("4x6", 101.6, 152.4, 4.0, 6.0, 1)
PAGE_FORMATS = {"A4": A4, "4x6": THERMAL_4X6}


def page_format(name: str) -> PageFormat:
    try:
        return PAGE_FORMATS[name]
    except KeyError:
        raise ValueError(
            f"Unknown page format {name!r}; use one of {', '.join(PAGE_FORMATS)}."
        ) from None


def new_document(page: PageFormat) -> FPDF:
    """Create an FPDF for `page` with the bundled fonts registered (parsed once per document)."""
    pdf = FPDF(unit="mm", format=(page.width, page.height))
    pdf.set_auto_page_break(False)
    pdf.set_margins(page.margin, page.margin, page.margin)
    pdf.set_creator("SellerOps")
    add_fonts(pdf)
    return pdf
