"""Reader for Seller Hub's orders report (CSV or XLSX)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ingestion.reports.reader import ColumnSpec, ReportSpec, read_report
from ingestion.reports.result import ReadResult

REPORT_NAME = "Orders report"


@dataclass(frozen=True, slots=True)
class OrderReportRow:
    """One order item of the orders report; buyer names and street addresses are not read."""

    ordered_on: date | None
    shipment_id: str | None
    order_item_id: str
    order_id: str | None
    hsn_code: str | None
    order_state: str | None
    order_type: str | None
    fsn: str | None
    sku: str | None
    product: str | None
    invoice_number: str | None
    cgst: Decimal | None
    igst: Decimal | None
    sgst: Decimal | None
    invoice_date: date | None
    invoice_amount: Decimal | None
    selling_price_per_item: Decimal | None
    shipping_charges: Decimal | None
    quantity: int | None
    city: str | None
    state: str | None
    pincode: str | None
    dispatch_after_date: date | None
    dispatch_by_date: date | None
    tracking_id: str | None
    package_length_cm: Decimal | None
    package_breadth_cm: Decimal | None
    package_height_cm: Decimal | None
    package_weight_kg: Decimal | None


# NOTE: the spellings come from orders reports described by sellers, not from a stored sample
# file; add the spellings of a real download here when one is available.
COLUMNS = (
    ColumnSpec("ordered_on", ("Ordered On", "Order Date"), kind="date"),
    ColumnSpec("shipment_id", ("Shipment ID",), kind="id"),
    ColumnSpec("order_item_id", ("ORDER ITEM ID", "Order Item Id"), "id", True, True, unique=True),
    ColumnSpec("order_id", ("Order Id", "Order ID"), kind="id", required=True),
    ColumnSpec("hsn_code", ("HSN CODE", "HSN"), kind="id"),
    ColumnSpec("order_state", ("Order State", "Order Status")),
    ColumnSpec("order_type", ("Order Type",)),
    ColumnSpec("fsn", ("FSN",), kind="id"),
    ColumnSpec("sku", ("SKU", "Seller SKU"), kind="id", required=True),
    ColumnSpec("product", ("Product", "Product Title")),
    ColumnSpec("invoice_number", ("Invoice No.", "Invoice Number"), kind="id"),
    ColumnSpec("cgst", ("CGST",), kind="decimal"),
    ColumnSpec("igst", ("IGST",), kind="decimal"),
    ColumnSpec("sgst", ("SGST",), kind="decimal"),
    ColumnSpec("invoice_date", ("Invoice Date (mm/dd/yy)", "Invoice Date"), kind="date"),
    ColumnSpec("invoice_amount", ("Invoice Amount",), kind="decimal"),
    ColumnSpec("selling_price_per_item", ("Selling Price Per Item",), kind="decimal"),
    ColumnSpec(
        "shipping_charges",
        ("Shipping and Handling Charges", "Shipping Charges"),
        kind="decimal",
    ),
    ColumnSpec(
        "quantity", ("Quantity", "Item Quantity"), kind="count", required=True, non_negative=True
    ),
    ColumnSpec("city", ("City",)),
    ColumnSpec("state", ("State",)),
    ColumnSpec("pincode", ("PIN Code", "Pincode"), kind="id"),
    ColumnSpec("dispatch_after_date", ("Dispatch After date",), kind="date"),
    ColumnSpec("dispatch_by_date", ("Dispatch by date",), kind="date"),
    ColumnSpec("tracking_id", ("Tracking ID",), kind="id"),
    ColumnSpec("package_length_cm", ("Package Length (cm)", "Package Length"), kind="decimal"),
    ColumnSpec("package_breadth_cm", ("Package Breadth (cm)", "Package Breadth"), kind="decimal"),
    ColumnSpec("package_height_cm", ("Package Height (cm)", "Package Height"), kind="decimal"),
    ColumnSpec("package_weight_kg", ("Package Weight (kg)", "Package Weight"), kind="decimal"),
)

ORDERS_REPORT: ReportSpec[OrderReportRow] = ReportSpec(
    name=REPORT_NAME,
    columns=COLUMNS,
    build=lambda values: OrderReportRow(**values),
    sheet_names=("Orders",),
)


def read_orders_report(path: Path) -> ReadResult[OrderReportRow]:
    """Read the order items of an orders report."""
    return read_report(path, ORDERS_REPORT)
