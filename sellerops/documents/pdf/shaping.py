"""Complex-script text (Devanagari): shaped with HarfBuzz, drawn as outlines, searchable.

fpdf2 2.8.9 can shape text itself, but its PDFs position marks with jumps of the text matrix
and leave some glyphs of a conjunct without a Unicode mapping. pypdf then extracts "कु मार",
with a space and control characters, where "कुमार" was written. Here the shaped glyphs
are filled as vector outlines (exactly what HarfBuzz laid out), and the same text goes on top
as invisible, unshaped text stretched to the shaped width: viewers and text extraction read the
exact characters, and the page shows correctly joined letters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import uharfbuzz as hb
from fpdf import FPDF
from fpdf.enums import TextMode

from sellerops.documents.pdf.fonts import MissingGlyphError, font_path


class _PathPen:
    """Collects a glyph outline as PDF path operators in font units."""

    def __init__(self) -> None:
        self.operators: list[str] = []
        self._current = (0.0, 0.0)

    # Method names follow the fontTools pen protocol that HarfBuzz drives.
    def moveTo(self, point: tuple[float, float]) -> None:
        self.operators.append(f"{point[0]:g} {point[1]:g} m")
        self._current = point

    def lineTo(self, point: tuple[float, float]) -> None:
        self.operators.append(f"{point[0]:g} {point[1]:g} l")
        self._current = point

    def curveTo(self, *points: tuple[float, float]) -> None:
        (x1, y1), (x2, y2), (x3, y3) = points[-3:]
        self.operators.append(f"{x1:g} {y1:g} {x2:g} {y2:g} {x3:g} {y3:g} c")
        self._current = points[-1]

    def qCurveTo(self, *points: tuple[float, float]) -> None:
        # Consecutive off-curve points imply an on-curve point halfway between them.
        *controls, end = points
        for index, control in enumerate(controls):
            if index + 1 < len(controls):
                following = controls[index + 1]
                target = ((control[0] + following[0]) / 2, (control[1] + following[1]) / 2)
            else:
                target = end
            self._quadratic(control, target)

    def closePath(self) -> None:
        self.operators.append("h")

    def endPath(self) -> None:
        pass

    def _quadratic(self, control: tuple[float, float], end: tuple[float, float]) -> None:
        (x0, y0), (cx, cy), (x3, y3) = self._current, control, end
        x1, y1 = x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0)
        x2, y2 = x3 + 2 / 3 * (cx - x3), y3 + 2 / 3 * (cy - y3)
        self.operators.append(f"{x1:g} {y1:g} {x2:g} {y2:g} {x3:g} {y3:g} c")
        self._current = end


@dataclass
class ShapingFace:
    """A HarfBuzz font of one bundled face, with its glyph outlines cached by glyph id."""

    font: hb.Font
    units_per_em: int
    outlines: dict[int, str] = field(default_factory=dict)

    def outline(self, glyph_id: int) -> str:
        if glyph_id not in self.outlines:
            pen = _PathPen()
            self.font.draw_glyph_with_pen(glyph_id, pen)
            self.outlines[glyph_id] = " ".join(pen.operators)
        return self.outlines[glyph_id]


@cache
def shaping_face(family: str, style: str) -> ShapingFace:
    face = hb.Face(hb.Blob.from_file_path(str(font_path(family, style))))
    return ShapingFace(hb.Font(face), face.upem)


def shape(family: str, style: str, text: str) -> tuple[list[hb.GlyphInfo], list[hb.GlyphPosition]]:
    """Shape `text`; raise MissingGlyphError if HarfBuzz had to use the .notdef glyph."""
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(shaping_face(family, style).font, buffer, {})

    for info in buffer.glyph_infos:
        if info.codepoint == 0:
            raise MissingGlyphError(text[info.cluster], text)
    return buffer.glyph_infos, buffer.glyph_positions


def shaped_width(family: str, style: str, text: str, size_pt: float) -> float:
    """Return the advance width of the shaped text in points."""
    _, positions = shape(family, style, text)
    face = shaping_face(family, style)
    return sum(position.x_advance for position in positions) * size_pt / face.units_per_em


def draw_shaped(
    pdf: FPDF, family: str, style: str, text: str, x: float, baseline: float, size_pt: float
) -> float:
    """Draw `text` shaped at (x, baseline) in document units and return its width in them."""
    face = shaping_face(family, style)
    infos, positions = shape(family, style, text)
    scale = size_pt / face.units_per_em
    origin_x, origin_y = x * pdf.k, (pdf.h - baseline) * pdf.k
    colour = pdf.text_color.serialize().lower()

    operators = ["q", colour]
    pen_x = 0.0
    for info, position in zip(infos, positions, strict=True):
        outline = face.outline(info.codepoint)
        if outline:
            glyph_x = origin_x + (pen_x + position.x_offset) * scale
            glyph_y = origin_y + position.y_offset * scale
            operators.append(f"q {scale:.6f} 0 0 {scale:.6f} {glyph_x:.2f} {glyph_y:.2f} cm")
            operators.append(f"{outline} f Q")
        pen_x += position.x_advance
    operators.append("Q")
    # NOTE: FPDF has no public call for raw page content in fpdf2 2.8.9; `_out` appends it.
    pdf._out("\n".join(operators))

    width_pt = pen_x * scale
    _write_invisible(pdf, family, style, text, x, baseline, size_pt, width_pt)
    return width_pt / pdf.k


def _write_invisible(
    pdf: FPDF,
    family: str,
    style: str,
    text: str,
    x: float,
    baseline: float,
    size_pt: float,
    width_pt: float,
) -> None:
    # The font is selected outside q/Q so that fpdf2's idea of the current font stays true.
    pdf.set_font(family, style, size_pt)
    natural = pdf.get_string_width(text) * pdf.k
    pdf._out("q")
    if natural > 0:
        pdf.set_stretching(100 * width_pt / natural)
    pdf.text_mode = TextMode.INVISIBLE
    pdf.text(x, baseline, text)
    pdf.text_mode = TextMode.FILL
    pdf._out("Q")
    pdf.font_stretching = 100
