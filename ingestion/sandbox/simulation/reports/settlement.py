"""The "Orders" sheet of a Seller Hub settled transactions (settlement) report, as rows of cells.

The layout follows Seller Hub's download: preamble rows, a group row, the header row (whose
names carry formula text and newlines), a sub-header row, then one row per settled order item.
Fees, GST on fees, TCS and TDS are printed as negative amounts, and the bank settlement value
is the sum of the transaction summary columns J to R, matching the formula in its header.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from ..fees import FeeInput, RateRule, find_rule
from .ledger import ItemLedger
from .payments import ist_date

Cell = str | Decimal | int | None

PREAMBLE = (
    ("Dear Seller,",),
    (
        "About this report",
        "It lists the settled transactions of your orders paid in the period in the file name.",
    ),
    ("Sheets in this report",),
    ("Orders", "Transactions of the orders received for your products."),
)

# (group, header, sub-header, value key); a column without a key is a blank spacer.
COLUMNS: tuple[tuple[str, str, str, str | None], ...] = (
    ("Payment Details", "NEFT ID", "", "neft_id"),
    ("", "Neft Type", "", "neft_type"),
    ("", " Payment Date", "", "payment_date"),
    ("", "Bank Settlement Value (Rs.) \n= SUM(J:R)", "", "bank_settlement"),
    ("", "Input GST + TCS Credits (Rs.)\n[GST+TCS]", "", "gst_tcs_credits"),
    ("", "Income Tax Credits (Rs.)\n[TDS]", "", "tds_credits"),
    ("", "", "", None),
    ("Transaction Summary", "Order ID", "", "order_id"),
    ("", "Order item ID", "", "order_item_id"),
    ("", "Sale Amount (Rs.)", "", "sale_amount"),
    ("", "Total Offer Amount (Rs.)", "", "zero"),
    ("", "My share (Rs.)", "", "zero"),
    ("", "Customer Add-ons Amount (Rs.)", "", "zero"),
    ("", "Marketplace Fee (Rs.)\n= SUM (V:AI)", "", "marketplace_fee"),
    ("", "Taxes (Rs.)", "", "taxes"),
    ("", "Offer Adjustments (Rs.)", "", "zero"),
    ("", "Protection Fund (Rs.)", "", "zero"),
    ("", "Refund (Rs.)", "", "refund"),
    ("", "", "", None),
    ("Marketplace Fees", "Tier", "", "tier"),
    ("", "Commission Rate (%)", "", "commission_rate"),
    ("", "Commission (Rs.)", "", "commission"),
    ("", "Fixed Fee  (Rs.)", "", "fixed_fee"),
    ("", "Collection Fee (Rs.)", "", "collection_fee"),
    ("", "Pick And Pack Fee (Rs.)", "", "zero"),
    ("", "Shipping Fee (Rs.)", "", "forward_shipping"),
    ("", "Reverse Shipping Fee (Rs.)", "", "reverse_shipping"),
    ("", "No Cost Emi Fee Reimbursement(Rs.)", "", "zero"),
    ("", "Installation Fee (Rs.)", "", "zero"),
    ("", "Tech Visit Fee (Rs.)", "", "zero"),
    ("", "Uninstallation & Packaging Fee (Rs.)", "", "zero"),
    ("", "Customer Add-ons Amount Recovery (Rs.)", "", "zero"),
    ("", "Franchise Fee (Rs.)", "", "zero"),
    ("", "Shopsy Marketing Fee (Rs.)", "", "zero"),
    ("", "Product Cancellation Fee (Rs.)", "", "zero"),
    ("", "", "", None),
    ("Taxes", "TCS (Rs.)", "", "tcs"),
    ("", "TDS (Rs.)", "", "tds"),
    ("", "GST on MP Fees (Rs.)", "", "gst_on_fees"),
    ("", "", "", None),
    ("Offer Adjustments", "Offer amount settled as Discount in MP Fee (Rs.)", "", "zero"),
    ("", "Item GST Rate (%)", "", "gst_rate"),
    ("", "Discount in MP fees (Rs.) \n[AO/(1+AP/100)]", "", "zero"),
    ("", "GST on Discount (Rs.) \n[18%*AQ]", "", "zero"),
    ("", "Total Discount in MP Fee (Rs.) \n[AQ + AR]", "", "zero"),
    ("", "Offer Adjustment (Rs.) \n[AS+AO]", "", "zero"),
    ("", "", "", None),
    ("Shipping Details", "Dead Weight (kgs)", "", "dead_weight"),
    ("", "Length*Breadth*Height", "", "dimensions"),
    ("", "Volumetric Weight (kgs)", "", "volumetric_weight"),
    ("", "Chargeable Weight Source", "", "weight_source"),
    ("", "Chargeable Weight Type", "", "weight_type"),
    ("", "Chargeable Wt. Slab (In Kgs)", "", "weight_slab"),
    ("", "Shipping Zone", "", "zone"),
    ("", "", "", None),
    ("Order Details", "Order Date", "", "order_date"),
    ("", "Dispatch Date", "", "dispatch_date"),
    ("", "Fulfilment Type", "", "fulfilment_type"),
    ("", "Seller SKU", "", "sku"),
    ("", "Quantity", "", "quantity"),
    ("", "Product Sub Category", "", "sub_category"),
    ("", "Additional Information", "", "not_available"),
    ("", "Return Type", "", "return_type"),
    ("", "Shopsy Order", "", "shopsy_order"),
    ("", "Item Return Status", "", "return_status"),
    ("", "", "", None),
    ("Buyer Invoice Details", "Invoice ID", "", "invoice_id"),
    ("", "Invoice Date", "", "invoice_date"),
    ("", "", "", None),
    ("Buyer Sale Details", "Sale Amount", "Total (Rs.) \n", "buyer_sale_amount"),
    ("", "Total Offer Amount", "Total (Rs.) \n= SUM (BT:BU)", "buyer_offer_amount"),
    ("", "", "Free Shipping Offer (Rs.)", "not_available_text"),
    ("", "", "Non-Free Shipping Offer (Rs.)", "not_available_text"),
    ("", "My Share", "Total (Rs.) \n= SUM(BW:BX)", "zero"),
    ("", "", "Free Shipping Offer (Rs.)", "not_available_text"),
    ("", "", "Non-Free Shipping Offer (Rs.)", "not_available_text"),
)

RETURN_TYPES = {"rto": "Courier Return", "customer_return": "Customer Return"}
ZONE_NAMES = {"local": "Local", "zonal": "Zonal", "national": "National"}
GRAMS_PER_KG = Decimal(1000)
VOLUMETRIC_DIVISOR = Decimal(5000)


def header_rows() -> list[list[Cell]]:
    """Return the preamble, the group row, the header row and the sub-header row."""
    preamble: list[list[Cell]] = [list(line) for line in PREAMBLE]
    return [
        *preamble,
        [group or None for group, _, _, _ in COLUMNS],
        [header or None for _, header, _, _ in COLUMNS],
        [sub or None for _, _, sub, _ in COLUMNS],
    ]


def is_settled_in(ledger: ItemLedger, first: date, last: date) -> bool:
    """Return whether the item was paid, or its disbursement created, between two dates."""
    payment = ledger.payment
    if not payment.is_charged or payment.payment_date is None:
        return False
    return first <= payment.payment_date <= last


def settlement_row(ledger: ItemLedger, card: list[RateRule]) -> list[Cell]:
    """Return the cells of one settled order item, in column order."""
    values = settlement_values(ledger, card)
    return [values[key] if key is not None else None for _, _, _, key in COLUMNS]


def settlement_values(ledger: ItemLedger, card: list[RateRule]) -> dict[str, Cell]:
    """Return the settlement row's values by key; amounts are signed as Seller Hub prints them."""
    if not ledger.payment.is_charged:
        raise ValueError(
            f"order item {ledger.order_item_id} has no settled payment "
            f"(status {ledger.payment.status}); only settled items belong in the report"
        )

    shipment, item, fees = ledger.shipment, ledger.item, ledger.fees
    product = item.product
    taxes = -(ledger.tcs + ledger.tds + fees["gst_on_fees"])
    refund = -ledger.order_value if ledger.is_returned else Decimal("0.00")
    invoice_day = _date_text(shipment.invoice_date)

    values: dict[str, Cell] = {
        "neft_id": f"{ledger.payment.neft_id} ",  # Seller Hub pads the reference with a space
        "neft_type": ledger.payment.account_type.capitalize(),
        "payment_date": ledger.payment.payment_date.isoformat(),  # type: ignore[union-attr]
        "bank_settlement": ledger.bank_settlement,
        "gst_tcs_credits": fees["gst_on_fees"] + ledger.tcs,
        "tds_credits": ledger.tds,
        "order_id": shipment.order.order_id,
        "order_item_id": item.order_item_id,
        "sale_amount": ledger.order_value,
        "zero": 0,
        "marketplace_fee": -ledger.marketplace_fee,
        "taxes": taxes,
        "refund": refund,
        "tier": ledger.tier.lower(),
        "commission_rate": _commission_rate(ledger),
        "commission": -fees["commission"],
        "fixed_fee": -fees["fixed_fee"],
        "collection_fee": -fees["collection_fee"],
        "forward_shipping": -fees["forward_shipping"],
        "reverse_shipping": -fees["reverse_shipping"],
        "tcs": -ledger.tcs,
        "tds": -ledger.tds,
        "gst_on_fees": -fees["gst_on_fees"],
        "gst_rate": ledger.gst_rate,
        "order_date": ledger.order_date.isoformat(),
        "dispatch_date": _date_text(shipment.shipped_at or shipment.rtd_at),
        "fulfilment_type": "seller_easy_ship",
        "sku": product.sku,
        "quantity": item.quantity,
        "sub_category": product.kind.noun.lower().replace(" ", "_"),
        "not_available": "NA",
        "return_type": RETURN_TYPES.get(ledger.outcome, "NA"),
        "shopsy_order": "No",
        "return_status": "Return Completed" if ledger.is_returned else "NA",
        "invoice_id": shipment.invoice_number or "NA",
        "invoice_date": invoice_day,
        "buyer_sale_amount": Decimal(item.customer_price).quantize(Decimal("0.01")),
        "buyer_offer_amount": Decimal(item.flipkart_discount).quantize(Decimal("0.01")),
        "not_available_text": "Not Available",
    }
    values.update(_shipping_details(ledger, card))
    return values


def _shipping_details(ledger: ItemLedger, card: list[RateRule]) -> dict[str, Cell]:
    product = ledger.item.product
    length, breadth, height = (Decimal(side) for side in product.size_cm)
    dead_kg = Decimal(product.weight_g) / GRAMS_PER_KG
    volumetric_kg = length * breadth * height / VOLUMETRIC_DIVISOR

    return {
        "dead_weight": dead_kg.quantize(Decimal("0.001")),
        "dimensions": f"{length:.2f}*{breadth:.2f}*{height:.2f}",
        "volumetric_weight": volumetric_kg.quantize(Decimal("0.001")),
        "weight_source": "System measured weight",
        "weight_type": "Volumetric weight" if volumetric_kg > dead_kg else "Dead weight",
        "weight_slab": _charged_weight_slab(ledger, card),
        "zone": ZONE_NAMES.get(ledger.shipment.zone, "NA"),
    }


def _charged_weight_slab(ledger: ItemLedger, card: list[RateRule]) -> str:
    """Return the weight slab the forward shipping fee was charged at, such as `0.5-1.0`."""
    weight_g = ledger.fee_input.unit_weight_g
    overcharge = ledger.overcharge
    if overcharge is not None and overcharge.fee_type == "forward_shipping":
        rule = find_rule(card, "forward_shipping", ledger.fee_input)
        if rule is not None and rule.slab_max is not None:
            weight_g = rule.slab_max + 1

    charged_rule = find_rule(card, "forward_shipping", _with_weight(ledger, weight_g))
    if charged_rule is None:
        return "NA"
    low = charged_rule.slab_min / GRAMS_PER_KG
    if charged_rule.slab_max is None:
        return f">{low:.1f}"
    return f"{low:.1f}-{charged_rule.slab_max / GRAMS_PER_KG:.1f}"


def _with_weight(ledger: ItemLedger, weight_g: Decimal) -> FeeInput:
    return replace(ledger.fee_input, unit_weight_g=weight_g)


def _commission_rate(ledger: ItemLedger) -> Decimal | int:
    """Return the commission rate in percent that the charged commission corresponds to."""
    commission = ledger.fees["commission"]
    if commission == 0 or ledger.order_value == 0:
        return 0
    rate = commission * 100 / ledger.order_value
    return rate.quantize(Decimal("0.01"))


def _date_text(epoch: float | None) -> str:
    return "NA" if epoch is None else ist_date(epoch).isoformat()
