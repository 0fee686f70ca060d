"""Inventory: stock by SKU and location, low stock, and receiving, adjusting and uploading stock.

Every read and change goes through `sellerops.services.stock` and `stock_csv`, which check the
permission and keep the stock ledger.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from sellerops.errors import SellerOpsError
from sellerops.security.permissions import Action
from sellerops.services.stock import (
    StockChange,
    StockLevel,
    adjust_stock,
    receive_stock,
    stock_levels,
)
from sellerops.services.stock_csv import import_stock_csv
from streamlit_app.components.formatting import format_count, plain
from streamlit_app.components.metrics import Card, metric_row
from streamlit_app.components.states import empty_state, page_header
from streamlit_app.components.tables import data_table
from streamlit_app.context import PageContext

STOCK_CSV_HELP = (
    "A CSV with the columns sku, location_id and quantity: the counted stock on hand of each "
    "SKU at each location."
)


def render(ctx: PageContext) -> None:
    """Draw the Inventory page."""
    page_header("Inventory", "Stock on hand, reserved and available per SKU and location", ctx)
    levels = stock_levels(ctx.actor)
    frame = stock_frame(levels)

    low = frame.filter(pl.col("low_stock"))
    metric_row(
        [
            Card("SKUs in stock", format_count(frame.get_column("sku").n_unique())),
            Card("Locations", format_count(frame.get_column("location_id").n_unique())),
            Card("Low stock", format_count(low.height), inverse=True),
            Card("Out of stock", format_count(sum(level.is_out_of_stock for level in levels))),
        ]
    )

    tabs = ["Stock", "Low stock"]
    actions = [
        (Action.STOCK_RECEIVE, "Receive", _receive_form),
        (Action.STOCK_ADJUST, "Adjust", _adjust_form),
        (Action.STOCK_UPLOAD, "Upload CSV", _upload_form),
    ]
    allowed = [(title, form) for action, title, form in actions if ctx.can(action)]
    containers = st.tabs(tabs + [title for title, _ in allowed])

    with containers[0]:
        if frame.is_empty():
            empty_state("No stock is recorded yet; receive goods or upload a stock count.")
        else:
            data_table(
                frame,
                key="inventory_stock",
                search_columns=("sku", "location_id"),
                file_name="stock.csv",
            )
    with containers[1]:
        st.caption(
            "Low stock: available units at or below the SKU's low-stock threshold "
            "(set it in Settings, Thresholds)."
        )
        data_table(
            low,
            key="inventory_low",
            file_name="low-stock.csv",
            empty_message="No SKU is at or below its low-stock threshold.",
        )
    skus = sorted(frame.get_column("sku").unique().to_list())
    for container, (_title, form) in zip(containers[2:], allowed, strict=True):
        with container:
            form(ctx, skus)


def stock_frame(levels: list[StockLevel]) -> pl.DataFrame:
    """Return the stock levels as a table with a `low_stock` flag."""
    rows = [
        {
            "sku": level.sku,
            "location_id": level.location_id,
            "on_hand": level.on_hand,
            "reserved": level.reserved,
            "damaged": level.damaged,
            "available": level.available,
            "safety_buffer": level.safety_buffer,
            "low_stock_threshold": level.low_stock_threshold,
            "low_stock": level.is_low_stock,
        }
        for level in levels
    ]
    schema = {
        "sku": pl.String,
        "location_id": pl.String,
        "on_hand": pl.Int64,
        "reserved": pl.Int64,
        "damaged": pl.Int64,
        "available": pl.Int64,
        "safety_buffer": pl.Int64,
        "low_stock_threshold": pl.Int64,
        "low_stock": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema)


def _receive_form(ctx: PageContext, skus: list[str]) -> None:
    with st.form("inventory_receive"):
        sku = st.text_input("SKU", key="receive_sku")
        location = st.text_input("Location id", key="receive_location")
        quantity = st.number_input("Units received", min_value=1, step=1, key="receive_quantity")
        reference = st.text_input(
            "Reference", key="receive_reference", help="Goods receipt or purchase order number."
        )
        if st.form_submit_button("Receive stock", type="primary"):
            _apply(lambda: receive_stock(ctx.actor, sku, location, int(quantity), reference))


def _adjust_form(ctx: PageContext, skus: list[str]) -> None:
    with st.form("inventory_adjust"):
        sku = st.selectbox("SKU", skus, key="adjust_sku") if skus else ""
        location = st.text_input("Location id", key="adjust_location")
        delta = st.number_input(
            "Change in units on hand",
            step=1,
            value=0,
            key="adjust_delta",
            help="Negative for lost or damaged units, positive for units found.",
        )
        reason = st.text_input("Reason", key="adjust_reason")
        if st.form_submit_button("Adjust stock", type="primary"):
            _apply(lambda: adjust_stock(ctx.actor, sku or "", location, int(delta), reason))


def _upload_form(ctx: PageContext, skus: list[str]) -> None:
    upload = st.file_uploader(
        "Stock count CSV", type=["csv"], key="inventory_upload", help=STOCK_CSV_HELP
    )
    if upload is not None and st.button("Load stock counts", type="primary", key="inventory_load"):
        try:
            text = upload.getvalue().decode("utf-8-sig")
        except UnicodeDecodeError:
            st.error(f"{upload.name} is not UTF-8 text; save it as CSV UTF-8 and upload again.")
            return
        try:
            result = import_stock_csv(ctx.actor, text)
        except SellerOpsError as error:
            st.error(plain(error))
            return
        st.success(f"Loaded {result.loaded} stock counts from {upload.name}.")
        for line, problem in result.rejected:
            st.warning(f"Line {line}: {problem}")


def _apply(change: Callable[[], StockChange]) -> None:
    try:
        result = change()
    except SellerOpsError as error:
        st.error(plain(error))
        return
    st.success(
        f"{result.sku} at {result.location_id}: {result.on_hand_delta:+d} units, "
        f"{result.on_hand} on hand."
    )
