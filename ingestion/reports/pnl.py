"""Reader for the "Orders P&L" sheet of Seller Hub's Profit & Loss report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ingestion.reports.grid import Grid
from ingestion.reports.reader import ColumnSpec, ReportSpec, read_report
from ingestion.reports.result import ReadResult

REPORT_NAME = "P&L report"

# The sheet lists up to this many payments per order item, as `Transaction-1` … `Transaction-5`.
TRANSACTION_SLOTS = 5

TRANSACTION_FIELDS = (
    ("amount", "Transaction Amount", "decimal"),
    ("reason", "Reason", "text"),
    ("status", "Current Status", "text"),
    ("payment_date", "Payment Date", "date"),
    ("account_type", "Account Type", "text"),
    ("neft_id", "NEFT ID", "id"),
)


@dataclass(frozen=True, slots=True)
class PnlTransaction:
    """One payment listed against an order item; `neft_id` may be a placeholder, not a transfer."""

    amount: Decimal | None
    reason: str | None
    status: str | None
    payment_date: date | None
    account_type: str | None
    neft_id: str | None


@dataclass(frozen=True, slots=True)
class PnlOrderRow:
    """One order item of the P&L report. Amounts are in rupees as reported (up to 3 places)."""

    order_date: date | None
    order_id: str | None
    order_item_id: str
    sku: str | None
    fulfilment_type: str | None
    channel: str | None
    payment_mode: str | None
    shipping_zone: str | None
    order_status: str | None
    gross_units: int | None
    returned_cancelled_units: int | None
    rto_units: int | None
    rvp_units: int | None
    cancelled_units: int | None
    net_units: int | None
    final_selling_price: Decimal | None
    customer_shipping_fee: Decimal | None
    estimated_net_sales: Decimal | None
    accounted_net_sales: Decimal | None
    sale_amount: Decimal | None
    seller_offer_burn: Decimal | None
    customer_addons_amount: Decimal | None
    total_expenses: Decimal | None
    commission_fee: Decimal | None
    collection_fee: Decimal | None
    fixed_fee: Decimal | None
    pick_and_pack_fee: Decimal | None
    forward_shipping_fee: Decimal | None
    offer_adjustments: Decimal | None
    reverse_shipping_fee: Decimal | None
    no_cost_emi_fee_reimbursement: Decimal | None
    installation_fee: Decimal | None
    tech_visit_fee: Decimal | None
    uninstallation_packaging_fee: Decimal | None
    customer_addons_recovery: Decimal | None
    franchise_fee: Decimal | None
    shopsy_marketing_fee: Decimal | None
    product_cancellation_fee: Decimal | None
    gst: Decimal | None
    tcs: Decimal | None
    tds: Decimal | None
    total_benefits: Decimal | None
    rewards: Decimal | None
    spf_payout: Decimal | None
    bank_settlement_projected: Decimal | None
    input_tax_credits: Decimal | None
    input_tax_credits_gst_tcs: Decimal | None
    input_tax_credits_tds: Decimal | None
    net_earnings: Decimal | None
    margin_percent: Decimal | None
    amount_settled: Decimal | None
    amount_pending: Decimal | None
    transactions: tuple[PnlTransaction, ...]


def _column(field: str, *aliases: str, kind: str = "decimal", **flags: bool) -> ColumnSpec:
    return ColumnSpec(field, aliases, kind=kind, **flags)  # type: ignore[arg-type]


ORDER_COLUMNS = (
    _column("order_date", "Order Date", kind="date"),
    _column("order_id", "Order ID", kind="id"),
    _column("order_item_id", "Order Item ID", kind="id", required=True, not_null=True),
    _column("sku", "SKU Name", "SKU", "Seller SKU", kind="id"),
    _column("fulfilment_type", "Fulfillment Type", "Fulfilment Type", kind="text"),
    _column("channel", "Channel of Sale", kind="text"),
    _column("payment_mode", "Mode of Payment", kind="text"),
    _column("shipping_zone", "Shipping Zone", kind="text"),
    _column("order_status", "Order Status", kind="text"),
    _column("gross_units", "Gross Units", kind="count", required=True),
    _column("returned_cancelled_units", "Returned & Cancelled Units", kind="count"),
    _column("rto_units", "RTO (Courier Return)", kind="count", required=True),
    _column("rvp_units", "RVP (Customer Return)", kind="count", required=True),
    _column("cancelled_units", "Cancelled Units", "Cancellations", kind="count", required=True),
    _column("net_units", "Net Units", kind="count"),
    _column("final_selling_price", "Final Selling Price (incl. seller opted in default offers)"),
    _column("customer_shipping_fee", "Customer shipping fee net of discount"),
    _column("estimated_net_sales", "Estimated Net Sales", required=True),
    _column("accounted_net_sales", "Accounted Net Sales", required=True),
    _column("sale_amount", "Accounted Net Sales (Breakup) / Sale Amount", "Sale Amount"),
    _column("seller_offer_burn", "Seller burn in customer's offer"),
    _column("customer_addons_amount", "Customer Add-Report Template", "Customer Add-ons Amount"),
    _column("total_expenses", "Total Expenses", required=True),
    _column("commission_fee", "Commission Fee", required=True),
    _column("collection_fee", "Collection Fee"),
    _column("fixed_fee", "Fixed Fee", required=True),
    _column("pick_and_pack_fee", "Pick and Pack Fee"),
    _column("forward_shipping_fee", "Forward Shipping Fee", "Shipping Fee"),
    _column("offer_adjustments", "Offer adjustments"),
    _column("reverse_shipping_fee", "Reverse Shipping Fee"),
    _column("no_cost_emi_fee_reimbursement", "No Cost Emi Fee Reimbursement"),
    _column("installation_fee", "Installation Fee"),
    _column("tech_visit_fee", "Tech Visit Fee"),
    _column("uninstallation_packaging_fee", "Uninstallation & Packaging Fee"),
    _column("customer_addons_recovery", "Customer Add-ons Amount Recovery"),
    _column("franchise_fee", "Franchise Fee"),
    _column("shopsy_marketing_fee", "Shopsy Marketing Fee"),
    _column("product_cancellation_fee", "Product Cancellation Fee"),
    _column("gst", "Taxes (GST)", required=True),
    _column("tcs", "Taxes (TCS)", required=True),
    _column("tds", "Taxes (TDS)", required=True),
    _column("total_benefits", "Rewards & Other Benefits"),
    _column("rewards", "Rewards"),
    _column("spf_payout", "SPF Payout", "Order SPF"),
    _column("bank_settlement_projected", "Bank Settlement [Projected] (INR)", required=True),
    _column("input_tax_credits", "Input Tax Credits"),
    _column("input_tax_credits_gst_tcs", "Input Tax Credits (Breakup) / GST + TCS", "GST + TCS"),
    _column("input_tax_credits_tds", "Input Tax Credits (Breakup) / TDS"),
    _column("net_earnings", "Net Earnings"),
    _column("margin_percent", "Margins (% of Net Sales)", "Margins"),
    _column("amount_settled", "Amount Settled", required=True),
    _column("amount_pending", "Amount Pending"),
    *(
        _column(f"transaction_{slot}_{field}", f"Transaction-{slot} / {header}", kind=kind)
        for slot in range(1, TRANSACTION_SLOTS + 1)
        for field, header, kind in TRANSACTION_FIELDS
    ),
)


def build_order_row(values: dict[str, object]) -> PnlOrderRow:
    """Build a P&L order row, gathering the `Transaction-n` columns into `transactions`."""
    transactions: list[PnlTransaction] = []

    for slot in range(1, TRANSACTION_SLOTS + 1):
        fields = {
            name: values.pop(f"transaction_{slot}_{name}") for name, _, _ in TRANSACTION_FIELDS
        }
        if any(value is not None for value in fields.values()):
            transactions.append(PnlTransaction(**fields))  # type: ignore[arg-type]

    return PnlOrderRow(**values, transactions=tuple(transactions))  # type: ignore[arg-type]


PNL_ORDERS_REPORT: ReportSpec[PnlOrderRow] = ReportSpec(
    name=REPORT_NAME,
    columns=ORDER_COLUMNS,
    build=build_order_row,
    sheet_names=("Orders P&L",),
)


def read_pnl_orders(path: Path, grids: dict[str, Grid] | None = None) -> ReadResult[PnlOrderRow]:
    """Read the order item rows of a P&L report's "Orders P&L" sheet."""
    return read_report(path, PNL_ORDERS_REPORT, grids)
