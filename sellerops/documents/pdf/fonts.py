"""The bundled fonts, their character maps and the split of text into runs per font.

NotoSans covers Latin, digits and the rupee sign; NotoSansDevanagari covers Hindi and other
Devanagari text. Each character goes to the font that has it; a character neither font has
raises MissingGlyphError, because fpdf2 would otherwise leave a silent gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
LATIN = "NotoSans"
DEVANAGARI = "NotoSansDevanagari"
FONT_FILES = {
    (LATIN, ""): "NotoSans-Regular.ttf",
    (LATIN, "B"): "NotoSans-Bold.ttf",
    (DEVANAGARI, ""): "NotoSansDevanagari-Regular.ttf",
    (DEVANAGARI, "B"): "NotoSansDevanagari-Bold.ttf",
}
# Zero-width joiners steer conjunct forms, so they stay in the run of the text around them.
_JOINERS = frozenset({0x200C, 0x200D})


class MissingGlyphError(ValueError):
    """A character that none of the bundled fonts can draw."""

    def __init__(self, character: str, text: str) -> None:
        self.character = character
        super().__init__(
            f"No bundled font has a glyph for {character!r} (U+{ord(character):04X}) in the "
            f"text {text[:60]!r}. Replace the character, or add a font that has it to "
            f"{FONT_DIR} and to FONT_FILES in {__name__}."
        )


@dataclass(frozen=True)
class Run:
    """A stretch of text drawn with one font family."""

    family: str
    text: str


def font_path(family: str, style: str) -> Path:
    return FONT_DIR / FONT_FILES[(family, style)]


@cache
def character_map(family: str) -> frozenset[int]:
    """Return the code points the family's regular face maps to a glyph (Bold has the same)."""
    with TTFont(font_path(family, ""), lazy=True) as font:
        return frozenset(font.getBestCmap())


def add_fonts(pdf: FPDF) -> None:
    """Register every bundled face on `pdf`; fpdf2 parses each file once per document."""
    for (family, style), file_name in FONT_FILES.items():
        pdf.add_font(family, style, str(FONT_DIR / file_name))


def split_runs(text: str) -> list[Run]:
    """Split `text` into runs per font; raise MissingGlyphError for a character no font has."""
    latin, devanagari = character_map(LATIN), character_map(DEVANAGARI)
    runs: list[Run] = []
    current_family = LATIN
    current: list[str] = []

    for character in text:
        code = ord(character)
        in_latin, in_devanagari = code in latin, code in devanagari
        if not in_latin and not in_devanagari:
            raise MissingGlyphError(character, text)

        if code in _JOINERS or (in_latin and in_devanagari):
            family = current_family
        else:
            family = LATIN if in_latin else DEVANAGARI
        if family != current_family and current:
            runs.append(Run(current_family, "".join(current)))
            current = []
        current_family = family
        current.append(character)

    if current:
        runs.append(Run(current_family, "".join(current)))
    return runs
