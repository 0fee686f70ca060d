"""The contents of a scheduled report: four export sections, their headline totals, CSV and PDF.

The sections are the exports' own builders over the published marts (sales, profit, returns and
GST summary), so a report's figures are the figures of the Reports page for the same period.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import duckdb
import polars as pl
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from sellerops.documents.pdf.fonts import LATIN, add_fonts
from sellerops.documents.pdf.formatting import INDIA, rupees, whole_number
from sellerops.exports import EXPORTS, ExportRequest, PdfReport, write_csv, write_pdf
from sellerops.scheduled_reports.periods import ReportPeriod

SECTIONS = ("sales", "profit", "returns", "gst_summary")
SECTION_COLUMN = "section"


@dataclass(frozen=True)
class Headline:
    """One figure of the report's summary: the sum of `column` over the rows of `section`."""

    label: str
    section: str
    column: str


# The summary page and the email body show these, in this order.
HEADLINES = (
    Headline("Orders", "sales", "orders"),
    Headline("Units ordered", "sales", "units"),
    Headline("Gross sales", "sales", "gross_value"),
    Headline("Net sales", "sales", "net_sales"),
    Headline("Revenue", "profit", "revenue"),
    Headline("Marketplace fees", "profit", "marketplace_fees"),
    Headline("Cost of goods", "profit", "cost_of_goods"),
    Headline("Net profit", "profit", "net_profit"),
    Headline("Units returned", "returns", "quantity"),
    Headline("Return loss", "returns", "loss"),
    Headline("Taxable value", "gst_summary", "taxable_value"),
    Headline("Output GST", "gst_summary", "total_tax"),
)


@dataclass(frozen=True)
class Section:
    """One export of the report and its rows."""

    kind: str
    frame: pl.DataFrame

    @property
    def title(self) -> str:
        return EXPORTS[self.kind].title


def build_sections(
    connection: duckdb.DuckDBPyConnection, period: ReportPeriod, account_id: str | None
) -> list[Section]:
    """Run the four export builders for the period; `account_id` None means every account."""
    sections = []
    for kind in SECTIONS:
        request = ExportRequest(kind, period.start, period.end, account_id)
        sections.append(Section(kind, EXPORTS[kind].build(connection, request)))
    return sections


def headline_totals(sections: Sequence[Section]) -> dict[str, Decimal | int]:
    """Return each headline's sum by label; money stays Decimal, counts stay int."""
    frames = {section.kind: section.frame for section in sections}
    totals: dict[str, Decimal | int] = {}
    for headline in HEADLINES:
        # An empty column sums to a zero of its type: Decimal('0.00') for money, 0 for counts.
        totals[headline.label] = frames[headline.section].get_column(headline.column).sum()
    return totals


def format_total(value: Decimal | int) -> str:
    """Print a headline: rupees with the sign and Indian grouping, counts grouped."""
    if isinstance(value, Decimal):
        return rupees(value)
    return whole_number(value)


def parse_total(text: str) -> Decimal | int:
    """Read back a headline stored as text: money has a decimal point, counts do not."""
    return Decimal(text) if "." in text else int(text)


def report_csv(sections: Sequence[Section]) -> bytes:
    """Return every section's rows in one CSV, each row tagged with its section in column one.

    Columns are the union of the sections' columns in order of first use, so a spreadsheet
    filter on `section` shows one export's table. Cells of columns a section lacks are empty.
    """
    tagged = [
        section.frame.select(pl.lit(section.kind).alias(SECTION_COLUMN), pl.all())
        for section in sections
    ]
    return write_csv(pl.concat(tagged, how="diagonal_relaxed"))


def report_pdf(
    sections: Sequence[Section], title: str, subtitle: str, generated_at: datetime
) -> bytes:
    """Return a summary page of the headlines, then each section as the exports print it.

    Each section keeps its export's totals, chart and table, and gets a bookmark.
    """
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_summary_page(sections, title, subtitle, generated_at))))
    for section in sections:
        spec = EXPORTS[section.kind]
        pdf_report = PdfReport(
            title=section.title,
            subtitle=subtitle,
            generated_at=generated_at,
            totals=spec.totals,
            chart_label=spec.chart_label,
            chart_value=spec.chart_value,
        )
        content = write_pdf(section.frame, pdf_report)
        writer.append(PdfReader(io.BytesIO(content)), outline_item=section.title)
    writer.add_metadata({"/Title": f"{title}, {subtitle}", "/Producer": "SellerOps"})

    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _summary_page(
    sections: Sequence[Section], title: str, subtitle: str, generated_at: datetime
) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    add_fonts(pdf)
    pdf.add_page()

    pdf.set_font(LATIN, "B", 20)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(LATIN, "", 10)
    pdf.set_text_color(108, 117, 125)
    generated = generated_at.astimezone(INDIA).strftime("%d-%m-%Y %H:%M IST")
    pdf.cell(0, 6, f"{subtitle}  ·  generated {generated}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    totals = headline_totals(sections)
    label_width, value_width = 70.0, 60.0
    pdf.set_text_color(33, 37, 41)
    for index, headline in enumerate(HEADLINES):
        if index and headline.section != HEADLINES[index - 1].section:
            pdf.ln(3)
        pdf.set_font(LATIN, "", 11)
        pdf.cell(label_width, 7, headline.label, border="B")
        pdf.set_font(LATIN, "B", 11)
        pdf.cell(
            value_width,
            7,
            format_total(totals[headline.label]),
            border="B",
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    pdf.ln(6)
    pdf.set_font(LATIN, "", 9)
    pdf.set_text_color(108, 117, 125)
    rows = ", ".join(f"{section.title}: {section.frame.height:,} rows" for section in sections)
    pdf.multi_cell(0, 5, f"The pages that follow show each table. {rows}.")
    return bytes(pdf.output())
