"""Reader for the "Orders" sheet of Seller Hub's settled transactions (settlement) report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ingestion.reports.reader import ColumnSpec, ReportSpec, read_report
from ingestion.reports.result import ReadResult

REPORT_NAME = "Settlement report"


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """One settled order item transaction. Amounts are in rupees as reported (up to 3 places)."""

    neft_id: str | None
    neft_type: str | None
    payment_date: date | None
    bank_settlement_value: Decimal | None
    input_gst_tcs_credits: Decimal | None
    income_tax_credits: Decimal | None
    order_id: str | None
    order_item_id: str
    sale_amount: Decimal | None
    total_offer_amount: Decimal | None
    my_share: Decimal | None
    customer_addons_amount: Decimal | None
    marketplace_fee: Decimal | None
    taxes: Decimal | None
    offer_adjustments: Decimal | None
    protection_fund: Decimal | None
    refund: Decimal | None
    tier: str | None
    commission_rate: Decimal | None
    commission: Decimal | None
    fixed_fee: Decimal | None
    collection_fee: Decimal | None
    pick_and_pack_fee: Decimal | None
    shipping_fee: Decimal | None
    reverse_shipping_fee: Decimal | None
    no_cost_emi_fee_reimbursement: Decimal | None
    installation_fee: Decimal | None
    tech_visit_fee: Decimal | None
    uninstallation_packaging_fee: Decimal | None
    customer_addons_recovery: Decimal | None
    franchise_fee: Decimal | None
    shopsy_marketing_fee: Decimal | None
    product_cancellation_fee: Decimal | None
    tcs: Decimal | None
    tds: Decimal | None
    gst_on_marketplace_fees: Decimal | None
    offer_settled_as_fee_discount: Decimal | None
    item_gst_rate: Decimal | None
    fee_discount: Decimal | None
    gst_on_fee_discount: Decimal | None
    total_fee_discount: Decimal | None
    offer_adjustment: Decimal | None
    dead_weight_kg: Decimal | None
    dimensions_cm: str | None
    volumetric_weight_kg: Decimal | None
    chargeable_weight_source: str | None
    chargeable_weight_type: str | None
    chargeable_weight_slab: str | None
    shipping_zone: str | None
    order_date: date | None
    dispatch_date: date | None
    fulfilment_type: str | None
    seller_sku: str | None
    quantity: int | None
    product_sub_category: str | None
    additional_information: str | None
    return_type: str | None
    shopsy_order: str | None
    item_return_status: str | None
    invoice_id: str | None
    invoice_date: date | None
    buyer_sale_amount: Decimal | None
    buyer_offer_amount: Decimal | None
    buyer_offer_free_shipping: Decimal | None
    buyer_offer_non_free_shipping: Decimal | None
    buyer_my_share: Decimal | None
    buyer_my_share_free_shipping: Decimal | None
    buyer_my_share_non_free_shipping: Decimal | None


def _money(field: str, *aliases: str) -> ColumnSpec:
    return ColumnSpec(field, aliases, kind="decimal")


COLUMNS = (
    ColumnSpec("neft_id", ("NEFT ID", "NEFT Reference", "UTR"), kind="id", required=True),
    ColumnSpec("neft_type", ("Neft Type", "Payment Type")),
    ColumnSpec("payment_date", ("Payment Date", "Settlement Date"), kind="date"),
    ColumnSpec(
        "bank_settlement_value",
        ("Bank Settlement Value", "Settlement Value"),
        kind="decimal",
        required=True,
    ),
    _money("input_gst_tcs_credits", "Input GST + TCS Credits"),
    _money("income_tax_credits", "Income Tax Credits"),
    ColumnSpec("order_id", ("Order ID",), kind="id"),
    ColumnSpec("order_item_id", ("Order item ID", "Order Item Id"), "id", True, True),
    _money("sale_amount", "Transaction Summary / Sale Amount", "Sale Amount"),
    _money("total_offer_amount", "Transaction Summary / Total Offer Amount", "Total Offer Amount"),
    _money("my_share", "Transaction Summary / My share", "My share"),
    _money("customer_addons_amount", "Customer Add-ons Amount"),
    _money("marketplace_fee", "Marketplace Fee"),
    _money("taxes", "Transaction Summary / Taxes", "Taxes"),
    _money("offer_adjustments", "Transaction Summary / Offer Adjustments", "Offer Adjustments"),
    _money("protection_fund", "Protection Fund"),
    _money("refund", "Refund"),
    ColumnSpec("tier", ("Tier",)),
    _money("commission_rate", "Commission Rate (%)", "Commission Rate"),
    _money("commission", "Commission"),
    _money("fixed_fee", "Fixed Fee"),
    _money("collection_fee", "Collection Fee"),
    _money("pick_and_pack_fee", "Pick And Pack Fee"),
    _money("shipping_fee", "Shipping Fee", "Forward Shipping Fee"),
    _money("reverse_shipping_fee", "Reverse Shipping Fee"),
    _money("no_cost_emi_fee_reimbursement", "No Cost Emi Fee Reimbursement"),
    _money("installation_fee", "Installation Fee"),
    _money("tech_visit_fee", "Tech Visit Fee"),
    _money("uninstallation_packaging_fee", "Uninstallation & Packaging Fee"),
    _money("customer_addons_recovery", "Customer Add-ons Amount Recovery"),
    _money("franchise_fee", "Franchise Fee"),
    _money("shopsy_marketing_fee", "Shopsy Marketing Fee"),
    _money("product_cancellation_fee", "Product Cancellation Fee"),
    _money("tcs", "TCS"),
    _money("tds", "TDS"),
    _money("gst_on_marketplace_fees", "GST on MP Fees"),
    _money("offer_settled_as_fee_discount", "Offer amount settled as Discount in MP Fee"),
    _money("item_gst_rate", "Item GST Rate (%)", "Item GST Rate"),
    _money("fee_discount", "Discount in MP fees"),
    _money("gst_on_fee_discount", "GST on Discount"),
    _money("total_fee_discount", "Total Discount in MP Fee"),
    _money("offer_adjustment", "Offer Adjustment"),
    _money("dead_weight_kg", "Dead Weight (kgs)", "Dead Weight"),
    ColumnSpec("dimensions_cm", ("Length*Breadth*Height",)),
    _money("volumetric_weight_kg", "Volumetric Weight (kgs)", "Volumetric Weight"),
    ColumnSpec("chargeable_weight_source", ("Chargeable Weight Source",)),
    ColumnSpec("chargeable_weight_type", ("Chargeable Weight Type",)),
    ColumnSpec("chargeable_weight_slab", ("Chargeable Wt. Slab (In Kgs)", "Chargeable Wt. Slab")),
    ColumnSpec("shipping_zone", ("Shipping Zone",)),
    ColumnSpec("order_date", ("Order Date",), kind="date"),
    ColumnSpec("dispatch_date", ("Dispatch Date",), kind="date"),
    ColumnSpec("fulfilment_type", ("Fulfilment Type", "Fulfillment Type")),
    ColumnSpec("seller_sku", ("Seller SKU", "SKU"), kind="id"),
    ColumnSpec("quantity", ("Quantity",), kind="count"),
    ColumnSpec("product_sub_category", ("Product Sub Category",)),
    ColumnSpec("additional_information", ("Additional Information",)),
    ColumnSpec("return_type", ("Return Type",)),
    ColumnSpec("shopsy_order", ("Shopsy Order",)),
    ColumnSpec("item_return_status", ("Item Return Status",)),
    ColumnSpec("invoice_id", ("Invoice ID",), kind="id"),
    ColumnSpec("invoice_date", ("Invoice Date",), kind="date"),
    _money("buyer_sale_amount", "Sale Amount / Total"),
    _money("buyer_offer_amount", "Total Offer Amount / Total"),
    _money("buyer_offer_free_shipping", "Total Offer Amount / Free Shipping Offer"),
    _money("buyer_offer_non_free_shipping", "Total Offer Amount / Non-Free Shipping Offer"),
    _money("buyer_my_share", "My Share / Total"),
    _money("buyer_my_share_free_shipping", "My Share / Free Shipping Offer"),
    _money("buyer_my_share_non_free_shipping", "My Share / Non-Free Shipping Offer"),
)

SETTLEMENT_REPORT: ReportSpec[SettlementRow] = ReportSpec(
    name=REPORT_NAME,
    columns=COLUMNS,
    build=lambda values: SettlementRow(**values),
    sheet_names=("Orders",),
)


def read_settlement_report(path: Path) -> ReadResult[SettlementRow]:
    """Read the order transactions of a settlement report (XLSX "Orders" sheet, or its CSV)."""
    return read_report(path, SETTLEMENT_REPORT)
