"""Orders: filters, the lifecycle of the matching items, and one order's full detail."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from sellerops.security.permissions import Action
from sellerops.services.warehouse_reads import PublishedWarehouse
from streamlit_app.components.formatting import format_count
from streamlit_app.components.order_detail import render_order_detail
from streamlit_app.components.states import data_freshness, page_header, warehouse_ready
from streamlit_app.components.tables import data_table, money_column
from streamlit_app.context import PageContext
from streamlit_app.figures.charts import funnel_chart
from streamlit_app.queries import orders as queries
from streamlit_app.queries.source import warehouse_for

DEFAULT_WINDOW_DAYS = 30
LIFECYCLE = (
    ("ordered", "Ordered"),
    ("packed", "Packed"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
)


def render(ctx: PageContext) -> None:
    """Draw the Orders page."""
    page_header("Orders", "Every order item, filtered, with its lifecycle and detail", ctx)
    warehouse = warehouse_for(ctx, Action.ORDER_VIEW)
    if not warehouse_ready(warehouse):
        return
    bounds = queries.date_bounds(warehouse, ctx.account_id)
    if bounds is None:
        st.info("No orders yet for this selection; they appear after the next sync.")
        return

    filters = _filters(warehouse, ctx, bounds)
    if filters is None:
        return
    with_profit = ctx.can(Action.PROFIT_VIEW)
    items = queries.order_items(warehouse, filters, with_profit=with_profit)
    counts = queries.lifecycle_counts(warehouse, filters)

    summary, funnel = st.columns([1, 2])
    with summary:
        st.metric("Matching order items", format_count(counts["ordered"]), border=True)
        st.metric("Cancelled", format_count(counts["cancelled"]), border=True)
        st.metric(
            "Returned",
            format_count(counts["rto"] + counts["customer_returns"]),
            delta=f"{format_count(counts['rto'])} RTO",
            delta_color="off",
            border=True,
        )
    with funnel:
        st.plotly_chart(
            funnel_chart(
                [label for _, label in LIFECYCLE],
                [counts[key] for key, _ in LIFECYCLE],
                title="Lifecycle of the matching items",
            ),
            key="orders_funnel",
        )

    if counts["ordered"] > queries.MAX_TABLE_ROWS:
        st.caption(
            f"Showing the newest {format_count(queries.MAX_TABLE_ROWS)} of "
            f"{format_count(counts['ordered'])} items; narrow the filters to see the rest."
        )
    shown = data_table(
        items,
        key="orders",
        search_columns=("order_id", "sku", "title"),
        column_config={
            "order_id": "Order",
            "order_item_id": "Order item",
            "ordered_at": st.column_config.DatetimeColumn(
                "Ordered (IST)", format="DD MMM YYYY, HH:mm", timezone="Asia/Kolkata"
            ),
            "sku": "SKU",
            "title": "Product",
            "quantity": "Qty",
            "order_item_value": money_column("Value"),
            "payment_type": "Payment",
            "delivery_state": "State",
            "current_stage": "Stage",
            "outcome": "Outcome",
            "net_profit": money_column("Net profit"),
        },
        file_name="orders.csv",
        empty_message="No order items match these filters; widen the date range or clear a filter.",
    )

    st.subheader("Order detail")
    order_ids = list(dict.fromkeys(shown.get_column("order_id").to_list())) if len(shown) else []
    order_id = st.selectbox(
        "Order",
        order_ids,
        index=None,
        key="orders_detail_id",
        placeholder="Pick an order from the table",
        accept_new_options=True,
        help="Pick an order shown above, or type any order id.",
    )
    if order_id:
        render_order_detail(ctx, warehouse, order_id.strip())
    data_freshness(warehouse)


def _filters(
    warehouse: PublishedWarehouse, ctx: PageContext, bounds: tuple[date, date]
) -> queries.OrderFilters | None:
    first, last = bounds
    options = queries.filter_options(warehouse, ctx.account_id)
    default_start = max(first, last - timedelta(days=DEFAULT_WINDOW_DAYS - 1))

    with st.container(border=True):
        dates, stages, payment = st.columns([2, 2, 1])
        chosen = dates.date_input(
            "Order date",
            value=(default_start, last),
            min_value=first,
            max_value=last,
            key="orders_dates",
            format="DD/MM/YYYY",
        )
        stage_choice = stages.multiselect("Stage", queries.STAGES, key="orders_stages")
        payment_choice = payment.multiselect("Payment", queries.PAYMENT_TYPES, key="orders_payment")
        skus, states = st.columns(2)
        sku_choice = skus.multiselect("SKU", options["sku"], key="orders_skus")
        state_choice = states.multiselect(
            "Delivery state", options["delivery_state"], key="orders_states"
        )

    if not isinstance(chosen, tuple) or len(chosen) != 2:
        st.info("Pick the last day of the date range too.")
        return None
    return queries.OrderFilters(
        start=chosen[0],
        end=chosen[1],
        stages=tuple(stage_choice),
        skus=tuple(sku_choice),
        states=tuple(state_choice),
        payment_types=tuple(payment_choice),
        account_id=ctx.account_id,
    )
