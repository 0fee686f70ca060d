"""Profit: profit by day, week or month, product-wise profit, best-sellers and loss-makers."""

from __future__ import annotations

import streamlit as st

from sellerops.security.permissions import Action
from streamlit_app.components.formatting import format_inr, format_rate
from streamlit_app.components.metrics import Card, metric_row
from streamlit_app.components.states import (
    data_freshness,
    empty_state,
    page_header,
    warehouse_ready,
)
from streamlit_app.components.tables import data_table, money_column
from streamlit_app.context import PageContext
from streamlit_app.figures.charts import bar_chart, stacked_bars
from streamlit_app.queries import profit as queries
from streamlit_app.queries.source import warehouse_for

PRODUCT_COLUMNS = {
    "sku": "SKU",
    "units_sold": "Units",
    "revenue": money_column("Revenue"),
    "commission": money_column("Commission"),
    "fixed_fee": money_column("Fixed fee"),
    "collection_fee": money_column("Collection fee"),
    "forward_shipping": money_column("Forward shipping"),
    "reverse_shipping": money_column("Reverse shipping"),
    "gst_on_fees": money_column("GST on fees"),
    "cost_of_goods": money_column("Cost of goods"),
    "net_profit": money_column("Net profit"),
    "margin": st.column_config.NumberColumn("Margin", format="percent"),
    "has_cost": st.column_config.CheckboxColumn(
        "Cost known", help="False when a sale's SKU has no cost price in the SKU master."
    ),
}


def render(ctx: PageContext) -> None:
    """Draw the Profit page."""
    page_header("Profit", "Net profit after fees, shipping and cost of goods", ctx)
    warehouse = warehouse_for(ctx, Action.PROFIT_VIEW)
    if not warehouse_ready(warehouse):
        return
    bounds = queries.profit_bounds(warehouse, ctx.account_id)
    if bounds is None:
        empty_state("No sales yet for this selection.")
        return

    dates, period_column = st.columns([2, 1])
    chosen = dates.date_input(
        "Order date",
        value=bounds,
        min_value=bounds[0],
        max_value=bounds[1],
        key="profit_dates",
        format="DD/MM/YYYY",
    )
    period = (
        period_column.segmented_control(
            "Period", list(queries.PERIOD_MARTS), default="Daily", key="profit_period"
        )
        or "Daily"
    )
    if not isinstance(chosen, tuple) or len(chosen) != 2:
        st.info("Pick the last day of the date range too.")
        return
    start, end = chosen

    products = queries.profit_by_product(warehouse, ctx.account_id, start, end)
    revenue = sum(products.get_column("revenue").to_list(), start=0)
    profit = sum(products.get_column("net_profit").to_list(), start=0)
    metric_row(
        [
            Card("Revenue", format_inr(revenue, paise=False)),
            Card("Net profit", format_inr(profit, paise=False)),
            Card("Margin", format_rate(profit / revenue) if revenue else "—"),
            Card("Loss-making SKUs", str(len(queries.loss_makers(products))), inverse=True),
        ]
    )

    periods = queries.profit_by_period(warehouse, ctx.account_id, period, start, end)
    if not periods.is_empty():
        st.plotly_chart(
            stacked_bars(
                periods,
                "period_start",
                [
                    ("cost_of_goods", "Cost of goods", "neutral"),
                    ("fees", "Fees and GST on fees", "warning"),
                    ("net_profit", "Net profit", "profit"),
                ],
                title=f"{period} revenue split into cost, fees and profit",
                y_title="Rupees",
                money=True,
            ),
            key="profit_period_chart",
        )

    best, worst = st.columns(2)
    with best:
        top = queries.best_sellers(products)
        st.subheader("Best-sellers")
        if top.is_empty():
            empty_state("No units sold in this range.")
        else:
            st.plotly_chart(
                bar_chart(
                    top,
                    "sku",
                    "net_profit",
                    title="Profit of the top sellers by units",
                    y_title="Rupees",
                    money=True,
                    horizontal=True,
                    signed=True,
                ),
                key="profit_best_chart",
            )
    with worst:
        losers = queries.loss_makers(products)
        st.subheader("Loss-makers")
        if losers.is_empty():
            st.success("No SKU lost money in this range.", icon=":material/check_circle:")
        else:
            st.plotly_chart(
                bar_chart(
                    losers.head(queries.TOP_PRODUCTS),
                    "sku",
                    "net_profit",
                    title="Largest losses",
                    y_title="Rupees",
                    money=True,
                    horizontal=True,
                    signed=True,
                ),
                key="profit_loss_chart",
            )

    st.subheader("Profit by product")
    data_table(
        products,
        key="profit_products",
        search_columns=("sku",),
        column_config=PRODUCT_COLUMNS,
        file_name="profit-by-product.csv",
    )
    data_freshness(warehouse)
