"""Reader for Seller Hub's returns report (CSV or XLSX)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingestion.reports.reader import ColumnSpec, ReportSpec, read_report
from ingestion.reports.result import ReadResult

REPORT_NAME = "Returns report"


@dataclass(frozen=True, slots=True)
class ReturnReportRow:
    """One return of an order item, courier (RTO) or customer (RVP)."""

    return_id: str
    order_item_id: str
    order_id: str | None
    sku: str | None
    fsn: str | None
    quantity: int | None
    return_type: str | None
    return_reason: str | None
    return_sub_reason: str | None
    requested_on: date | None
    picked_up_on: date | None
    completed_on: date | None
    return_status: str | None
    completion_type: str | None
    product_condition: str | None
    tracking_id: str | None


# NOTE: the spellings come from returns reports described by sellers, not from a stored sample
# file; add the spellings of a real download here when one is available.
COLUMNS = (
    ColumnSpec("return_id", ("Return ID", "Return Id"), "id", True, True, unique=True),
    ColumnSpec("order_item_id", ("Order Item ID", "ORDER ITEM ID"), "id", True, True),
    ColumnSpec("order_id", ("Order ID",), kind="id"),
    ColumnSpec("sku", ("SKU", "Seller SKU"), kind="id"),
    ColumnSpec("fsn", ("FSN",), kind="id"),
    ColumnSpec("quantity", ("Quantity", "Return Quantity"), kind="count", non_negative=True),
    ColumnSpec("return_type", ("Return Type",), required=True),
    ColumnSpec("return_reason", ("Return Reason", "Reason")),
    ColumnSpec("return_sub_reason", ("Return Sub-reason", "Return Sub Reason", "Sub Reason")),
    ColumnSpec("requested_on", ("Return Requested Date", "Return Requested On"), kind="date"),
    ColumnSpec("picked_up_on", ("Return Picked Up Date", "Picked Up Date"), kind="date"),
    ColumnSpec(
        "completed_on",
        ("Return Completed Date", "Return Completion Date", "Completed Date"),
        kind="date",
    ),
    ColumnSpec("return_status", ("Return Status", "Status")),
    ColumnSpec("completion_type", ("Return Completion Type", "Completion Type")),
    ColumnSpec("product_condition", ("Product Condition", "Return Condition", "Condition")),
    ColumnSpec("tracking_id", ("Tracking ID", "Reverse Tracking ID"), kind="id"),
)

RETURNS_REPORT: ReportSpec[ReturnReportRow] = ReportSpec(
    name=REPORT_NAME,
    columns=COLUMNS,
    build=lambda values: ReturnReportRow(**values),
    sheet_names=("Returns",),
)


def read_returns_report(path: Path) -> ReadResult[ReturnReportRow]:
    """Read the returns of a returns report."""
    return read_report(path, RETURNS_REPORT)
