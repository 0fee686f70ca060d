"""Benchmark: invoices per second per core in batch mode against a bare fpdf2 document.

Run with `make bench`. 10,000 two-line invoices (each with a Devanagari buyer name) are laid
out in batches of 1,000 per PDF, each batch one FPDF with the fonts parsed once. The baseline
is a bare fpdf2 document of the same size made in the same run: as many pages, the same fonts,
and per page as many `FPDF.text` calls of the same strings, with no layout, shaping, images
or barcodes. One process does all the work, so the rates are per core. Results are printed and
written into docs/benchmarks.md between the invoice markers.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal

from fpdf import FPDF

from bench.page import machine_line, write_section
from sellerops.documents.model import Branding, InvoiceDocument, LineInput, Party
from sellerops.documents.pdf import render_batch
from sellerops.documents.pdf.fonts import LATIN, add_fonts
from sellerops.documents.tax import compute_lines, totals
from sellerops.documents.words import amount_in_words

INVOICES = 10_000
BATCH = 1_000
BEGIN_MARK = "<!-- invoices:begin -->"
END_MARK = "<!-- invoices:end -->"
INVOICE_HEADING = (
    "## Invoices in batch mode\n\n`make bench` lays out 10,000 GST invoices in PDFs of "
    "1,000 and, in the same run, a bare fpdf2 document with as many pages and text "
    "items; both in one process.\n\n"
)
# The string the baseline writes; about as long as a typical invoice text item.
BASELINE_STRING = "HSN 6304 · SKU KH-BEDSHEET-D · Order item OI-1001 · ₹ 1,598.00"

SELLER = Party(
    "Kaveri Home Textiles",
    ("Plot 14, 2nd Cross", "Peenya Industrial Area"),
    "Bengaluru",
    "Karnataka",
    "29",
    "560058",
    "29ABCDE1234F1Z5",
)
BUYER = Party("राजेश कुमार", ("House 22, Sector 9",), "Lucknow", "Uttar Pradesh", "09", "226016")
LINES = (
    LineInput(
        "OI-1001",
        "KH-BEDSHEET-D",
        "BDSF3KXZ9YQ",
        "Cotton double bedsheet",
        "6304",
        2,
        Decimal("799.00"),
        Decimal("50.00"),
        Decimal("40.00"),
        Decimal("5"),
    ),
    LineInput(
        "OI-1002",
        "KH-TOWEL-SET",
        None,
        "Bath towel set of 4",
        "6302",
        1,
        Decimal("1249.50"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("12"),
    ),
)
BRANDING = Branding(
    "Kaveri Home",
    ("Peenya Industrial Area, Bengaluru 560058",),
    "Thank you for shopping with Kaveri Home.",
    (20, 90, 160),
)


def sample_invoice(number: int) -> InvoiceDocument:
    lines = compute_lines(LINES, SELLER.state_code, BUYER.state_code)
    total = totals(lines)
    return InvoiceDocument(
        "tax_invoice",
        f"INV/2627/{number:06d}",
        date(2026, 12, 4),
        SELLER,
        BUYER,
        BUYER,
        "Uttar Pradesh (09)",
        False,
        f"OD{number:015d}",
        f"SHP-{number:08d}",
        lines,
        total.taxable_total,
        total.cgst_total,
        total.sgst_total,
        total.utgst_total,
        total.igst_total,
        total.round_off,
        total.grand_total,
        amount_in_words(total.grand_total),
    )


def text_items_per_invoice() -> tuple[int, int]:
    """Count the text items and pages of one invoice by laying it out once."""
    from sellerops.documents.pdf.canvas import Canvas
    from sellerops.documents.pdf.frame import Frame
    from sellerops.documents.pdf.invoice import draw_invoice
    from sellerops.documents.pdf.pages import A4, new_document

    pdf = new_document(A4)
    canvas = Canvas(pdf)
    draw_invoice(Frame(canvas, A4, BRANDING), sample_invoice(1))
    return canvas.text_items, pdf.page


def run_invoices() -> tuple[float, int]:
    started = time.perf_counter()
    size = 0
    for first in range(1, INVOICES + 1, BATCH):
        items = [(sample_invoice(n), BRANDING) for n in range(first, first + BATCH)]
        size += len(render_batch(items))
    return time.perf_counter() - started, size


def run_baseline(items_per_page: int, pages: int) -> tuple[float, int]:
    started = time.perf_counter()
    size = 0
    for _ in range(0, pages, BATCH):
        pdf = FPDF(unit="mm", format="A4")
        add_fonts(pdf)
        pdf.set_font(LATIN, "", 8.5)
        for _page in range(BATCH):
            pdf.add_page()
            for item in range(items_per_page):
                pdf.text(12, 12 + item * 3.4, BASELINE_STRING)
        size += len(pdf.output())
    return time.perf_counter() - started, size


def main() -> int:
    items, pages = text_items_per_invoice()
    print(f"one invoice: {items} text items on {pages} page(s)")
    invoice_seconds, invoice_bytes = run_invoices()
    baseline_seconds, baseline_bytes = run_baseline(items, INVOICES * pages)
    invoice_rate = INVOICES / invoice_seconds
    baseline_rate = INVOICES / baseline_seconds
    print(f"invoices: {invoice_seconds:.2f} s, {invoice_rate:,.0f}/s")
    print(f"bare fpdf2: {baseline_seconds:.2f} s, {baseline_rate:,.0f} pages/s")

    rows = [
        f"| invoices in batch mode ({BATCH:,} per PDF) | {INVOICES:,} in "
        f"{invoice_seconds:.2f} s, {invoice_rate:,.0f} per second per core, "
        f"{invoice_bytes / INVOICES / 1024:.1f} KiB each |",
        f"| bare fpdf2, same pages and text items | {baseline_seconds:.2f} s, "
        f"{baseline_rate:,.0f} per second, {baseline_bytes / INVOICES / 1024:.1f} KiB each |",
        f"| invoice rate ÷ bare rate | {invoice_rate / baseline_rate:.2f} |",
    ]
    section = "\n".join(
        [
            BEGIN_MARK,
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine_line()} with "
            f"`make bench` (one process; {items} text items per invoice).",
            "",
            "| measure | value |",
            "|---|---|",
            *rows,
            END_MARK,
        ]
    )
    print(section)
    write_section(section, BEGIN_MARK, END_MARK, INVOICE_HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
