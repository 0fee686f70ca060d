"""PDF files of export frames: a header, summary cards, a bar chart and the table, on A4 landscape.

Everything is drawn with fpdf2 primitives (cells, rectangles, lines), so no plotting library
or browser is needed. Money is printed with Indian grouping (1,23,456.78).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import polars as pl
from fpdf import FPDF

from sellerops.documents.pdf.fonts import DEVANAGARI, LATIN, add_fonts
from sellerops.documents.pdf.formatting import INDIA, amount, rupees, whole_number

# Rows printed in the table; the CSV export carries every row.
MAX_TABLE_ROWS = 500
CHART_BARS = 10
MARGIN = 12.0
INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (40, 116, 240)
NEGATIVE = (214, 69, 65)
RULE = (222, 226, 230)
# Columns that hold a ratio, printed as a percentage.
RATIO_COLUMNS = frozenset({"margin"})
ACRONYMS = {"sku": "SKU", "gst": "GST", "cgst": "CGST", "sgst": "SGST", "igst": "IGST"}


@dataclass(frozen=True)
class PdfReport:
    """The title, subtitle, summary totals and chart drawn above the table."""

    title: str
    subtitle: str
    generated_at: datetime
    totals: tuple[str, ...]
    chart_label: str
    chart_value: str


def write_pdf(frame: pl.DataFrame, report: PdfReport) -> bytes:
    """Return the PDF of `frame` with the report's header, totals, chart and table."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    add_fonts(pdf)
    pdf.set_fallback_fonts([DEVANAGARI])
    pdf.add_page()

    _header(pdf, report)
    if frame.is_empty():
        pdf.set_font(LATIN, "", 11)
        pdf.set_text_color(*MUTED)
        pdf.cell(0, 10, "No rows in this period.", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())

    _cards(pdf, [(name, _total(frame, name)) for name in report.totals])
    bars = chart_bars(frame, report.chart_label, report.chart_value)
    if bars:
        _chart(pdf, bars, f"{_heading(report.chart_value)} by {_heading(report.chart_label)}")
    _table(pdf, frame)
    return bytes(pdf.output())


def chart_bars(frame: pl.DataFrame, label: str, value: str) -> list[tuple[str, Decimal]]:
    """Return up to 10 (label, summed value) pairs, largest magnitude first."""
    if label not in frame.columns or value not in frame.columns:
        return []
    grouped = (
        frame.group_by(pl.col(label).cast(pl.String).fill_null("(none)"))
        .agg(pl.col(value).sum())
        .drop_nulls(value)
    )
    pairs = [(str(row[0]), Decimal(str(row[1]))) for row in grouped.iter_rows()]
    pairs.sort(key=lambda pair: (-abs(pair[1]), pair[0]))
    return pairs[:CHART_BARS]


def format_cell(value: object) -> str:
    """Print a cell: money with Indian grouping, integers grouped, dates as dd-mm-yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return amount(value)
    if isinstance(value, int):
        return whole_number(value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, datetime):
        return value.astimezone(INDIA).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _header(pdf: FPDF, report: PdfReport) -> None:
    pdf.set_text_color(*INK)
    pdf.set_font(LATIN, "B", 18)
    pdf.cell(0, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(LATIN, "", 10)
    pdf.set_text_color(*MUTED)
    generated = report.generated_at.astimezone(INDIA).strftime("%d-%m-%Y %H:%M IST")
    pdf.cell(0, 6, f"{report.subtitle}  ·  generated {generated}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _cards(pdf: FPDF, totals: Sequence[tuple[str, object]]) -> None:
    if not totals:
        return
    gap = 4.0
    width = (pdf.epw - gap * (len(totals) - 1)) / len(totals)
    top = pdf.get_y()
    for index, (name, value) in enumerate(totals):
        left = MARGIN + index * (width + gap)
        pdf.set_draw_color(*RULE)
        pdf.set_fill_color(248, 249, 250)
        pdf.rect(left, top, width, 17, style="DF")
        pdf.set_xy(left + 3, top + 2)
        pdf.set_font(LATIN, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.cell(width - 6, 5, _heading(name))
        pdf.set_xy(left + 3, top + 8)
        pdf.set_font(LATIN, "B", 13)
        pdf.set_text_color(*INK)
        text = rupees(value) if isinstance(value, Decimal) else format_cell(value)
        pdf.cell(width - 6, 7, text)
    pdf.set_xy(MARGIN, top + 22)


def _chart(pdf: FPDF, bars: Sequence[tuple[str, Decimal]], caption: str) -> None:
    row_height = 5.5
    label_width = 60.0
    value_width = 32.0
    plot_width = pdf.epw - label_width - value_width
    largest = max(abs(value) for _, value in bars) or Decimal(1)

    pdf.set_font(LATIN, "B", 10)
    pdf.set_text_color(*INK)
    pdf.cell(0, 7, caption, new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y()
    for index, (label, value) in enumerate(bars):
        y = top + index * row_height
        pdf.set_font(LATIN, "", 8)
        pdf.set_text_color(*INK)
        pdf.set_xy(MARGIN, y)
        pdf.cell(label_width - 2, row_height, _fit(pdf, label, label_width - 2), align="R")
        length = float(abs(value) / largest) * plot_width
        pdf.set_fill_color(*(NEGATIVE if value < 0 else ACCENT))
        pdf.rect(MARGIN + label_width, y + 1, max(length, 0.3), row_height - 2, style="F")
        pdf.set_xy(MARGIN + label_width + plot_width, y)
        pdf.cell(value_width, row_height, amount(value), align="R")
    pdf.set_draw_color(*MUTED)
    bottom = top + len(bars) * row_height
    pdf.line(MARGIN + label_width, top, MARGIN + label_width, bottom)
    pdf.set_xy(MARGIN, bottom + 5)


def _table(pdf: FPDF, frame: pl.DataFrame) -> None:
    shown = frame.head(MAX_TABLE_ROWS)
    columns = shown.columns
    numeric = [shown.schema[name].is_numeric() for name in columns]
    width = pdf.epw / len(columns)
    size = 7 if len(columns) <= 10 else 6

    def header_row() -> None:
        pdf.set_font(LATIN, "B", size)
        pdf.set_fill_color(233, 236, 239)
        pdf.set_text_color(*INK)
        for name, is_number in zip(columns, numeric, strict=True):
            text = _fit(pdf, _heading(name), width - 1)
            pdf.cell(width, 6, text, border="B", align="R" if is_number else "L", fill=True)
        pdf.ln(6)
        pdf.set_font(LATIN, "", size)

    header_row()
    for row in shown.iter_rows():
        if pdf.will_page_break(5):
            pdf.add_page()
            header_row()
        for name, value, is_number in zip(columns, row, numeric, strict=True):
            if name in RATIO_COLUMNS and value is not None:
                cell = f"{Decimal(str(value)) * 100:.1f}%"
            else:
                cell = format_cell(value)
            text = _fit(pdf, cell, width - 1)
            pdf.cell(width, 5, text, border="B", align="R" if is_number else "L")
        pdf.ln(5)

    if frame.height > MAX_TABLE_ROWS:
        pdf.ln(2)
        pdf.set_text_color(*MUTED)
        pdf.cell(
            0,
            6,
            f"The table shows the first {MAX_TABLE_ROWS} of {frame.height:,} rows; the CSV "
            f"export has every row.",
        )


def _total(frame: pl.DataFrame, name: str) -> object:
    if name not in frame.columns:
        return None
    value = frame.get_column(name).sum()
    if isinstance(value, float):
        return Decimal(str(round(value, 2)))
    return value


def _heading(name: str) -> str:
    words = name.replace("_ist", " (IST)").split("_")
    words = [ACRONYMS.get(word, word) for word in words]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Cut `text` with an ellipsis so it fits `width` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
