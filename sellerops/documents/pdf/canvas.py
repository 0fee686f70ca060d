"""A thin drawing surface over FPDF: text in runs per font, fitted widths, rules and boxes.

Latin text goes straight to `FPDF.text`, the fastest way fpdf2 2.8.9 writes text, because
NotoSans needs no shaping for it. Text with Devanagari is shaped with HarfBuzz (see `shaping`).
Coordinates are millimetres from the top left; `y` of text is its baseline.
"""

from __future__ import annotations

from functools import lru_cache

from fpdf import FPDF

from sellerops.documents.pdf.fonts import LATIN, Run, split_runs
from sellerops.documents.pdf.shaping import draw_shaped, shaped_width

BLACK = (0, 0, 0)
# Fitted text may shrink to this share of its size before it is cut with an ellipsis.
MIN_SHRINK = 0.7
ELLIPSIS = "…"


@lru_cache(maxsize=8192)
def _runs(text: str) -> tuple[Run, ...]:
    return tuple(split_runs(text))


class Canvas:
    """Draws on the current page of `pdf`; counts the text items it writes."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.text_items = 0
        self._advance_cache: dict[tuple[str, str], int] = {}

    def _use_latin(self, style: str, size: float) -> None:
        pdf = self.pdf
        if pdf.font_family != "notosans" or pdf.font_style != style or pdf.font_size_pt != size:
            pdf.set_font(LATIN, style, size)

    def _latin_width(self, text: str, style: str, size: float) -> float:
        # Same sum as FPDF.get_string_width for unshaped TrueType text, cached per string,
        # because fpdf2 re-parses the string on each call and that dominated batch time.
        key = (text, style)
        advance = self._advance_cache.get(key)
        if advance is None:
            widths = self.pdf.fonts[f"notosans{style}"].cw
            advance = sum(widths[ord(character)] for character in text)
            if len(self._advance_cache) < 50_000:
                self._advance_cache[key] = advance
        return advance * size * 0.001 / self.pdf.k

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the printed width of `text` in millimetres."""
        style = "B" if bold else ""
        total = 0.0
        for run in _runs(text):
            if run.family == LATIN:
                total += self._latin_width(run.text, style, size)
            else:
                total += shaped_width(run.family, style, run.text, size) / self.pdf.k
        return total

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        colour: tuple[int, int, int] = BLACK,
        align: str = "L",
    ) -> float:
        """Write `text` with its left (L), right (R) or centre (C) at `x`; return its width."""
        if not text:
            return 0.0
        style = "B" if bold else ""
        runs = _runs(text)
        self.text_items += 1
        self.pdf.set_text_color(*colour)

        if align != "L":
            width = self.width(text, size, bold)
            x = x - width if align == "R" else x - width / 2
        start = x
        for run in runs:
            if run.family == LATIN:
                self._use_latin(style, size)
                self.pdf.text(x, y, run.text)
                x += self._latin_width(run.text, style, size)
            else:
                x += draw_shaped(self.pdf, run.family, style, run.text, x, y, size)
        return x - start

    def fitted(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        max_width: float,
        *,
        bold: bool = False,
        colour: tuple[int, int, int] = BLACK,
        align: str = "L",
    ) -> None:
        """Write `text` within `max_width`: shrink it a little, then cut it with an ellipsis."""
        width = self.width(text, size, bold)
        if width > max_width:
            size = max(size * max_width / width, size * MIN_SHRINK)
            text = self.cut(text, size, max_width, bold)
        self.text(x, y, text, size, bold=bold, colour=colour, align=align)

    def cut(self, text: str, size: float, max_width: float, bold: bool = False) -> str:
        if self.width(text, size, bold) <= max_width:
            return text
        while text and self.width(text + ELLIPSIS, size, bold) > max_width:
            text = text[:-1]
        return text.rstrip() + ELLIPSIS

    def wrap(self, text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
        """Break `text` into lines at spaces; a word longer than a line is cut."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, size, bold) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = self.cut(word, size, max_width, bold)
        if current:
            lines.append(current)
        return lines

    def rule(
        self, x1: float, y1: float, x2: float, y2: float, colour=BLACK, width: float = 0.2
    ) -> None:
        self.pdf.set_draw_color(*colour)
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y1, x2, y2)

    def box(self, x: float, y: float, w: float, h: float, colour: tuple[int, int, int]) -> None:
        self.pdf.set_fill_color(*colour)
        self.pdf.rect(x, y, w, h, style="F")
