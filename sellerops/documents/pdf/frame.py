"""The running state of one document being laid out: page, cursor and the letterhead."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from sellerops.documents.model import Branding
from sellerops.documents.pdf.canvas import Canvas
from sellerops.documents.pdf.pages import PageFormat

GREY = (90, 90, 90)
WHITE = (255, 255, 255)
POINT_MM = 25.4 / 72


class Frame:
    """Layout cursor of one document; `need` opens a new page when the rest would not fit."""

    def __init__(self, canvas: Canvas, page: PageFormat, branding: Branding) -> None:
        self.canvas = canvas
        self.page = page
        self.branding = branding
        self.y = page.margin
        self.on_new_page: Callable[[], None] | None = None

    @property
    def size(self) -> float:
        return self.page.size

    @property
    def line(self) -> float:
        """Line height of body text in millimetres."""
        return self.size * POINT_MM * 1.4

    @property
    def left(self) -> float:
        return self.page.margin

    @property
    def right(self) -> float:
        return self.page.width - self.page.margin

    @property
    def accent(self) -> tuple[int, int, int]:
        return self.branding.accent_rgb

    def start_page(self) -> None:
        """Add a page with the accent band and the footer, and put the cursor at the top."""
        pdf = self.canvas.pdf
        pdf.add_page()
        self.canvas.box(0, 0, self.page.width, 2.0, self.accent)
        footer_y = self.page.height - self.page.margin / 2
        self.canvas.fitted(
            self.page.width / 2,
            footer_y,
            self.branding.footer,
            self.size * 0.85,
            self.page.content_width,
            colour=GREY,
            align="C",
        )
        self.y = self.page.margin
        if self.on_new_page is not None:
            self.on_new_page()

    @property
    def limit(self) -> float:
        """Lowest y that body content may reach, above the footer."""
        return self.page.bottom - self.line

    def need(self, height: float) -> None:
        if self.y + height > self.limit:
            self.start_page()

    def write(self, text: str, *, bold: bool = False, scale: float = 1.0, colour=None) -> None:
        """Write one fitted line at the left margin and move down."""
        size = self.size * scale
        self.y += size * POINT_MM * 1.4
        self.canvas.fitted(
            self.left,
            self.y,
            text,
            size,
            self.page.content_width,
            bold=bold,
            colour=colour or (0, 0, 0),
        )

    def image(self, png: bytes, x: float, y: float, height: float) -> float:
        """Place a PNG `height` mm tall; return its width. fpdf2 embeds equal images once."""
        info = self.canvas.pdf.image(BytesIO(png), x=x, y=y, h=height)
        return float(info.rendered_width)
