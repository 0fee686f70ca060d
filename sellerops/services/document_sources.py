"""Turn Flipkart's shipment, shipping details and invoice JSON into documents to render.

Prices come from the shipment's `priceComponents`: `sellingPrice` is the line's price for all
units and includes GST, `shippingCharge` is charged to the buyer for the line. GST rates come
from Flipkart's invoice JSON (`taxRate` per order item), else from the SKU master.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ingestion.client import Shipment, ShipmentDetails
from ingestion.client.records.details import Address
from ingestion.client.records.invoices import Invoice
from sellerops.documents.model import InvoiceDocument, LineInput, PackingSlip, Party
from sellerops.documents.tax import compute_lines, gst_state, totals
from sellerops.documents.words import amount_in_words
from sellerops.errors import InvalidInputError

ZERO = Decimal("0")


@dataclass(frozen=True)
class SellerIdentity:
    """The GST identity of the seller account that ships the goods."""

    gstin: str
    state_code: str
    state: str


@dataclass(frozen=True)
class SkuTax:
    """HSN and GST rate of a SKU from the SKU master, used when Flipkart sends none."""

    hsn: str | None
    gst_rate: Decimal | None


@dataclass(frozen=True)
class InvoiceHeader:
    """Kind, number and date of a document, and for a credit note the invoice it reverses."""

    kind: str
    number: str
    issued_on: date
    original_invoice_number: str | None = None
    original_invoice_date: date | None = None


def line_inputs(
    shipment: Shipment, invoice: Invoice | None, sku_master: dict[str, SkuTax]
) -> tuple[LineInput, ...]:
    """Build one line per order item with its price, shipping, HSN and GST rate."""
    rates = {}
    if invoice is not None:
        rates = {item.order_item_id: item.tax_rate for item in invoice.order_items}

    lines = []
    for item in shipment.order_items:
        master = sku_master.get(item.sku or "", SkuTax(None, None))
        rate = rates.get(item.order_item_id)
        if rate is None:
            rate = master.gst_rate
        hsn = item.hsn or master.hsn
        where = f"Order item {item.order_item_id!r} of shipment {shipment.shipment_id!r}"
        if rate is None:
            raise InvalidInputError(
                f"{where} has no GST rate in Flipkart's invoice nor in the SKU master; set the "
                f"GST rate of SKU {item.sku!r} and issue again."
            )
        if not hsn:
            raise InvalidInputError(
                f"{where} has no HSN code from Flipkart nor in the SKU master; set the HSN "
                f"of SKU {item.sku!r} and issue again."
            )
        prices = item.price_components
        if prices is None or prices.selling_price is None or item.quantity < 1:
            raise InvalidInputError(
                f"{where} has no selling price or quantity; sync the shipment again."
            )

        # NOTE: Flipkart pays the seller its own discounts (`flipkartDiscount`), so they do
        # not lower the seller's price. Sellers' own discounts are already in `sellingPrice`.
        lines.append(
            LineInput(
                order_item_id=item.order_item_id,
                sku=item.sku or "",
                fsn=item.fsn,
                title=item.title or item.sku or "",
                hsn=hsn,
                quantity=item.quantity,
                unit_price=prices.selling_price / item.quantity,
                discount=ZERO,
                shipping=prices.shipping_charge or ZERO,
                gst_rate=rate,
            )
        )
    return tuple(lines)


def invoice_document(
    header: InvoiceHeader,
    seller: SellerIdentity,
    shipment: Shipment,
    details: ShipmentDetails,
    lines: tuple[LineInput, ...],
) -> InvoiceDocument:
    """Compute the tax of every line and assemble the invoice or credit note."""
    ship_to = _party(details.delivery_address, "delivery address", shipment.shipment_id)
    billing = details.billing_address or details.delivery_address
    buyer = _party(billing, "billing address", shipment.shipment_id)
    if details.buyer_details is not None and details.buyer_details.first_name:
        buyer = Party(**{**buyer.__dict__, "name": _name(details.buyer_details)})

    tax_lines = compute_lines(lines, seller.state_code, ship_to.state_code)
    summed = totals(tax_lines)
    return InvoiceDocument(
        kind=header.kind,
        number=header.number,
        issued_on=header.issued_on,
        seller=_seller_party(seller, details),
        buyer=buyer,
        ship_to=ship_to,
        place_of_supply=gst_state(ship_to.state_code).label,
        reverse_charge=False,
        order_id=details.order_id or _order_id(shipment),
        shipment_id=shipment.shipment_id,
        lines=tax_lines,
        taxable_total=summed.taxable_total,
        cgst_total=summed.cgst_total,
        sgst_total=summed.sgst_total,
        utgst_total=summed.utgst_total,
        igst_total=summed.igst_total,
        round_off=summed.round_off,
        grand_total=summed.grand_total,
        amount_in_words=amount_in_words(summed.grand_total),
        original_invoice_number=header.original_invoice_number,
        original_invoice_date=header.original_invoice_date,
    )


def packing_slip(shipment: Shipment) -> PackingSlip:
    """Assemble the packing slip of a shipment: ids, SKUs, quantities, no prices."""
    if shipment.dispatch_by_date is None:
        raise InvalidInputError(
            f"Shipment {shipment.shipment_id!r} has no dispatch-by date; sync it again."
        )
    items = tuple(
        (item.sku or "", item.fsn, item.title or item.sku or "", item.quantity)
        for item in shipment.order_items
    )
    return PackingSlip(
        order_id=_order_id(shipment),
        shipment_id=shipment.shipment_id,
        order_item_ids=tuple(item.order_item_id for item in shipment.order_items),
        items=items,
        dispatch_by=shipment.dispatch_by_date,
        packaging_policy=shipment.packaging_policy or "DEFAULT",
        location_id=shipment.location_id or "",
    )


def _seller_party(seller: SellerIdentity, details: ShipmentDetails) -> Party:
    address = details.seller_address
    if address is None:
        raise InvalidInputError(
            f"Shipment {details.shipment_id!r} has no seller address in its shipping details; "
            f"set the pickup address in Seller Hub and sync again."
        )
    lines = tuple(
        line for line in (address.address_line1, address.address_line2, address.landmark) if line
    )
    return Party(
        name=address.seller_name or "",
        address_lines=lines,
        city=address.city or "",
        state=seller.state,
        state_code=seller.state_code,
        pincode=address.pin_code or "",
        gstin=seller.gstin,
    )


def _party(address: Address | None, label: str, shipment_id: str) -> Party:
    if address is None or not address.state_code:
        raise InvalidInputError(
            f"Shipment {shipment_id!r} has no {label} with a state code; fetch its shipping "
            f"details again once Flipkart has them."
        )
    lines = tuple(
        line for line in (address.address_line1, address.address_line2, address.landmark) if line
    )
    state = gst_state(address.state_code)
    return Party(
        name=_name(address),
        address_lines=lines,
        city=address.city or "",
        state=address.state or state.name,
        state_code=state.code,
        pincode=address.pin_code or "",
    )


def _name(source: object) -> str:
    parts = [getattr(source, "first_name", None) or "", getattr(source, "last_name", None) or ""]
    return " ".join(part for part in parts if part)


def _order_id(shipment: Shipment) -> str:
    for item in shipment.order_items:
        if item.order_id:
            return item.order_id
    return ""
