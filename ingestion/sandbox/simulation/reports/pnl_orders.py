"""The "Orders P&L" sheet of a Seller Hub Profit & Loss report: one row per order item.

The sheet has a two-row header (a parent row of groups above the column names), blank spacer
columns, and up to five payment slots per item. Like Seller Hub, it zeroes the selling price
of returned and cancelled units, prints expenses as negative amounts and stores accounted net
sales and margins as text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..fees import PAISE
from .ledger import ItemLedger
from .payments import NO_PAYMENT

Cell = str | Decimal | int | None

TRANSACTION_SLOTS = 5
TRANSACTION_HEADERS = (
    "Transaction Amount",
    "Reason",
    "Current Status",
    "Payment Date",
    "Account Type",
    "NEFT ID",
)

# (parent header, column header, value key); a column without a key is a blank spacer.
COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("Order Date", "", "order_date"),
    ("Order ID", "", "order_id"),
    ("Order Item ID", "", "order_item_id"),
    ("SKU Name", "", "sku"),
    ("Fulfillment Type", "", "fulfilment_type"),
    ("Channel of Sale", "", "channel"),
    ("Mode of Payment", "", "payment_mode"),
    ("Shipping Zone", "", "zone"),
    ("Order Status", "", "order_status"),
    ("", "", None),
    ("Gross Units", "", "gross_units"),
    ("Returned & Cancelled Units", "", "returned_cancelled_units"),
    ("Returned & Cancelled Units (Breakup)", "RTO (Courier Return)", "rto_units"),
    ("", "RVP (Customer Return)", "rvp_units"),
    ("", "Cancelled Units", "cancelled_units"),
    ("Net Units ", "", "net_units"),
    ("", "", None),
    ("Final Selling Price (incl. seller opted in default offers)", "", "final_selling_price"),
    ("Customer shipping fee net of discount", "", "customer_shipping_fee"),
    ("Estimated Net Sales (INR)", "", "estimated_net_sales"),
    ("", "", None),
    ("Accounted Net Sales (INR)", "", "accounted_net_sales_text"),
    ("Accounted Net Sales (Breakup)", "Sale Amount", "accounted_net_sales"),
    ("", "Seller burn in customer's offer", "zero"),
    ("", "Customer Add-Report Template", "zero"),
    ("Total Expenses (INR)", "", "total_expenses"),
    ("Total Expenses (Breakup)", "Commission Fee", "commission_fee"),
    ("", "Collection Fee", "collection_fee"),
    ("", "Fixed Fee", "fixed_fee"),
    ("", "Pick and Pack Fee", "zero"),
    ("", "Forward Shipping Fee", "forward_shipping_fee"),
    ("", "Offer adjustments", "zero"),
    ("", "Reverse Shipping Fee", "reverse_shipping_fee"),
    ("", "No Cost Emi Fee Reimbursement(Rs.)", "zero"),
    ("", "Installation Fee (Rs.)", "zero"),
    ("", "Tech Visit Fee (Rs.)", "zero"),
    ("", "Uninstallation & Packaging Fee (Rs.)", "zero"),
    ("", "Customer Add-ons Amount Recovery (Rs.)", "zero"),
    ("", "Franchise Fee (Rs.)", "zero"),
    ("", "Shopsy Marketing Fee (Rs.)", "zero"),
    ("", "Product Cancellation Fee (Rs.)", "zero"),
    ("", "Taxes (GST)", "gst"),
    ("", "Taxes (TCS)", "tcs"),
    ("", "Taxes (TDS)", "tds"),
    ("Rewards & Other Benefits (INR)", "", "zero"),
    ("Total Benefits (Breakup)", "Rewards", "zero"),
    ("", "SPF Payout", "zero"),
    ("Bank Settlement [Projected] (INR)", "", "bank_settlement"),
    ("Input Tax Credits (INR)", "", "input_tax_credits"),
    ("Input Tax Credits (Breakup)", "GST + TCS", "input_tax_credits_gst_tcs"),
    ("", "TDS", "input_tax_credits_tds"),
    ("Net Earnings (INR)", "", "net_earnings"),
    (" Margins \n(% of Net Sales)", "", "margin_text"),
    ("", "", None),
    ("Bank Settlement [Projected] (INR)", "", "bank_settlement"),
    ("Amount Settled (INR)", "", "amount_settled"),
    ("Amount Pending (INR)", "", "amount_pending"),
    ("", "", None),
    *(
        (f"Transaction-{slot}" if index == 0 else "", header, f"transaction_{slot}_{index}")
        for slot in range(1, TRANSACTION_SLOTS + 1)
        for index, header in enumerate(TRANSACTION_HEADERS)
    ),
    ("Older Transactions", "", None),
)

STATUS_NAMES = {
    "PICKUP_COMPLETE": "IN_TRANSIT",
    "SHIPPED": "IN_TRANSIT",
    "DELIVERED": "DELIVERED",
    "RETURN_REQUESTED": "RETURN_REQUESTED",
    "RETURNED": "RETURNED",
    "COMPLETED": "RETURNED",
    "CANCELLED": "CANCELLED",
}
ZONE_NAMES = {"local": "Local", "zonal": "Zonal", "national": "National"}
ZERO = Decimal("0.00")


def header_rows() -> list[list[Cell]]:
    """Return the parent row and the column-name row."""
    return [
        [parent or None for parent, _, _ in COLUMNS],
        [name or None for _, name, _ in COLUMNS],
    ]


def order_row(values: dict[str, Cell]) -> list[Cell]:
    """Return the cells of one order item row, in column order."""
    return [values.get(key) if key is not None else None for _, _, key in COLUMNS]


def order_values(ledger: ItemLedger) -> dict[str, Cell]:
    """Return the P&L values of one order item by key; expenses are negative."""
    item, shipment, fees = ledger.item, ledger.shipment, ledger.fees
    quantity = item.quantity
    rto = quantity if ledger.outcome == "rto" else 0
    rvp = quantity if ledger.outcome == "customer_return" else 0
    cancelled = quantity if ledger.outcome == "cancelled" else 0
    sold = ledger.net_sale > 0

    gst, tcs, tds = fees["gst_on_fees"], ledger.tcs, ledger.tds
    bank = ledger.bank_settlement
    settled = bank if ledger.payment.is_charged else ZERO
    earnings = bank + gst + tcs + tds

    values: dict[str, Cell] = {
        "order_date": ledger.order_date.isoformat(),
        "order_id": shipment.order.order_id,
        "order_item_id": item.order_item_id,
        "sku": item.product.sku,
        "fulfilment_type": "NON_FBF",
        "channel": "Flipkart",
        "payment_mode": "postpaid" if shipment.order.payment_type == "COD" else "prepaid",
        "zone": "N/A" if cancelled else ZONE_NAMES.get(shipment.zone, "N/A"),
        "order_status": STATUS_NAMES.get(shipment.status, "APPROVED"),
        "gross_units": quantity,
        "returned_cancelled_units": rto + rvp + cancelled,
        "rto_units": rto,
        "rvp_units": rvp,
        "cancelled_units": cancelled,
        "net_units": quantity - rto - rvp - cancelled,
        "final_selling_price": _money(item.selling_price if sold else 0),
        "customer_shipping_fee": _money(item.shipping_charge if sold else 0),
        "estimated_net_sales": ledger.net_sale,
        "accounted_net_sales": ledger.net_sale,
        "accounted_net_sales_text": f"{ledger.net_sale:.2f}",
        "zero": 0,
        "commission_fee": -fees["commission"],
        "collection_fee": -fees["collection_fee"],
        "fixed_fee": -fees["fixed_fee"],
        "forward_shipping_fee": -fees["forward_shipping"],
        "reverse_shipping_fee": -fees["reverse_shipping"],
        "gst": -gst,
        "tcs": -tcs,
        "tds": -tds,
        "total_expenses": -(ledger.marketplace_fee + gst + tcs + tds),
        "bank_settlement": bank,
        "input_tax_credits": gst + tcs + tds,
        "input_tax_credits_gst_tcs": gst + tcs,
        "input_tax_credits_tds": tds,
        "net_earnings": earnings,
        "margin_text": margin_text(earnings, ledger.net_sale),
        "amount_settled": settled,
        "amount_pending": bank - settled,
        "gross_value": ledger.order_value,
        "rto_value": ledger.order_value if rto else ZERO,
        "rvp_value": ledger.order_value if rvp else ZERO,
        "cancelled_value": ledger.order_value if cancelled else ZERO,
    }
    values.update(_transaction(ledger, bank))
    return values


def margin_text(earnings: Decimal, net_sales: Decimal) -> str:
    """Return earnings as a percentage of net sales, as text with 2 places, or `N/A`."""
    if net_sales == 0:
        return "N/A"
    return f"{(earnings / net_sales * 100).quantize(PAISE, ROUND_HALF_UP):.2f}"


def _transaction(ledger: ItemLedger, bank: Decimal) -> dict[str, Cell]:
    payment = ledger.payment
    if payment.status == NO_PAYMENT:
        return {}

    reason = (
        "Return Recovery, Forward Order Payment" if ledger.is_returned else "Forward Order Payment"
    )
    charged = payment.is_charged
    cells: tuple[Cell, ...] = (
        bank,
        reason,
        "Completed" if charged else "Pending",
        payment.payment_date.isoformat() if payment.payment_date else "NA",
        payment.account_type if charged else "NA",
        payment.neft_id if charged else "NA",
    )
    return {f"transaction_1_{index}": cell for index, cell in enumerate(cells)}


def _money(rupees: int) -> Decimal:
    return Decimal(rupees).quantize(PAISE)
