"""The P&L report's "Overall Summary": read as stated, and computed from the order item rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ingestion.reports.grid import Grid, ReportFileError, read_grids
from ingestion.reports.headers import name_key
from ingestion.reports.pnl import PnlOrderRow
from ingestion.reports.values import CellValueError, parse_count, parse_decimal

SUMMARY_SHEET = "Overall Summary"
PAISA = Decimal("0.01")
ZERO = Decimal(0)

# Summary lines whose amounts come from the order rows, by the order row field they add up.
SUMMED_AMOUNTS = {
    "estimated_net_sales": "estimated_net_sales",
    "accounted_net_sales": "accounted_net_sales",
    "total_expenses": "total_expenses",
    "commission_fee": "commission_fee",
    "collection_fee": "collection_fee",
    "fixed_fee": "fixed_fee",
    "pick_and_pack_fee": "pick_and_pack_fee",
    "forward_shipping_fee": "forward_shipping_fee",
    "offer_adjustments": "offer_adjustments",
    "reverse_shipping_fee": "reverse_shipping_fee",
    "no_cost_emi_fee_reimbursement": "no_cost_emi_fee_reimbursement",
    "installation_fee": "installation_fee",
    "tech_visit_fee": "tech_visit_fee",
    "uninstallation_packaging_fee": "uninstallation_packaging_fee",
    "customer_addons_recovery": "customer_addons_recovery",
    "franchise_fee": "franchise_fee",
    "shopsy_marketing_fee": "shopsy_marketing_fee",
    "product_cancellation_fee": "product_cancellation_fee",
    "gst": "gst",
    "tcs": "tcs",
    "tds": "tds",
    "rewards_and_benefits": "total_benefits",
    "rewards": "rewards",
    "order_spf": "spf_payout",
    "bank_settlement": "bank_settlement_projected",
    "input_tax_credits": "input_tax_credits",
    "input_tax_credits_gst_tcs": "input_tax_credits_gst_tcs",
    "input_tax_credits_tds": "input_tax_credits_tds",
    "earnings": "net_earnings",
    "already_paid": "amount_settled",
}

SUMMED_UNITS = {
    "gross_units": "gross_units",
    "returns_and_cancellations_units": "returned_cancelled_units",
    "rto_units": "rto_units",
    "rvp_units": "rvp_units",
    "cancelled_units": "cancelled_units",
    "net_units": "net_units",
}

# Unit lines that the summary prints as negative deductions from gross units.
DEDUCTED_UNITS = ("returns_and_cancellations_units", "rto_units", "rvp_units", "cancelled_units")


@dataclass(frozen=True)
class PnlSummary:
    """The lines of a P&L "Overall Summary"; None where a line is absent or cannot be known.

    Amounts are in rupees, negative for deductions, as the report prints them.
    """

    gross_sales: Decimal | None = None
    gross_units: int | None = None
    returns_and_cancellations: Decimal | None = None
    returns_and_cancellations_units: int | None = None
    rto: Decimal | None = None
    rto_units: int | None = None
    rvp: Decimal | None = None
    rvp_units: int | None = None
    cancelled: Decimal | None = None
    cancelled_units: int | None = None
    estimated_net_sales: Decimal | None = None
    net_units: int | None = None
    accounted_net_sales: Decimal | None = None
    total_expenses: Decimal | None = None
    commission_fee: Decimal | None = None
    collection_fee: Decimal | None = None
    fixed_fee: Decimal | None = None
    pick_and_pack_fee: Decimal | None = None
    forward_shipping_fee: Decimal | None = None
    offer_adjustments: Decimal | None = None
    reverse_shipping_fee: Decimal | None = None
    storage_fee: Decimal | None = None
    recall_fee: Decimal | None = None
    no_cost_emi_fee_reimbursement: Decimal | None = None
    installation_fee: Decimal | None = None
    tech_visit_fee: Decimal | None = None
    uninstallation_packaging_fee: Decimal | None = None
    customer_addons_recovery: Decimal | None = None
    franchise_fee: Decimal | None = None
    shopsy_marketing_fee: Decimal | None = None
    product_cancellation_fee: Decimal | None = None
    gst: Decimal | None = None
    tcs: Decimal | None = None
    tds: Decimal | None = None
    rewards_and_benefits: Decimal | None = None
    rewards: Decimal | None = None
    order_spf: Decimal | None = None
    non_order_spf: Decimal | None = None
    bank_settlement: Decimal | None = None
    input_tax_credits: Decimal | None = None
    input_tax_credits_gst_tcs: Decimal | None = None
    input_tax_credits_tds: Decimal | None = None
    earnings: Decimal | None = None
    net_margin_percent: Decimal | None = None
    expected_bank_settlement: Decimal | None = None
    already_paid: Decimal | None = None
    pending: Decimal | None = None


# Summary labels (name keys, bullets dropped) and the amount and units fields they fill.
SUMMARY_LINES: dict[str, tuple[str, str | None]] = {
    "gross sales": ("gross_sales", "gross_units"),
    "returns and cancellations": ("returns_and_cancellations", "returns_and_cancellations_units"),
    "rto courier return": ("rto", "rto_units"),
    "rvp customer return": ("rvp", "rvp_units"),
    "cancelled": ("cancelled", "cancelled_units"),
    "estimated net sales": ("estimated_net_sales", "net_units"),
    "accounted net sales": ("accounted_net_sales", None),
    "total expenses": ("total_expenses", None),
    "commission fee": ("commission_fee", None),
    "collection fee": ("collection_fee", None),
    "fixed fee": ("fixed_fee", None),
    "pick and pack fee": ("pick_and_pack_fee", None),
    "forward shipping fee": ("forward_shipping_fee", None),
    "offer adjustments": ("offer_adjustments", None),
    "reverse shipping fee": ("reverse_shipping_fee", None),
    "storage fee": ("storage_fee", None),
    "recall fee": ("recall_fee", None),
    "no cost emi fee reimbursement": ("no_cost_emi_fee_reimbursement", None),
    "installation fee": ("installation_fee", None),
    "tech visit fee": ("tech_visit_fee", None),
    "uninstallation packaging fee": ("uninstallation_packaging_fee", None),
    "customer add ons amount recovery": ("customer_addons_recovery", None),
    "franchise fee": ("franchise_fee", None),
    "shopsy marketing fee": ("shopsy_marketing_fee", None),
    "product cancellation fee": ("product_cancellation_fee", None),
    "taxes gst": ("gst", None),
    "taxes tcs": ("tcs", None),
    "taxes tds": ("tds", None),
    "rewards other benefits": ("rewards_and_benefits", None),
    "rewards": ("rewards", None),
    "order spf": ("order_spf", None),
    "non order spf": ("non_order_spf", None),
    "bank settlement projected": ("bank_settlement", None),
    "input tax credits": ("input_tax_credits", None),
    "gst tcs": ("input_tax_credits_gst_tcs", None),
    "tds": ("input_tax_credits_tds", None),
    "earnings on platform": ("earnings", None),
    "net margin of net sales": ("net_margin_percent", None),
    "total expected bank settlement": ("expected_bank_settlement", None),
    "already paid in your bank account": ("already_paid", None),
    "pending flipkart to pay you": ("pending", None),
}


def read_pnl_summary(path: Path, grids: dict[str, Grid] | None = None) -> PnlSummary:
    """Read the totals that a P&L report's "Overall Summary" sheet states."""
    grids = read_grids(path) if grids is None else grids
    sheet = next((name for name in grids if name_key(name) == name_key(SUMMARY_SHEET)), None)
    if sheet is None:
        raise ReportFileError(
            f"P&L report {path.name}: no {SUMMARY_SHEET!r} sheet; "
            "check that the file is a Seller Hub Profit & Loss report download"
        )

    values: dict[str, object] = {}
    for row_number, row in enumerate(grids[sheet], start=1):
        label = name_key(str(row[0])) if row and isinstance(row[0], str) else ""
        if label not in SUMMARY_LINES:
            continue

        amount_field, units_field = SUMMARY_LINES[label]
        cells = [*row[1:3], None, None]
        try:
            values[amount_field] = parse_decimal(cells[0])
            if units_field is not None:
                values[units_field] = parse_count(cells[1])
        except CellValueError as error:
            raise ReportFileError(
                f"P&L report {path.name}, sheet {sheet!r} row {row_number}: "
                f"the {label!r} line cannot be read ({error})"
            ) from error

    return PnlSummary(**values)  # type: ignore[arg-type]


def compute_pnl_summary(rows: Iterable[PnlOrderRow]) -> PnlSummary:
    """Compute the "Overall Summary" lines that follow from the order item rows.

    The amounts of gross sales, returns and cancellations stay None, because the sheet zeroes
    the selling price of returned and cancelled items; storage, recall and non-order SPF stay
    None, because they are charged per SKU, not per order item.
    """
    rows = list(rows)
    values: dict[str, object] = {}

    for line, field in SUMMED_AMOUNTS.items():
        values[line] = sum((getattr(row, field) or ZERO for row in rows), ZERO)
    for line, field in SUMMED_UNITS.items():
        values[line] = sum(getattr(row, field) or 0 for row in rows)
    for line in DEDUCTED_UNITS:
        values[line] = -values[line]  # type: ignore[operator]

    bank_settlement = values["bank_settlement"]
    values["expected_bank_settlement"] = bank_settlement
    # The summary's pending line is projected minus paid. NOTE: the rows' own "Amount Pending"
    # column does not add up to it (₹4,311.05 against ₹4,310.44 in the May 2025 report).
    values["pending"] = bank_settlement - values["already_paid"]  # type: ignore[operator]

    accounted = values["accounted_net_sales"]
    if accounted:
        ratio = values["earnings"] / accounted * 100  # type: ignore[operator]
        values["net_margin_percent"] = ratio.quantize(PAISA, rounding=ROUND_HALF_UP)

    return PnlSummary(**values)  # type: ignore[arg-type]


def summary_lines(summary: PnlSummary) -> dict[str, Decimal | int | None]:
    """Return the summary as a dict of line name to value, in the sheet's order."""
    return {field.name: getattr(summary, field.name) for field in fields(summary)}
