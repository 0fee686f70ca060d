"""Tax invoice and credit note layout with every field CGST rule 46 requires.

Rule 46 fields: supplier name, address and GSTIN; serial number and date; recipient name and
address with state name and code (GSTIN when registered); delivery address; HSN, description,
quantity; taxable value after discount; rate and amount of each tax head; place of supply;
whether reverse charge applies; signature. Totals end with an explicit round-off line.
"""

from __future__ import annotations

from dataclasses import dataclass

from sellerops.documents.model import InvoiceDocument, Party, TaxLine
from sellerops.documents.pdf import formatting as fmt
from sellerops.documents.pdf.frame import GREY, POINT_MM, WHITE, Frame

TITLES = {"tax_invoice": "TAX INVOICE", "credit_note": "CREDIT NOTE"}
NUMBER_LABELS = {"tax_invoice": "Invoice no.", "credit_note": "Credit note no."}
DATE_LABELS = {"tax_invoice": "Invoice date", "credit_note": "Credit note date"}


@dataclass(frozen=True)
class TaxHead:
    """One GST head and the attribute names of its rate, line amount and document total."""

    name: str
    rate: str
    amount: str
    total: str


CGST = TaxHead("CGST", "cgst_rate", "cgst", "cgst_total")
SGST = TaxHead("SGST", "sgst_rate", "sgst", "sgst_total")
UTGST = TaxHead("UTGST", "utgst_rate", "utgst", "utgst_total")
IGST = TaxHead("IGST", "igst_rate", "igst", "igst_total")


def tax_heads(doc: InvoiceDocument) -> list[TaxHead]:
    """Return the heads the document uses; all-zero-rated documents show the heads that apply."""
    used = [
        head
        for head in (CGST, SGST, UTGST, IGST)
        if getattr(doc, head.total) != 0 or any(getattr(line, head.rate) != 0 for line in doc.lines)
    ]
    if used:
        return used
    return [CGST, SGST] if doc.seller.state_code == doc.ship_to.state_code else [IGST]


def draw_invoice(frame: Frame, doc: InvoiceDocument) -> None:
    """Lay out one tax invoice or credit note from a new page on."""
    if doc.kind not in TITLES:
        raise ValueError(f"Document kind {doc.kind!r} is not one of {', '.join(TITLES)}.")
    if not doc.seller.gstin:
        raise ValueError(
            f"Seller {doc.seller.name!r} has no GSTIN; a tax invoice must show it. Set the "
            "GSTIN of the seller account first."
        )

    frame.on_new_page = None
    frame.start_page()
    _letterhead(frame, doc)
    _parties(frame, doc)
    _supply_terms(frame, doc)

    heads = tax_heads(doc)
    columns = _columns(frame, heads)
    frame.on_new_page = lambda: _table_header(frame, columns, continued=doc.number)
    _table_header(frame, columns)
    for index, line in enumerate(doc.lines, start=1):
        _line(frame, columns, heads, index, line)
    _totals(frame, doc, heads)
    frame.on_new_page = None
    _signature(frame, doc)


def _letterhead(frame: Frame, doc: InvoiceDocument) -> None:
    canvas, brand = frame.canvas, frame.branding
    top = frame.y + 1.0
    text_x = frame.left
    logo_height = 14.0 if frame.page.columns > 1 else 8.0
    if brand.logo_png:
        text_x += frame.image(brand.logo_png, frame.left, top, logo_height) + 3.0

    half = frame.page.content_width / 2 if frame.page.columns > 1 else frame.page.content_width
    y = top + frame.size * 1.6 * POINT_MM
    canvas.fitted(
        text_x,
        y,
        brand.business_name,
        frame.size * 1.6,
        half - (text_x - frame.left),
        bold=True,
        colour=frame.accent,
    )
    for address_line in brand.address_lines:
        y += frame.line
        canvas.fitted(text_x, y, address_line, frame.size, half - (text_x - frame.left))
    brand_bottom = max(y, top + (logo_height if brand.logo_png else 0))

    facts = [
        (NUMBER_LABELS[doc.kind], doc.number),
        (DATE_LABELS[doc.kind], fmt.day(doc.issued_on)),
        ("Order ID", doc.order_id),
        ("Shipment ID", doc.shipment_id),
    ]
    if frame.page.columns > 1:
        y = top + frame.size * 1.8 * POINT_MM
    else:
        y = brand_bottom + frame.line * 1.6
    canvas.text(
        frame.right,
        y,
        TITLES[doc.kind],
        frame.size * 1.8,
        bold=True,
        colour=frame.accent,
        align="R",
    )
    for label, value in facts:
        y += frame.line
        canvas.text(frame.right, y, f"{label}: {value}", frame.size, align="R")

    frame.y = max(brand_bottom, y) + frame.line * 0.6
    canvas.rule(frame.left, frame.y, frame.right, frame.y, frame.accent, 0.4)


def _party_lines(party: Party, *, with_state: bool) -> list[str]:
    lines = list(party.address_lines)
    lines.append(f"{party.city}, {party.state} {party.pincode}")
    if with_state:
        lines.append(f"State: {party.state}, code {party.state_code}")
    if party.gstin:
        lines.append(f"GSTIN: {party.gstin}")
    return lines


def _parties(frame: Frame, doc: InvoiceDocument) -> None:
    blocks = [
        ("Sold by", doc.seller, _party_lines(doc.seller, with_state=True)),
        ("Bill to", doc.buyer, _party_lines(doc.buyer, with_state=True)),
    ]
    if doc.ship_to == doc.buyer:
        blocks.append(("Ship to", doc.ship_to, ["Same as the billing address"]))
    else:
        blocks.append(("Ship to", doc.ship_to, _party_lines(doc.ship_to, with_state=True)))
    columns = frame.page.columns
    width = frame.page.content_width / columns
    canvas = frame.canvas

    row_top = frame.y
    bottom = row_top
    for index, (label, party, lines) in enumerate(blocks):
        column = index % columns
        if column == 0 and index > 0:
            row_top = bottom
        x = frame.left + column * width
        y = row_top + frame.line
        canvas.text(x, y, label, frame.size * 0.9, bold=True, colour=frame.accent)
        y += frame.line
        canvas.fitted(x, y, party.name, frame.size, width - 2, bold=True)
        for text in lines:
            y += frame.line
            canvas.fitted(x, y, text, frame.size, width - 2)
        bottom = max(bottom, y)
    frame.y = bottom + frame.line * 0.5


def _supply_terms(frame: Frame, doc: InvoiceDocument) -> None:
    frame.write(f"Place of supply: {doc.place_of_supply}")
    frame.write(f"Reverse charge: {'Yes' if doc.reverse_charge else 'No'}")
    if doc.kind == "credit_note":
        if not doc.original_invoice_number or not doc.original_invoice_date:
            raise ValueError(
                f"Credit note {doc.number!r} has no original invoice number or date; both must "
                "be printed. Issue it against an invoiced shipment."
            )
        frame.write(
            f"Against invoice {doc.original_invoice_number} dated "
            f"{fmt.day(doc.original_invoice_date)}",
            bold=True,
        )
    frame.y += frame.line * 0.4


@dataclass(frozen=True)
class Column:
    header: str
    x: float
    width: float


def _columns(frame: Frame, heads: list[TaxHead]) -> list[Column]:
    spec: list[tuple[str, float]] = [
        ("Qty", 0.6),
        ("Value ₹", 1.3),
        ("Discount ₹", 1.1),
        ("Shipping ₹", 1.1),
        ("Taxable value ₹", 1.4),
    ]
    for head in heads:
        spec += [(f"{head.name} rate", 0.9), (f"{head.name} ₹", 1.2)]
    spec.append(("Total ₹", 1.4))

    unit = frame.page.content_width / sum(weight for _, weight in spec)
    columns, x = [], frame.left
    for header, weight in spec:
        columns.append(Column(header, x, weight * unit))
        x += weight * unit
    return columns


def _table_header(frame: Frame, columns: list[Column], continued: str | None = None) -> None:
    canvas = frame.canvas
    if continued:
        frame.write(f"{continued} (continued)", colour=GREY)
    height = frame.line * 1.3
    canvas.box(frame.left, frame.y, frame.page.content_width, height, frame.accent)
    baseline = frame.y + height * 0.7
    for column in columns:
        canvas.fitted(
            column.x + column.width - 1,
            baseline,
            column.header,
            frame.size * 0.85,
            column.width - 1.5,
            bold=True,
            colour=WHITE,
            align="R",
        )
    frame.y += height


def _line(
    frame: Frame, columns: list[Column], heads: list[TaxHead], index: int, tax_line: TaxLine
) -> None:
    canvas, item = frame.canvas, tax_line.line
    title_lines = canvas.wrap(f"{index}. {item.title}", frame.size, frame.page.content_width)[:2]
    frame.need(frame.line * (len(title_lines) + 2.4))

    for text in title_lines:
        frame.y += frame.line
        canvas.text(frame.left, frame.y, text, frame.size, bold=True)
    details = [f"HSN {item.hsn}", f"SKU {item.sku}"]
    if item.fsn:
        details.append(f"FSN {item.fsn}")
    details.append(f"Order item {item.order_item_id}")
    details.append(f"Unit price {fmt.rupees(item.unit_price)} incl. GST")
    frame.y += frame.line
    canvas.fitted(
        frame.left,
        frame.y,
        " · ".join(details),
        frame.size * 0.85,
        frame.page.content_width,
        colour=GREY,
    )

    # Value less discount plus shipping is the line's gross; shipping is taxed at the item's rate.
    values = [
        str(item.quantity),
        fmt.amount(item.unit_price * item.quantity),
        fmt.amount(item.discount),
        fmt.amount(item.shipping),
        fmt.amount(tax_line.taxable_value),
    ]
    for head in heads:
        values += [
            fmt.rate(getattr(tax_line, head.rate)),
            fmt.amount(getattr(tax_line, head.amount)),
        ]
    values.append(fmt.amount(tax_line.total))
    frame.y += frame.line
    for column, value in zip(columns, values, strict=True):
        canvas.fitted(
            column.x + column.width - 1, frame.y, value, frame.size, column.width - 1.5, align="R"
        )
    frame.y += frame.line * 0.4
    canvas.rule(frame.left, frame.y, frame.right, frame.y, (200, 200, 200), 0.1)


def _totals(frame: Frame, doc: InvoiceDocument, heads: list[TaxHead]) -> None:
    canvas = frame.canvas
    credit = doc.kind == "credit_note"
    rows: list[tuple[str, str]] = [
        ("Taxable value credited" if credit else "Taxable value", fmt.rupees(doc.taxable_total)),
    ]
    for head in heads:
        verb = " reversed" if credit else ""
        rows.append((f"{head.name}{verb}", fmt.rupees(getattr(doc, head.total))))
    rows.append(("Round off", fmt.signed_rupees(doc.round_off)))
    words = canvas.wrap(
        f"Amount in words: {doc.amount_in_words}", frame.size, frame.page.content_width
    )
    frame.need(frame.line * (len(rows) + len(words) + 3))

    label_x = frame.right - min(70.0, frame.page.content_width * 0.6)
    for label, value in rows:
        frame.y += frame.line
        canvas.text(label_x, frame.y, label, frame.size)
        canvas.text(frame.right, frame.y, value, frame.size, align="R")
    frame.y += frame.line * 0.5
    canvas.rule(label_x, frame.y, frame.right, frame.y, frame.accent, 0.3)
    frame.y += frame.line * 1.2
    total_label = "Total credited" if credit else "Grand total"
    canvas.text(label_x, frame.y, total_label, frame.size * 1.2, bold=True)
    canvas.text(
        frame.right, frame.y, fmt.rupees(doc.grand_total), frame.size * 1.2, bold=True, align="R"
    )

    frame.y += frame.line * 0.5
    for text in words:
        frame.y += frame.line
        canvas.text(frame.left, frame.y, text, frame.size)


def _signature(frame: Frame, doc: InvoiceDocument) -> None:
    canvas = frame.canvas
    image_height = 12.0 if frame.page.columns > 1 else 7.0
    frame.need(frame.line * 3 + image_height)
    width = min(70.0, frame.page.content_width * 0.6)
    x = frame.right - width

    frame.y += frame.line
    canvas.fitted(x, frame.y, f"For {doc.seller.name}", frame.size, width, bold=True)
    if frame.branding.signature_png:
        frame.image(frame.branding.signature_png, x, frame.y + 1.0, image_height)
    frame.y += image_height + frame.line
    canvas.text(x, frame.y, "Authorised signatory", frame.size)
