"""A weekly report of sandbox data: its PDF and CSV totals equal the marts' totals of the week."""

import io
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from marts_totals import marts_totals
from pypdf import PdfReader

from sellerops.scheduled_reports import Frequency, period_starting
from sellerops.scheduled_reports.content import HEADLINES, SECTIONS
from sellerops.services.scheduled_reports import generate_report, get_report_file

# One worker builds the sandbox tenant once for both modules of this folder.
pytestmark = pytest.mark.xdist_group("scheduled_reports")

WEEK = period_starting(Frequency.WEEKLY, date(2026, 11, 23))
# A week long before the sandbox's history starts, so every section is empty.
EMPTY_WEEK = period_starting(Frequency.WEEKLY, date(2025, 1, 6))
SECTION_OF = {headline.label: headline for headline in HEADLINES}


def csv_totals(content: bytes) -> dict[str, Decimal]:
    """Sum each headline's column over its section's rows of the report CSV, exactly."""
    frame = pl.read_csv(io.BytesIO(content), infer_schema=False)
    totals = {}
    for headline in HEADLINES:
        rows = frame.filter(pl.col("section") == headline.section)
        cells = rows.get_column(headline.column).drop_nulls().to_list()
        totals[headline.label] = sum((Decimal(cell) for cell in cells), Decimal(0))
    return totals


def summary_lines(content: bytes) -> dict[str, str]:
    """Return the summary page's lines by headline label, from the PDF's extracted text."""
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    lines = {}
    for line in text.splitlines():
        for headline in HEADLINES:
            if line.startswith(headline.label + " ") or line.startswith(headline.label + "₹"):
                lines[headline.label] = line[len(headline.label) :].strip()
    return lines


def printed_number(text: str) -> Decimal:
    """Read '₹ 1,23,456.78' or '1,234' back as a Decimal."""
    return Decimal(text.replace("₹", "").replace(",", "").strip())


@pytest.fixture(scope="module")
def weekly(report_tenant):
    report = generate_report(report_tenant.owner, WEEK)
    pdf = get_report_file(report_tenant.owner, report.id, "pdf").content
    csv = get_report_file(report_tenant.owner, report.id, "csv").content
    return report, pdf, csv


def test_week_has_sales(report_tenant):
    expected = marts_totals(report_tenant.published, WEEK.start, WEEK.end)

    assert expected["Orders"] > 0
    assert expected["Net sales"] > 0
    assert expected["Output GST"] > 0


def test_csv_totals_equal_marts(report_tenant, weekly):
    _report, _pdf, csv = weekly
    expected = marts_totals(report_tenant.published, WEEK.start, WEEK.end)

    totals = csv_totals(csv)

    for label, value in expected.items():
        assert totals[label] == value, label


def test_pdf_summary_equals_marts(report_tenant, weekly):
    _report, pdf, _csv = weekly
    expected = marts_totals(report_tenant.published, WEEK.start, WEEK.end)

    lines = summary_lines(pdf)

    assert set(lines) == set(expected)
    for label, value in expected.items():
        assert printed_number(lines[label]) == value, (label, lines[label])


def test_stored_totals_equal_marts(report_tenant, weekly):
    report, _pdf, _csv = weekly
    expected = marts_totals(report_tenant.published, WEEK.start, WEEK.end)

    for label, value in expected.items():
        assert Decimal(report.totals[label]) == value, label


def test_pdf_has_section_bookmarks(weekly):
    _report, pdf, _csv = weekly
    reader = PdfReader(io.BytesIO(pdf))

    titles = [item.title for item in reader.outline]

    assert titles == ["Sales", "Profit by SKU", "Returns", "GST summary by state and rate"]
    assert len(reader.pages) >= 1 + len(SECTIONS)


def test_csv_sections_tagged(weekly):
    _report, _pdf, csv = weekly
    frame = pl.read_csv(io.BytesIO(csv), infer_schema=False)

    assert frame.columns[0] == "section"
    assert set(frame.get_column("section").unique()) <= set(SECTIONS)
    sales_days = frame.filter(pl.col("section") == "sales").get_column("day").to_list()
    assert sales_days == [str(WEEK.start.replace(day=day)) for day in range(23, 30)]


def test_report_names_period_and_scope(report_tenant, weekly):
    report, pdf, _csv = weekly
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    assert report.file_name("pdf") == "weekly-report_2026-11-23_2026-11-29.pdf"
    assert "Weekly report" in text
    assert "Weekly Traders, all seller accounts, 23 Nov 2026 to 29 Nov 2026" in text


def test_repeat_returns_stored_report(report_tenant, weekly):
    report, _pdf, _csv = weekly

    again = generate_report(report_tenant.owner, WEEK)

    assert again.id == report.id
    assert again.already_generated


def test_account_reports_add_up(report_tenant, weekly):
    report, _pdf, _csv = weekly
    owner = report_tenant.owner

    per_account = [generate_report(owner, WEEK, account) for account in report_tenant.account_ids]

    assert len({view.id for view in per_account}) == 2
    for headline in HEADLINES:
        summed = sum(Decimal(view.totals[headline.label]) for view in per_account)
        assert summed == Decimal(report.totals[headline.label]), headline.label


def test_empty_week_reports_zero(report_tenant):
    report = generate_report(report_tenant.owner, EMPTY_WEEK)
    pdf = get_report_file(report_tenant.owner, report.id, "pdf").content

    assert all(Decimal(value) == 0 for value in report.totals.values())
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("No rows in this period.") == len(SECTIONS)
