"""The "Overall Summary" and "SKU-level P&L" sheets of a P&L report, totalled from order rows.

Both sheets add up the "Orders P&L" values of the same workbook, so every total they print is
consistent with the order rows. Storage, recall and non-order SPF lines are zero, because the
sandbox simulates none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..fees import PAISE
from .pnl_orders import Cell, margin_text

ZERO = Decimal("0.00")
SEPARATOR = "-" * 120

# (label, amount key, units key) of the summary's lines, in the sheet's order; a None amount key
# prints a zero line.
SUMMARY_LINES: tuple[tuple[str, str | None, str | None], ...] = (
    ("Accounted Net Sales", "accounted_net_sales", None),
    ("Total Expenses", "total_expenses", None),
    ("• Commission Fee", "commission_fee", None),
    ("• Collection Fee", "collection_fee", None),
    ("• Fixed Fee", "fixed_fee", None),
    ("• Pick and Pack Fee", None, None),
    ("• Forward Shipping Fee", "forward_shipping_fee", None),
    ("• Offer adjustments", None, None),
    ("• Reverse Shipping Fee", "reverse_shipping_fee", None),
    ("• Storage Fee", None, None),
    ("• Recall Fee", None, None),
    ("• No Cost Emi Fee Reimbursement", None, None),
    ("• Installation Fee", None, None),
    ("• Tech Visit Fee ", None, None),
    ("• Uninstallation & Packaging Fee ", None, None),
    ("• Customer Add-ons Amount Recovery ", None, None),
    ("• Franchise Fee ", None, None),
    ("• Shopsy Marketing Fee", None, None),
    ("• Product Cancellation Fee", None, None),
    ("• Taxes (GST)", "gst", None),
    ("• Taxes (TCS)", "tcs", None),
    ("• Taxes (TDS)", "tds", None),
)

UNIT_KEYS = (
    "gross_units",
    "returned_cancelled_units",
    "rto_units",
    "rvp_units",
    "cancelled_units",
    "net_units",
)

BENEFIT_LINES = ("Rewards & Other Benefits", "• Rewards", "• Order SPF", "• Non Order SPF")

# Columns of the SKU sheet: (parent header, column header, key of the summed order value).
SKU_COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("SKU ID", "", "sku"),
    ("", "", None),
    ("Gross Units (#)", "", "gross_units"),
    ("Returned & Cancelled Units", "", "returned_cancelled_units"),
    ("Returned & Cancelled Units (Breakup)", "RTO (Courier Return)", "rto_units"),
    ("", "RVP (Customer Return)", "rvp_units"),
    ("", "Cancellations", "cancelled_units"),
    ("Net Units (#)", "", "net_units"),
    ("", "", None),
    ("Estimated Net Sales (INR)", "", "estimated_net_sales"),
    ("", "", None),
    ("Accounted Net Sales (INR) ", "", "accounted_net_sales"),
    ("Total Expenses (INR)", "", "total_expenses"),
    ("Total Expenses (Breakup)", "Commission Fee", "commission_fee"),
    ("", "Collection Fee", "collection_fee"),
    ("", "Fixed Fee", "fixed_fee"),
    ("", "Pick and Pack Fee", "zero"),
    ("", "Forward Shipping Fee", "forward_shipping_fee"),
    ("", "Offer adjustments", "zero"),
    ("", "Reverse Shipping Fee", "reverse_shipping_fee"),
    ("", "Storage Fee", "zero"),
    ("", "Recall Fee", "zero"),
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
    ("Rewards & Other Benefits(Breakup)", "Rewards", "zero"),
    ("", "Order SPF", "zero"),
    ("", "Non Order SPF", "zero"),
    ("Bank Settlement [Projected] (INR)", "", "bank_settlement"),
    ("Input Tax Credits (INR)", "", "input_tax_credits"),
    ("Input Tax Credits (Breakup)", "GST + TCS", "input_tax_credits_gst_tcs"),
    ("", "TDS", "input_tax_credits_tds"),
    ("Net Earnings (INR)", "", "net_earnings"),
    ("Earnings per unit (INR)", "", "earnings_per_unit"),
    ("Net Margins \n(% of Net Sales value)", "", "margin_text"),
    ("", "", None),
    ("Bank Settlement [Projected] (INR)", "", "bank_settlement"),
    ("Amount Settled (INR)", "", "amount_settled"),
    ("Amount Pending (INR)", "", "amount_pending"),
)


def total(rows: Sequence[dict[str, Cell]], key: str) -> Decimal:
    """Add up one numeric value over order rows."""
    return sum((Decimal(row[key]) for row in rows), ZERO)  # type: ignore[arg-type]


def summary_rows(
    rows: Sequence[dict[str, Cell]], first: date, last: date, generated: date
) -> list[list[Cell]]:
    """Return the "Overall Summary" sheet: report details, the P&L lines, the settlement lines."""
    order_value = {key: total(rows, f"{key}_value") for key in ("gross", "rto", "rvp", "cancelled")}
    units = {key: int(total(rows, key)) for key in UNIT_KEYS}
    deductions = order_value["rto"] + order_value["rvp"] + order_value["cancelled"]
    bank = total(rows, "bank_settlement")
    paid = total(rows, "amount_settled")
    credits = total(rows, "input_tax_credits")
    earnings = total(rows, "net_earnings")
    accounted = total(rows, "accounted_net_sales")

    sheet: list[list[Cell]] = [
        [],
        ["Report Specifications"],
        [],
        ["Report Type:", "Profit & Loss Report"],
        ["Orders Recieved During:", f"{first.isoformat()} to {last.isoformat()}"],
        ["Generated on:", generated.isoformat()],
        [],
        ["PNL Summary"],
        [],
        ["Item", "Amount (INR)", "Units"],
        ["Gross Sales", order_value["gross"], units["gross_units"]],
        ["Returns and Cancellations", -deductions, -units["returned_cancelled_units"]],
        ["• RTO (Courier Return)", -order_value["rto"], -units["rto_units"]],
        ["• RVP (Customer Return)", -order_value["rvp"], -units["rvp_units"]],
        ["• Cancelled ", -order_value["cancelled"], -units["cancelled_units"]],
        [SEPARATOR],
        ["Estimated Net Sales", total(rows, "estimated_net_sales"), units["net_units"]],
        [],
    ]
    for label, key, _ in SUMMARY_LINES:
        sheet.append([label, total(rows, key) if key is not None else ZERO])
    sheet.append([SEPARATOR])
    sheet.extend([label, ZERO] for label in BENEFIT_LINES)
    sheet += [
        [SEPARATOR],
        ["Bank Settlement (Projected)", bank],
        ["Input Tax Credits", credits],
        ["• GST + TCS", total(rows, "input_tax_credits_gst_tcs")],
        ["• TDS", total(rows, "input_tax_credits_tds")],
        [SEPARATOR],
        ["Earnings on Platform", earnings],
        ["Net Margin (% of Net Sales)", _percent_text(earnings, accounted)],
        [],
        ["Settlement Summary"],
        [],
        ["Total Expected Bank Settlement", bank],
        ["Already Paid (In Your Bank Account)", paid],
        ["Pending (Flipkart to pay you)", bank - paid],
    ]
    return sheet


def _percent_text(earnings: Decimal, net_sales: Decimal) -> str:
    text = margin_text(earnings, net_sales)
    return text if text == "N/A" else f"{text}%"


def sku_rows(rows: Sequence[dict[str, Cell]]) -> list[list[Cell]]:
    """Return the "SKU-level P&L" sheet: its two header rows and one row per SKU, by SKU id."""
    by_sku: dict[str, list[dict[str, Cell]]] = {}
    for row in rows:
        by_sku.setdefault(str(row["sku"]), []).append(row)

    sheet: list[list[Cell]] = [
        [parent or None for parent, _, _ in SKU_COLUMNS],
        [name or None for _, name, _ in SKU_COLUMNS],
    ]
    for sku in sorted(by_sku):
        sheet.append(_sku_line(sku, by_sku[sku]))
    return sheet


def _sku_line(sku: str, rows: Sequence[dict[str, Cell]]) -> list[Cell]:
    net_units = int(total(rows, "net_units"))
    earnings = total(rows, "net_earnings")
    per_unit = (earnings / net_units).quantize(PAISE, ROUND_HALF_UP) if net_units else ZERO
    special: dict[str, Cell] = {
        "sku": sku,
        "zero": 0,
        "earnings_per_unit": per_unit,
        "margin_text": margin_text(earnings, total(rows, "accounted_net_sales")),
    }

    line: list[Cell] = []
    for _, _, key in SKU_COLUMNS:
        if key is None:
            line.append(None)
        elif key in special:
            line.append(special[key])
        elif key.endswith("_units"):
            line.append(int(total(rows, key)))
        else:
            line.append(total(rows, key))
    return line
