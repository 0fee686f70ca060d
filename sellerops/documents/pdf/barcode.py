"""Code128 barcodes drawn as vector bars from python-barcode's module pattern."""

from __future__ import annotations

from barcode import Code128
from fpdf import FPDF

# Code128 requires a quiet zone of at least 10 modules on each side.
QUIET_MODULES = 10
# NOTE: 0.2 mm is an estimate of the narrowest bar a hand scanner reads from a laser print or a
# 203 dpi thermal label; below it a barcode is not drawn. A 36-character id on a 4x6-inch label
# needs about 0.21 mm.
MIN_MODULE_MM = 0.2
MAX_MODULE_MM = 0.4


def modules(value: str) -> str:
    """Return the bar pattern of `value` as '1' (bar) and '0' (space) modules."""
    if not value or not value.isascii() or not value.isprintable():
        raise ValueError(
            f"Barcode value {value!r} must be non-empty printable ASCII; Code128 cannot "
            "encode anything else."
        )
    return Code128(value).build()[0]


def module_width(value: str, max_width: float) -> float:
    """Return the widest module (mm) that fits the barcode and its quiet zones in `max_width`."""
    count = len(modules(value)) + 2 * QUIET_MODULES
    width = min(MAX_MODULE_MM, max_width / count)
    if width < MIN_MODULE_MM:
        raise ValueError(
            f"Barcode of {value!r} needs {count * MIN_MODULE_MM:.1f} mm but only "
            f"{max_width:.1f} mm is free; shorten the id or widen the layout."
        )
    return width


def draw_code128(
    pdf: FPDF, value: str, x: float, y: float, height: float, max_width: float
) -> float:
    """Draw the barcode with its quiet zone starting at `x`; return the width used (mm)."""
    pattern = modules(value)
    module = module_width(value, max_width)
    k, page_height = pdf.k, pdf.h

    rectangles = []
    start = None
    for index, bit in enumerate(pattern + "0"):
        if bit == "1" and start is None:
            start = index
        elif bit == "0" and start is not None:
            left = x + (QUIET_MODULES + start) * module
            rectangles.append(
                f"{left * k:.3f} {(page_height - y - height) * k:.3f} "
                f"{(index - start) * module * k:.3f} {height * k:.3f} re"
            )
            start = None

    # NOTE: FPDF has no public call for raw page content in fpdf2 2.8.9; `_out` appends it.
    pdf._out("q 0 g " + " ".join(rectangles) + " f Q")
    return (len(pattern) + 2 * QUIET_MODULES) * module
