"""Overview: today's orders, dispatch urgency, money of the last 30 days, RTO, stock, trends.

The stock tile reads the live stock ledger through `sellerops.services.stock`, like the
Inventory page, so a receipt or count shows at the next rerun. The other figures come from the
published warehouse, which changes after each pipeline run.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import streamlit as st

from sellerops.security.permissions import Action
from sellerops.services.dispatch_queue import AT_RISK_HOURS
from sellerops.services.stock import stock_levels
from streamlit_app.components.formatting import (
    format_count,
    format_day,
    format_inr,
    format_ist,
    format_rate,
)
from streamlit_app.components.metrics import Card, metric_row
from streamlit_app.components.states import data_freshness, page_header, warehouse_ready
from streamlit_app.context import PageContext
from streamlit_app.figures.charts import line_chart
from streamlit_app.queries import overview as queries
from streamlit_app.queries.source import warehouse_for


def render(ctx: PageContext) -> None:
    """Draw the Overview page."""
    page_header("Overview", "How the business is doing today and over the last 30 days", ctx)
    warehouse = warehouse_for(ctx, Action.DASHBOARD_VIEW)
    if not warehouse_ready(warehouse):
        return

    as_of = queries.data_clock(warehouse, ctx.account_id)
    day = queries.data_day(as_of)
    # Two windows: the last 30 days and the 30 before, which the money cards compare against.
    sales = queries.daily_sales(warehouse, ctx.account_id, day, days=2 * queries.TREND_DAYS)
    today = queries.today_summary(warehouse, ctx.account_id, as_of, sales)
    levels = stock_levels(ctx.actor)
    out_of_stock = sum(level.is_out_of_stock for level in levels)
    low = sum(level.is_low_stock and not level.is_out_of_stock for level in levels)
    st.caption(f"Today is {format_day(today.day)} in the data, which reaches {format_ist(as_of)}.")
    metric_row(
        [
            Card("Today's orders", format_count(today.orders)),
            Card(
                "Pending dispatch",
                format_count(today.pending_dispatch),
                help="Open shipments not yet marked ready to dispatch.",
            ),
            Card(
                "SLA at risk",
                format_count(today.at_risk),
                delta=f"{format_count(today.overdue)} overdue" if today.overdue else None,
                inverse=True,
                help=f"Open shipments due for dispatch within {AT_RISK_HOURS} hours "
                "or already past their dispatch-by time.",
            ),
            Card(
                "Low stock",
                format_count(low),
                delta=f"{format_count(out_of_stock)} out of stock" if out_of_stock else None,
                inverse=True,
                help="SKU and location pairs at or below their low-stock threshold with units "
                "left, read from the live stock ledger. The delta counts the pairs out of stock. "
                "Stock is shared by every seller account.",
            ),
        ]
    )

    orders = queries.in_window(sales, day)
    if ctx.can(Action.PROFIT_VIEW):
        _render_money(ctx, today, sales)
    if not orders.is_empty():
        st.plotly_chart(
            line_chart(
                orders,
                "day",
                [("orders", "Orders", "primary"), ("rto_items", "RTO items", "loss")],
                title=f"Orders per day, last {queries.TREND_DAYS} days",
                y_title="Count",
            ),
            key="overview_orders_chart",
        )
    data_freshness(warehouse)


def _render_money(ctx: PageContext, today: queries.Today, sales: pl.DataFrame) -> None:
    day = today.day
    warehouse = warehouse_for(ctx, Action.PROFIT_VIEW)
    profit = queries.daily_profit(warehouse, ctx.account_id, day, days=2 * queries.TREND_DAYS)
    money = queries.money_summary(sales, profit, day)
    window = f"last {queries.TREND_DAYS} days"
    metric_row(
        [
            Card(
                "Today's order value",
                format_inr(today.order_value, paise=False),
                help="Value of the items ordered on the data's current day, before returns.",
            ),
            Card(
                f"Net sales, {window}",
                format_inr(money.net_sales, paise=False),
                delta=_change(money.net_sales, money.previous_net_sales),
                help="Order value minus cancellations and returns, by order day.",
            ),
            Card(
                f"Net profit, {window}",
                format_inr(money.net_profit, paise=False),
                delta=_change(money.net_profit, money.previous_net_profit),
                help="After Flipkart fees, GST on fees, shipping and cost of goods.",
            ),
            Card(
                f"RTO rate, {window}",
                format_rate(money.rto_rate),
                delta=_rate_change(money.rto_rate, money.previous_rto_rate),
                inverse=True,
                help="Items returned to origin per item not cancelled before dispatch.",
            ),
        ]
    )
    trend = queries.daily_money(sales, profit, day)
    if not trend.is_empty():
        st.plotly_chart(
            line_chart(
                trend,
                "day",
                [("net_sales", "Net sales", "primary"), ("net_profit", "Net profit", "profit")],
                title=f"Net sales and profit per day, {window}",
                y_title="Rupees",
                money=True,
            ),
            key="overview_money_chart",
        )


def _change(current: Decimal, previous: Decimal) -> str | None:
    """Return the change against the window before as a percentage, or None without one."""
    if previous == 0:
        return None
    return f"{format_rate((current - previous) / abs(previous))} vs previous"


def _rate_change(current: Decimal | None, previous: Decimal | None) -> str | None:
    if current is None or previous is None:
        return None
    points = (current - previous) * 100
    return f"{points:+.1f} points vs previous"
