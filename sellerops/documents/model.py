"""Plain records that the tax arithmetic fills in and the PDF layouts render."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Party:
    """A seller, a buyer or a delivery address as printed on a document."""

    name: str
    address_lines: tuple[str, ...]
    city: str
    state: str
    state_code: str
    pincode: str
    gstin: str | None = None


@dataclass(frozen=True)
class LineInput:
    """One order item as sold; every amount includes GST.

    `unit_price` is per unit, `discount` (>= 0) and `shipping` are for the whole line, and
    `gst_rate` is in percent, e.g. Decimal("5").
    """

    order_item_id: str
    sku: str
    fsn: str | None
    title: str
    hsn: str
    quantity: int
    unit_price: Decimal
    discount: Decimal
    shipping: Decimal
    gst_rate: Decimal


@dataclass(frozen=True)
class TaxLine:
    """One invoice line after tax: shipping is taxed at the item's rate inside `taxable_value`."""

    line: LineInput
    gross: Decimal
    taxable_value: Decimal
    cgst_rate: Decimal
    cgst: Decimal
    sgst_rate: Decimal
    sgst: Decimal
    utgst_rate: Decimal
    utgst: Decimal
    igst_rate: Decimal
    igst: Decimal
    total: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    """A tax invoice or a credit note with every field that CGST rule 46 requires.

    `kind` is "tax_invoice" or "credit_note", `place_of_supply` reads like "Karnataka (29)",
    `grand_total` is in whole rupees and credit notes carry the original invoice's number and date.
    """

    kind: str
    number: str
    issued_on: date
    seller: Party
    buyer: Party
    ship_to: Party
    place_of_supply: str
    reverse_charge: bool
    order_id: str
    shipment_id: str
    lines: tuple[TaxLine, ...]
    taxable_total: Decimal
    cgst_total: Decimal
    sgst_total: Decimal
    utgst_total: Decimal
    igst_total: Decimal
    round_off: Decimal
    grand_total: Decimal
    amount_in_words: str
    original_invoice_number: str | None = None
    original_invoice_date: date | None = None


@dataclass(frozen=True)
class PackingSlip:
    """The packer's view of one shipment, without prices; items are (sku, fsn, title, quantity)."""

    order_id: str
    shipment_id: str
    order_item_ids: tuple[str, ...]
    items: tuple[tuple[str, str | None, str, int], ...]
    dispatch_by: datetime
    packaging_policy: str
    location_id: str


@dataclass(frozen=True)
class Branding:
    """A tenant's letterhead: name, address block, footer, accent colour, logo and signature."""

    business_name: str
    address_lines: tuple[str, ...]
    footer: str
    accent_rgb: tuple[int, int, int] = (33, 37, 41)
    logo_png: bytes | None = None
    signature_png: bytes | None = None
