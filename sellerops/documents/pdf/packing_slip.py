"""Packing slip layout: ids as Code128 barcodes, the items to pack, and no prices."""

from __future__ import annotations

from sellerops.documents.model import PackingSlip
from sellerops.documents.pdf import formatting as fmt
from sellerops.documents.pdf.barcode import draw_code128
from sellerops.documents.pdf.frame import GREY, POINT_MM, WHITE, Frame


def draw_packing_slip(frame: Frame, slip: PackingSlip) -> None:
    """Lay out one packing slip from a new page on."""
    canvas = frame.canvas
    frame.on_new_page = None
    frame.start_page()

    frame.y += frame.size * 1.8 * POINT_MM + 1.0
    canvas.text(
        frame.left, frame.y, "PACKING SLIP", frame.size * 1.8, bold=True, colour=frame.accent
    )
    canvas.fitted(
        frame.right,
        frame.y,
        frame.branding.business_name,
        frame.size,
        frame.page.content_width / 2,
        align="R",
    )
    frame.y += frame.line * 0.6

    # The barcodes are stacked across the whole width: a 36-character shipment id needs about
    # 450 modules, which half an A4 page cannot hold at a scannable bar width.
    bar_height = 12.0 if frame.page.columns > 1 else 10.0
    bar_width = frame.page.content_width
    codes = [("Shipment ID", slip.shipment_id), ("Order ID", slip.order_id)]
    top = frame.y
    for index, (label, value) in enumerate(codes):
        x = frame.left
        y = top + index * (bar_height + frame.line * 2.6)
        canvas.text(x, y + frame.line, label, frame.size * 0.9, bold=True, colour=frame.accent)
        draw_code128(canvas.pdf, value, x, y + frame.line * 1.4, bar_height, bar_width)
        canvas.text(x + 2.5, y + frame.line * 2.2 + bar_height, value, frame.size)
        frame.y = max(frame.y, y + frame.line * 2.6 + bar_height)

    frame.y += frame.line * 0.3
    frame.write(f"Dispatch by: {fmt.local_time(slip.dispatch_by)}", bold=True)
    frame.write(f"Packaging: {slip.packaging_policy}")
    frame.write(f"Location: {slip.location_id}")
    frame.write(f"Order item IDs: {', '.join(slip.order_item_ids)}")
    frame.y += frame.line * 0.5

    _items(frame, slip)
    units = sum(quantity for *_, quantity in slip.items)
    frame.need(frame.line * 2)
    frame.write(f"{len(slip.items)} lines, {units} units", bold=True)


def _items(frame: Frame, slip: PackingSlip) -> None:
    canvas = frame.canvas
    width = frame.page.content_width
    columns = [("SKU", 0.0), ("FSN", 0.24), ("Title", 0.46), ("Qty", 1.0)]

    def header() -> None:
        height = frame.line * 1.3
        canvas.box(frame.left, frame.y, width, height, frame.accent)
        for title, share in columns:
            align = "R" if title == "Qty" else "L"
            x = frame.left + share * width + (-1 if align == "R" else 1)
            canvas.text(
                x,
                frame.y + height * 0.7,
                title,
                frame.size * 0.9,
                bold=True,
                colour=WHITE,
                align=align,
            )
        frame.y += height

    frame.on_new_page = header
    header()
    for sku, fsn, title, quantity in slip.items:
        frame.need(frame.line * 1.5)
        frame.y += frame.line
        canvas.fitted(frame.left + 1, frame.y, sku, frame.size, width * 0.23)
        canvas.fitted(
            frame.left + 0.24 * width + 1,
            frame.y,
            fsn or "-",
            frame.size,
            width * 0.21,
            colour=GREY if not fsn else (0, 0, 0),
        )
        canvas.fitted(frame.left + 0.46 * width + 1, frame.y, title, frame.size, width * 0.44)
        canvas.text(frame.right - 1, frame.y, str(quantity), frame.size, bold=True, align="R")
        frame.y += frame.line * 0.4
        canvas.rule(frame.left, frame.y, frame.right, frame.y, (200, 200, 200), 0.1)
    frame.on_new_page = None
