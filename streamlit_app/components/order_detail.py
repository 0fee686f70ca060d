"""One order's detail: items, GST split, lifecycle, fees and profit, and the buyer if allowed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import streamlit as st

from sellerops.security.permissions import Action
from sellerops.services.buyers import get_buyer_contacts
from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.components.formatting import format_inr, format_ist
from streamlit_app.context import PageContext
from streamlit_app.queries import orders as queries
from streamlit_app.queries.source import warehouse_for

LIFECYCLE_TIMES = (
    ("created_at", "Created"),
    ("packed_at", "Packed"),
    ("ready_to_dispatch_at", "Ready to dispatch"),
    ("shipped_at", "Shipped"),
    ("delivered_at", "Delivered"),
    ("cancelled_at", "Cancelled"),
    ("returned_at", "Returned"),
)
PRICE_LINES = (
    ("unit_price", "Unit price"),
    ("selling_price", "Selling price"),
    ("shipping_charge", "Shipping charged to buyer"),
    ("flipkart_discount", "Flipkart discount"),
    ("order_item_value", "Order item value"),
)
GST_LINES = (
    ("taxable_value", "Taxable value"),
    ("cgst_amount", "CGST"),
    ("sgst_amount", "SGST"),
    ("igst_amount", "IGST"),
)
FEE_LINES = (
    ("commission", "Commission"),
    ("fixed_fee", "Fixed fee"),
    ("collection_fee", "Collection fee"),
    ("forward_shipping", "Forward shipping"),
    ("reverse_shipping", "Reverse shipping"),
    ("gst_on_fees", "GST on fees"),
    ("tcs", "TCS withheld"),
    ("tds", "TDS withheld"),
    ("cost_of_goods", "Cost of goods"),
    ("net_profit", "Net profit"),
    ("bank_settlement_estimate", "Expected bank settlement"),
)
BUYER_LINES = (
    ("buyer_name", "Name"),
    ("phone", "Phone"),
    ("address_line1", "Address"),
    ("address_line2", ""),
    ("landmark", "Landmark"),
    ("city", "City"),
    ("state", "State"),
    ("pincode", "Pincode"),
)


def render_order_detail(ctx: PageContext, warehouse: PublishedWarehouse, order_id: str) -> None:
    """Draw the detail of `order_id`. Fees need PROFIT_VIEW and the buyer needs BUYER_VIEW."""
    items = queries.order_detail(warehouse, ctx.account_id, order_id)
    if items.is_empty():
        st.info(f"No order {order_id!r} in this selection; check the id or switch to all accounts.")
        return

    fees = {}
    if ctx.can(Action.PROFIT_VIEW):
        profit_warehouse = warehouse_for(ctx, Action.PROFIT_VIEW)
        frame = queries.order_fees(profit_warehouse, ctx.account_id, order_id)
        fees = {row["order_item_id"]: row for row in frame.to_dicts()}

    for item in items.to_dicts():
        with st.container(border=True):
            st.markdown(f"**{item['title']}** · SKU `{item['sku']}` · quantity {item['quantity']}")
            st.caption(
                f"Order item {item['order_item_id']} · shipment {item['shipment_id']} · "
                f"{item['payment_type']} · to {item['delivery_city']}, {item['delivery_state']} "
                f"{item['delivery_pincode']} · stage {item['current_stage']}"
            )
            prices, taxes, money = st.columns(3)
            with prices:
                st.markdown("**Price**")
                _lines(item, PRICE_LINES)
            with taxes:
                rate = item["gst_rate"]
                st.markdown(f"**GST at {rate}%**" if rate is not None else "**GST**")
                _lines(item, GST_LINES)
                st.caption(f"HSN {item['hsn']} · invoice {item['invoice_number'] or 'not issued'}")
            with money:
                st.markdown("**Fees and profit**")
                if item["order_item_id"] in fees:
                    _lines(fees[item["order_item_id"]], FEE_LINES)
                else:
                    st.caption("Fees and profit are hidden for your role.")
            st.markdown("**Lifecycle**")
            st.markdown(_timeline(item))

    _render_buyer(ctx, order_id)


def _lines(row: dict[str, Any], lines: tuple[tuple[str, str], ...]) -> None:
    text = "\n".join(f"- {label}: {format_inr(row.get(column))}" for column, label in lines)
    st.markdown(text)


def _timeline(item: dict[str, Any]) -> str:
    steps = [
        f"{label} {format_ist(item[column])}"
        for column, label in LIFECYCLE_TIMES
        if isinstance(item.get(column), datetime)
    ]
    return " → ".join(steps) if steps else "No lifecycle times recorded yet."


def _render_buyer(ctx: PageContext, order_id: str) -> None:
    st.markdown("**Buyer**")
    if not ctx.can(Action.BUYER_VIEW):
        st.caption("Buyer details are hidden for your role.")
        return
    contacts = get_buyer_contacts(ctx.actor, order_id)
    if not contacts:
        st.caption(
            "No buyer details stored for this order; they are stored when its label or "
            "invoice is generated."
        )
        return
    for contact in contacts:
        if contact.get("erased_at"):
            st.caption("The buyer's personal data was erased on request.")
            continue
        text = "\n".join(
            f"- {label}: {contact[column]}" if label else f"- {contact[column]}"
            for column, label in BUYER_LINES
            if contact.get(column)
        )
        st.markdown(text)
